import { afterEach, describe, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { addAgendaItem, renameItem } from '$lib/model/agenda';
import { createMeeting } from '$lib/model/minutes';
import { MeetingState, readPeers } from './meeting.svelte';

const states: MeetingState[] = [];

function open(
	doc = newMeeting(),
	options: Partial<ConstructorParameters<typeof MeetingState>[0]> = {}
) {
	const state = new MeetingState({ doc, announceDelay: 10, ...options });
	states.push(state);
	return state;
}

function newMeeting() {
	const doc = new Y.Doc();
	createMeeting(doc, { title: 'March meeting' });
	return doc;
}

/** Two replicas that exchange every update at once, as the relay would. */
function pair() {
	const a = newMeeting();
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'b' && Y.applyUpdate(b, u, 'a'));
	b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'a' && Y.applyUpdate(a, u, 'b'));
	return [a, b] as const;
}

afterEach(() => {
	for (const state of states.splice(0)) state.destroy();
	vi.useRealTimers();
});

describe('snapshots', () => {
	test('reads the meeting and follows changes made elsewhere', () => {
		const doc = newMeeting();
		const state = open(doc);
		expect(state.header.title).toBe('March meeting');
		const id = addAgendaItem(doc, { title: 'Repairs campaign' });
		expect(state.rows.map((r) => [r.number, r.title])).toEqual([['1', 'Repairs campaign']]);
		renameItem(doc, id, 'Repairs');
		expect(state.rows[0].title).toBe('Repairs');
	});

	test('numbers a tree 1, a, i and hides what a collapsed item holds', () => {
		const state = open();
		const one = state.addItem(null, 'Newsletter');
		const a = state.addItem(one, 'Content');
		state.indent(a);
		const i = state.addItem(a, 'Repairs update');
		state.indent(i);
		state.addItem(one, 'Rotating roles');
		expect(state.rows.map((r) => r.number)).toEqual(['1', '1.a', '1.a.i', '2']);
		state.toggleCollapsed(one);
		expect(state.visibleRows.map((r) => r.number)).toEqual(['1', '2']);
		state.toggleCollapsed(one);
		expect(state.visibleRows).toHaveLength(4);
	});

	test('moves items by buttons and by dropping them next to another', () => {
		const state = open();
		const [a, b, c] = ['A', 'B', 'C'].map((t) => state.addItem(null, t));
		expect(state.moveBy(c, -1)).toBe(true);
		expect(state.rows.map((r) => r.title)).toEqual(['A', 'C', 'B']);
		expect(state.moveBy(a, -1)).toBe(false);
		state.moveNextTo(a, b, 'after');
		expect(state.rows.map((r) => r.title)).toEqual(['C', 'B', 'A']);
		state.moveNextTo(a, c, 'before');
		expect(state.rows.map((r) => r.title)).toEqual(['A', 'C', 'B']);
		state.indent(c);
		expect(state.row(c)?.parentId).toBe(a);
		state.outdent(c);
		expect(state.row(c)?.parentId).toBeNull();
	});

	test('keeps the objects of items a change did not touch', () => {
		const state = open();
		const a = state.addItem(null, 'Repairs');
		const b = state.addItem(null, 'Events');
		state.indent(b);
		const before = state.tree;
		const c = state.addItem(null, 'Roles');
		expect(state.tree[0]).toBe(before[0]);
		state.renameItem(c, 'Rotating roles');
		expect(state.tree[0]).toBe(before[0]);
		state.renameItem(b, 'Upcoming events');
		expect(state.tree[0]).not.toBe(before[0]);
		expect(state.tree[0].children[0].title).toBe('Upcoming events');
		expect(state.tree[0].id).toBe(a);
	});
});

describe('blocks', () => {
	test('go to the current item, else the last one, and read as a sentence', async () => {
		const state = open();
		const first = state.addItem(null, 'Repairs');
		state.addItem(null, 'Events');
		state.currentItemId = null;
		const later = state.addBlock('action');
		expect(state.blocks.find((b) => b.id === later)?.itemId).toBe(state.rows[1].id);
		state.setCurrentItem(first);
		const decision = state.addBlock('decision');
		state.updateBlock(decision, { text: 'send a second letter' });
		for (const name of ['Sam', 'Lena', 'Ahmed']) state.addPerson(name);
		const block = state.blocksByItem.get(first)![0];
		await state.loadSentences();
		expect(state.sentence(block)).toBe(
			'The 3 members present unanimously agreed to send a second letter.'
		);
		state.togglePresent(state.attendance.people[0].id);
		expect(state.presentCount).toBe(2);
	});
});

describe('undo', () => {
	test('undoes this person’s changes only', () => {
		const [a, b] = pair();
		const mine = open(a);
		const theirs = open(b);
		const id = mine.addItem(null, 'Mine');
		mine.stopCapturing();
		theirs.addItem(null, 'Theirs');
		mine.renameItem(id, 'Mine, renamed');
		expect(mine.canUndo).toBe(true);
		mine.undo();
		expect(mine.rows.map((r) => r.title)).toEqual(['Mine', 'Theirs']);
		mine.undo();
		expect(mine.rows.map((r) => r.title)).toEqual(['Theirs']);
		expect(theirs.rows.map((r) => r.title)).toEqual(['Theirs']);
		mine.redo();
		expect(theirs.rows.map((r) => r.title)).toEqual(['Mine', 'Theirs']);
	});

	test('brings a deleted item back with its notes', () => {
		const state = open();
		const id = state.addItem(null, 'Repairs');
		state.notesOf(id)!.insert(0, [new Y.XmlElement('paragraph')]);
		state.deleteItem(id);
		expect(state.rows).toEqual([]);
		state.undo();
		expect(state.rows[0].title).toBe('Repairs');
		expect(state.notesOf(state.rows[0].id)?.length).toBe(1);
	});
});

describe('remote changes', () => {
	test('are announced once, gathered, never for one’s own edits', async () => {
		vi.useFakeTimers();
		const [a, b] = pair();
		const mine = open(a);
		const theirs = open(b);
		mine.addItem(null, 'Mine');
		vi.advanceTimersByTime(50);
		expect(mine.announcement).toBe('');
		const x = theirs.addItem(null);
		theirs.renameItem(x, 'Newsletter');
		vi.advanceTimersByTime(50);
		expect(mine.announcement).toBe('Someone added agenda item 2, Newsletter.');
		theirs.renameItem(x, 'Newsletter, April');
		theirs.setHeader({ venue: 'Community room' });
		vi.advanceTimersByTime(50);
		expect(mine.announcement).toBe('Someone added agenda item 2, Newsletter.');
		theirs.addItem(null, 'Events');
		theirs.addItem(null, 'Roles');
		vi.advanceTimersByTime(50);
		expect(mine.announcement).toBe('Someone added 2 agenda items.');
		theirs.deleteItem(x);
		vi.advanceTimersByTime(50);
		expect(mine.announcement).toBe('Someone deleted agenda item 2, Newsletter, April.');
	});

	test('presence lists the others with the item they are on, read defensively', () => {
		const [a, b] = pair();
		const awarenessA = new Awareness(a);
		const awarenessB = new Awareness(b);
		const mine = open(a, { awareness: awarenessA, user: { name: 'Lena', color: '#1f77b4' } });
		const theirs = open(b, { awareness: awarenessB, user: { name: 'Sam', color: '#ff7f0e' } });
		const id = mine.addItem(null, 'Repairs');
		theirs.setCurrentItem(id);
		// Awareness travels apart from the document: copy B's state to A by hand.
		awarenessA.states.set(awarenessB.clientID, awarenessB.getLocalState()!);
		awarenessA.emit('change', [{ added: [], updated: [awarenessB.clientID], removed: [] }, 'b']);
		expect(mine.peers).toEqual([
			{ clientId: awarenessB.clientID, name: 'Sam', color: '#ff7f0e', itemId: id }
		]);
		expect(mine.peersByItem.get(id)?.map((p) => p.name)).toEqual(['Sam']);
		// Whatever another device sends, only a named person with a usable colour is listed.
		awarenessA.states.set(98, { user: { name: 'Joy', color: 'red' }, item: {} });
		awarenessA.states.set(99, { user: { name: 42 } });
		expect(readPeers(awarenessA).filter((p) => p.clientId === 98 || p.clientId === 99)).toEqual([
			{ clientId: 98, name: 'Joy', color: '#555555', itemId: null }
		]);
		awarenessA.destroy();
		awarenessB.destroy();
	});
});
