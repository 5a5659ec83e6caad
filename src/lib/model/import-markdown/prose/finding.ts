/**
 * What a prose recogniser returns; apart from index.ts so the recognisers it lists can name
 * these types without a cycle.
 */
import type { ReadContext } from '../context';
import type { DraftBlock } from '../draft';

/** A line read as a block. `keepWords`: the block cannot hold all of the line's words, so the
 * line stays in the notes as well, word for word. */
export interface BlockFinding {
	block: DraftBlock;
	keepWords: boolean;
}

export type LineRecogniser = (line: string, context: ReadContext) => BlockFinding | null;
