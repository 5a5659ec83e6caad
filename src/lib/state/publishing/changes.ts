/**
 * "What changed" between two versions of the minutes (two revisions, or the latest revision and
 * the live minutes), from their Markdown exports: a line diff, and within a changed line the
 * words that changed, with long unchanged stretches folded to a count. The screen shows each
 * line with a "+" or "−" marker and changed words struck through or underlined, so the change
 * reads without colour.
 */
import { diffLines, diffWords } from 'diff';

export type Change = 'same' | 'added' | 'removed';

export interface Piece {
	text: string;
	change: Change;
}

export type ChangeLine =
	| { kind: Change; pieces: Piece[] }
	/** `count` unchanged lines left out */
	| { kind: 'gap'; count: number };

export interface Changes {
	lines: ChangeLine[];
	added: number;
	removed: number;
}

interface Op {
	kind: Change;
	text: string;
}

function splitLines(value: string): string[] {
	const lines = value.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/** Word-level pieces of one line as it was (`side: removed`) or as it is (`side: added`). */
function wordPieces(before: string, after: string): { removed: Piece[]; added: Piece[] } {
	const removed: Piece[] = [];
	const added: Piece[] = [];
	for (const part of diffWords(before, after)) {
		if (!part.added) removed.push({ text: part.value, change: part.removed ? 'removed' : 'same' });
		if (!part.removed) added.push({ text: part.value, change: part.added ? 'added' : 'same' });
	}
	return { removed, added };
}

/** Pair a run of removed lines with the added run after it, line by line, for word marks. */
function pairRuns(removed: string[], added: string[]): ChangeLine[] {
	const out: ChangeLine[] = [];
	const paired = Math.min(removed.length, added.length);
	const addedLines: ChangeLine[] = [];
	for (let i = 0; i < removed.length; i++) {
		if (i < paired) {
			const words = wordPieces(removed[i], added[i]);
			out.push({ kind: 'removed', pieces: words.removed });
			addedLines.push({ kind: 'added', pieces: words.added });
		} else out.push({ kind: 'removed', pieces: [{ text: removed[i], change: 'removed' }] });
	}
	for (let i = paired; i < added.length; i++) {
		addedLines.push({ kind: 'added', pieces: [{ text: added[i], change: 'added' }] });
	}
	return [...out, ...addedLines];
}

/** Unchanged lines further than `context` from a change become one gap. */
function fold(lines: ChangeLine[], context: number): ChangeLine[] {
	const isChange = lines.map((l) => l.kind === 'added' || l.kind === 'removed');
	const near = lines.map((_, i) => {
		for (let d = -context; d <= context; d++) if (isChange[i + d]) return true;
		return false;
	});
	const out: ChangeLine[] = [];
	let gap = 0;
	lines.forEach((line, i) => {
		if (near[i]) {
			if (gap) out.push({ kind: 'gap', count: gap });
			gap = 0;
			out.push(line);
		} else gap++;
	});
	if (gap) out.push({ kind: 'gap', count: gap });
	return out;
}

export function describeChanges(before: string, after: string, context = 2): Changes {
	const ops: Op[] = [];
	for (const part of diffLines(before, after)) {
		const kind: Change = part.added ? 'added' : part.removed ? 'removed' : 'same';
		for (const text of splitLines(part.value)) ops.push({ kind, text });
	}
	const lines: ChangeLine[] = [];
	let added = 0;
	let removed = 0;
	for (let i = 0; i < ops.length;) {
		if (ops[i].kind === 'same') {
			lines.push({ kind: 'same', pieces: [{ text: ops[i].text, change: 'same' }] });
			i++;
			continue;
		}
		const gone: string[] = [];
		const come: string[] = [];
		while (i < ops.length && ops[i].kind === 'removed') gone.push(ops[i++].text);
		while (i < ops.length && ops[i].kind === 'added') come.push(ops[i++].text);
		// diff reports an addition before a removal at times; take a removal that follows too.
		while (i < ops.length && ops[i].kind === 'removed') gone.push(ops[i++].text);
		removed += gone.length;
		added += come.length;
		lines.push(...pairRuns(gone, come));
	}
	return { lines: fold(lines, context), added, removed };
}

/** "2 lines added, 1 removed", "No changes". */
export function changesSummary(changes: Pick<Changes, 'added' | 'removed'>): string {
	const { added, removed } = changes;
	if (!added && !removed) return 'No changes.';
	const parts: string[] = [];
	if (added) parts.push(`${added} ${added === 1 ? 'line' : 'lines'} added`);
	if (removed) parts.push(`${removed} ${removed === 1 ? 'line' : 'lines'} removed`);
	return `${parts.join(', ')}.`;
}
