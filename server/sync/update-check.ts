/**
 * Whether an update would change a document. A client answers a sync step 1 with a sync step 2
 * that repeats its whole delete set, so a read-only client's harmless answer is not empty; only
 * new items or new deletions count as an attempt to write.
 *
 * The check costs what the update costs, never what the document costs: each struct is compared
 * with its client's state (`Y.getState`, one lookup) and each delete range with the document's
 * `DeletionIndex` (a binary search), so a few bytes naming a long history stay a few bytes' work.
 */
import * as Y from 'yjs';
import type { DeletionIndex } from './deletion-index.ts';

export function wouldChange(doc: Y.Doc, deletions: DeletionIndex, update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
	}
	for (const [client, ranges] of ds.clients) {
		for (const { clock, len } of ranges) {
			if (!deletions.covers(client, clock, clock + len)) return true;
		}
	}
	return false;
}
