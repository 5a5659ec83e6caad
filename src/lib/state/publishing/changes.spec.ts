import { expect, test } from 'vitest';
import { changesSummary, describeChanges, type ChangeLine } from './changes';

const text = (line: ChangeLine) =>
	line.kind === 'gap' ? `… ${line.count}` : line.pieces.map((p) => p.text).join('');
const marked = (line: ChangeLine, change: 'added' | 'removed') =>
	line.kind === 'gap'
		? []
		: line.pieces.filter((p) => p.change === change).map((p) => p.text.trim());

test('a corrected word shows the old line and the new one, with the word marked on each', () => {
	const before = '# Minutes\n\nPresent: Ann, Bob\n';
	const after = '# Minutes\n\nPresent: Ann, Rob\n';
	const changes = describeChanges(before, after);
	expect(changes.lines.map((l) => l.kind)).toEqual(['same', 'same', 'removed', 'added']);
	expect(text(changes.lines[2])).toBe('Present: Ann, Bob');
	expect(marked(changes.lines[2], 'removed')).toEqual(['Bob']);
	expect(marked(changes.lines[3], 'added')).toEqual(['Rob']);
	expect(changesSummary(changes)).toBe('1 line added, 1 line removed.');
});

test('lines added or removed whole are marked whole', () => {
	const changes = describeChanges('a\nb\n', 'a\nb\nc\nd\n');
	expect(changes.lines.filter((l) => l.kind === 'added').map(text)).toEqual(['c', 'd']);
	expect(changes.removed).toBe(0);
	expect(changesSummary(changes)).toBe('2 lines added.');
	const gone = describeChanges('a\nb\nc\n', 'a\n');
	expect(gone.lines.filter((l) => l.kind === 'removed').map(text)).toEqual(['b', 'c']);
	expect(changesSummary(gone)).toBe('2 lines removed.');
});

test('long unchanged stretches fold to a count, keeping context around a change', () => {
	const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
	const after = [...lines];
	after[10] = 'line ten';
	const changes = describeChanges(lines.join('\n') + '\n', after.join('\n') + '\n', 2);
	expect(changes.lines.map(text)).toEqual([
		'… 8',
		'line 8',
		'line 9',
		'line 10',
		'line ten',
		'line 11',
		'line 12',
		'… 7'
	]);
});

test('the same text has no change', () => {
	const changes = describeChanges('a\nb\n', 'a\nb\n');
	expect(changes.added + changes.removed).toBe(0);
	expect(changes.lines).toEqual([{ kind: 'gap', count: 2 }]);
	expect(changesSummary(changes)).toBe('No changes.');
});

test('markup in the text stays text', () => {
	const changes = describeChanges('x\n', '<script>alert(1)</script>\n');
	expect(marked(changes.lines[1], 'added').join('')).toContain('<script>');
});
