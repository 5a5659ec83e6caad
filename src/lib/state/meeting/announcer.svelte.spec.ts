import { afterEach, describe, expect, test, vi } from 'vitest';
import { RemoteChangeAnnouncer, type KeyChanges } from './announcer.svelte';
import type { AgendaRow } from './rows';

function row(id: string, number: string, title: string, parentId: string | null = null) {
	return { id, number, title, parentId } as AgendaRow;
}

afterEach(() => vi.useRealTimers());

describe('announcing others’ changes', () => {
	test('gathers additions and deletions into one sentence, told once after the delay', () => {
		vi.useFakeTimers();
		const now = new Map([['n', row('n', '3', 'Budget ')]]);
		const announcer = new RemoteChangeAnnouncer((id) => now.get(id), 100);
		const before = [row('x', '1', 'Repairs'), row('y', '1.a', 'Letters', 'x')];
		announcer.note(new Map([['n', { action: 'add' }]]) as KeyChanges, []);
		vi.advanceTimersByTime(50);
		const deleted: KeyChanges = new Map([
			['x', { action: 'delete' }],
			['y', { action: 'delete' }]
		]);
		announcer.note(deleted, before);
		vi.advanceTimersByTime(99);
		expect(announcer.announcement).toBe('');
		vi.advanceTimersByTime(1);
		expect(announcer.announcement).toBe(
			'Someone added agenda item 3, Budget. Someone deleted agenda item 1, Repairs.'
		);
	});

	test('says nothing for changes of fields, and nothing after destroy', () => {
		vi.useFakeTimers();
		const announcer = new RemoteChangeAnnouncer(() => undefined, 10);
		announcer.note(new Map([['x', { action: 'update' }]]), [row('x', '1', 'Repairs')]);
		announcer.note(new Map([['y', { action: 'delete' }]]), [row('y', '2', '')]);
		announcer.destroy();
		vi.advanceTimersByTime(100);
		expect(announcer.announcement).toBe('');
	});
});

test('says nothing of what came before listen(): opening a meeting is no news', () => {
	vi.useFakeTimers();
	const now = new Map([['a', row('a', '1', 'Repairs')]]);
	const announcer = new RemoteChangeAnnouncer((id) => now.get(id), 100, false);
	announcer.note(new Map([['a', { action: 'add' }]]) as KeyChanges, []);
	vi.advanceTimersByTime(200);
	expect(announcer.announcement).toBe('');
	announcer.listen();
	now.set('b', row('b', '2', 'Events'));
	announcer.note(new Map([['b', { action: 'add' }]]) as KeyChanges, []);
	vi.advanceTimersByTime(100);
	expect(announcer.announcement).toBe('Someone added agenda item 2, Events.');
});
