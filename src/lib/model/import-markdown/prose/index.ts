/**
 * The free reading's recognisers (context.ts): minutes as people write them, one line (a
 * paragraph's line or a list item's text) at a time. Each recogniser is a pure function of the
 * line and the reading's context in a module of its own; the first that recognises a line
 * wins. Plenary's own export is never read through these (dialect.ts).
 */
import type { ReadContext } from '../context';
import type { BlockFinding, LineRecogniser } from './finding';
import { recogniseAction } from './actions';
import { recogniseDecision } from './decisions';
import { eventLine } from './events';

export type { BlockFinding, LineRecogniser } from './finding';

/** In the order they are tried: a decision or action naming a date is not an event. */
const BLOCK_RECOGNISERS: LineRecogniser[] = [recogniseDecision, recogniseAction, eventLine];

/** The block a line of free text describes, if any recogniser reads one. */
export function recogniseBlock(line: string, context: ReadContext): BlockFinding | null {
	// Longer is a pasted document on one line, not a sentence: its sentences are read one by one
	// (recogniseBlocks), and the recognisers' cost stays linear in what they read.
	if (line.length > MAX_SENTENCE) return null;
	for (const recognise of BLOCK_RECOGNISERS) {
		const found = recognise(line, context);
		if (found) return found;
	}
	return null;
}

const MAX_SENTENCE = 1_000;

/** Sentences of a line: ". " before a capital letter ends one. */
function sentencesOf(line: string): string[] {
	return line
		.split(/(?<=[.!?])\s+(?=[A-Z"“‘(])/)
		.map((s) => s.trim())
		.filter(Boolean);
}

/**
 * The blocks a line of free text describes: one sentence gives at most one, so a paragraph
 * written on one line (an email's) can give several. Read whole unless two or more of its
 * sentences give a block; the line's words stay in the notes unless every sentence is a block
 * that holds them all.
 */
export function recogniseBlocks(line: string, context: ReadContext): BlockFinding[] {
	const whole = recogniseBlock(line, context);
	const parts = sentencesOf(line);
	if (parts.length < 2) return whole ? [whole] : [];
	// "Motion carried." alone says nothing of what was decided: no block of its own.
	const found = parts
		.map((part) => recogniseBlock(part, context))
		.map((f) => (f?.block.kind === 'decision' && !f.block.text ? null : f));
	const blocks = found.filter((f): f is BlockFinding => f !== null);
	if (blocks.length < 2) return whole ? [whole] : [];
	const keepWords = found.some((f) => !f || f.keepWords);
	return blocks.map((f) => ({ block: f.block, keepWords }));
}
