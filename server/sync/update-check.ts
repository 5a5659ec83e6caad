/**
 * Whether an update would change a document. A client answers a sync step 1 with a sync step 2
 * that repeats its whole delete set, so a read-only client's harmless answer is not empty; only
 * new items or new deletions count as an attempt to write.
 */
import * as Y from 'yjs';

export function wouldChange(doc: Y.Doc, update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	const stateVector = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		if (struct.id.clock + struct.length > (stateVector.get(struct.id.client) ?? 0)) return true;
	}
	if (ds.clients.size === 0) return false;
	const deleted = Y.createDeleteSetFromStructStore(doc.store);
	for (const [client, ranges] of ds.clients) {
		const known = deleted.clients.get(client) ?? [];
		for (const range of ranges) {
			if (!isCovered(known, range.clock, range.clock + range.len)) return true;
		}
	}
	return false;
}

/** `ranges` are sorted and merged, as in a delete set made from a struct store. */
function isCovered(ranges: { clock: number; len: number }[], start: number, end: number): boolean {
	let position = start;
	for (const range of ranges) {
		if (range.clock > position) break;
		position = Math.max(position, range.clock + range.len);
		if (position >= end) return true;
	}
	return position >= end;
}
