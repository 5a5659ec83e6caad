/**
 * The import's work grows with its input, not with its square. Counted, not timed: how often the
 * whole document is read, and whether text or children are ever added to text or an element that
 * already holds some (each such insert walks what is there).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { importMarkdown } from './index';

afterEach(() => vi.restoreAllMocks());

/** Minutes with `n` of everything: items, sub-items, people, decisions, actions, bullets, marks. */
function minutes(n: number): string {
	const names = Array.from({ length: n }, (_, i) => `Person ${i}`);
	const lines = [
		'# Big meeting',
		'',
		`Present: ${names.join(', ')}`,
		`Facilitator: ${names.slice(0, 3).join(', ')}`,
		''
	];
	for (let i = 0; i < n; i++) {
		lines.push(`## ${i + 1}. Item ${i}`, '', `### Part ${i}`, '');
		lines.push(`Decision: choice ${i}. Agreed by consensus.`, '');
		lines.push(`Action: Person ${i} — task ${i}, due 2026-05-01`, '');
	}
	lines.push('## Notes', '');
	for (let i = 0; i < n; i++) lines.push(`- bullet **${i}** and *more* [link](https://x.org/${i})`);
	lines.push('', Array.from({ length: n }, (_, i) => `*a${i}* b **c**`).join(' '));
	return lines.join('\n');
}

function importCounted(markdown: string) {
	const mapReads = vi.spyOn(Y.Map.prototype, 'forEach');
	const textInserts = vi.spyOn(Y.XmlText.prototype, 'insert');
	const textFormats = vi.spyOn(Y.XmlText.prototype, 'format');
	let childInserts = 0;
	// Elements inherit `insert` from XmlFragment.
	const insert = Y.XmlFragment.prototype.insert;
	vi.spyOn(Y.XmlFragment.prototype, 'insert').mockImplementation(function (
		this: Y.XmlFragment,
		index,
		content
	) {
		if (this.doc && this._start !== null) childInserts++;
		return insert.call(this, index, content);
	});
	const result = importMarkdown(markdown);
	if (!result.ok) throw new Error(result.error);
	const counts = {
		mapReads: mapReads.mock.calls.length,
		textInserts: textInserts.mock.calls.length + textFormats.mock.calls.length,
		childInserts
	};
	vi.restoreAllMocks();
	return { counts, items: result.doc.getMap('items').size };
}

describe('the cost of an import', () => {
	it('reads the document a fixed number of times, however long the minutes are', () => {
		const small = importCounted(minutes(40));
		const large = importCounted(minutes(160));
		expect(large.counts.mapReads).toBe(small.counts.mapReads);
	});

	it('writes notes in one pass: text as whole runs, children with their element', () => {
		const { counts, items } = importCounted(minutes(100));
		expect(items).toBe(201);
		expect(counts.textInserts).toBe(0);
		expect(counts.childInserts).toBe(0);
	});
});
