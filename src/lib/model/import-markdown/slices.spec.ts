import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemNotes } from '../agenda';
import { sampleMinutes } from '../fixtures/sample-minutes';
import { setIdGenerator } from '../ids';
import { isMeetingCreated, meetingSnapshot } from '../minutes';
import { readNotes } from '../notes';
import { sequentialIds } from '../test-helpers';
import { importMarkdown, importMarkdownInSlices } from './index';

afterEach(() => setIdGenerator());

const OPTIONS = { meetingId: 'meeting_000000000000000001', createdAt: '2026-03-12T18:00:00Z' };

function view(doc: Y.Doc) {
	const ids = [...doc.getMap('items').keys()].sort();
	return { ...meetingSnapshot(doc), notes: ids.map((id) => readNotes(itemNotes(doc, id))) };
}

/** Many items under one heading, with long notes, then many top-level items with blocks. */
function large(parts = 600, items = 1500): string {
	const lines = ['# Large', '', 'Present: Ana, Bo', '', '## Everything', ''];
	for (let i = 0; i < parts; i++) {
		lines.push(`### Part ${i}`, '', `Some **notes** on part ${i} with a [link](https://x.org).`);
		for (let b = 0; b < 10; b++) lines.push(`- point ${b} in *part* ${i}`);
		lines.push('');
	}
	for (let i = 0; i < items; i++) lines.push(`## Item ${i}`, '', `Decision: choice ${i}.`, '');
	return lines.join('\n');
}

describe('importing in slices', () => {
	it(
		'makes the same meeting, which exists only once the last slice is in',
		{ timeout: 30_000 },
		() => {
			for (const markdown of [sampleMinutes, large(300, 1200)]) {
				setIdGenerator(sequentialIds());
				const whole = importMarkdown(markdown, OPTIONS);
				setIdGenerator(sequentialIds());
				const sliced = importMarkdownInSlices(markdown, OPTIONS);
				if (!whole.ok || !sliced.ok) throw new Error('import failed');
				if (markdown !== sampleMinutes) expect(sliced.updates.length).toBeGreaterThan(2);
				const doc = new Y.Doc();
				for (const update of sliced.updates) {
					expect(isMeetingCreated(doc)).toBe(false);
					Y.applyUpdate(doc, update);
				}
				expect(view(doc)).toEqual(view(whole.doc));
				expect(sliced.warnings).toEqual(whole.warnings);
			}
		}
	);

	it('keeps each slice small, however large the meeting', { timeout: 30_000 }, () => {
		const sliced = importMarkdownInSlices(large(), OPTIONS);
		if (!sliced.ok) throw new Error(sliced.error);
		const total = sliced.updates.reduce((sum, u) => sum + u.length, 0);
		expect(total).toBeGreaterThan(1_500_000);
		for (const update of sliced.updates) expect(update.length).toBeLessThan(600_000);
	});
});
