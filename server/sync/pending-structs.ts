/**
 * Yjs holds the structs of an update whose dependencies it lacks (an origin, a parent, earlier
 * clocks of the same client) in its pending store, and deletions of structs it does not have in
 * a pending delete set, until what they wait for arrives. A writer can send such updates on
 * purpose; each later update is merged with what is pending, so the relay bounds how much may
 * wait (document-bounds.ts).
 */
import * as Y from 'yjs';

/** Bytes waiting in the document's pending store. */
export function pendingBytes(doc: Y.Doc): number {
	const { pendingStructs, pendingDs } = doc.store;
	return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}

/**
 * Whether applying `update` may leave something pending: a struct, or a reference of one, past
 * what the document and the update itself hold, or a deletion of a clock neither holds. It may
 * say yes where Yjs would find everything after all, never the other way round.
 */
export function mayLeavePending(doc: Y.Doc, update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	// The structs of one client come together, their clocks ascending.
	const reach = new Map<number, number>();
	const known = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
	for (const struct of structs) {
		const { client, clock } = struct.id;
		if (struct instanceof Y.Skip || clock > known(client)) return true;
		reach.set(client, Math.max(known(client), clock + struct.length));
	}
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		for (const id of [struct.origin, struct.rightOrigin, parent]) {
			if (id && id.clock >= known(id.client)) return true;
		}
	}
	for (const [client, ranges] of ds.clients) {
		for (const range of ranges) if (range.clock + range.len > known(client)) return true;
	}
	return false;
}
