/**
 * The free reading's recognisers (context.ts): minutes as people write them, one line (a
 * paragraph's line or a list item's text) at a time. Each recogniser is a pure function of the
 * line and the reading's context in a module of its own; the first that recognises a line
 * wins. Plenary's own export is never read through these (dialect.ts).
 */
import type { ReadContext } from '../context';
import type { DraftBlock } from '../draft';
import { eventLine } from './events';

/** A line read as a block. `keepWords`: the block cannot hold all of the line's words, so the
 * line stays in the notes as well, word for word. */
export interface BlockFinding {
	block: DraftBlock;
	keepWords: boolean;
}

export type LineRecogniser = (line: string, context: ReadContext) => BlockFinding | null;

/** In the order they are tried. */
const BLOCK_RECOGNISERS: LineRecogniser[] = [eventLine];

/** The block a line of free text describes, if any recogniser reads one. */
export function recogniseBlock(line: string, context: ReadContext): BlockFinding | null {
	for (const recognise of BLOCK_RECOGNISERS) {
		const found = recognise(line, context);
		if (found) return found;
	}
	return null;
}
