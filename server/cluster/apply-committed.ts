/**
 * Brings a loaded room up to what another relay committed to the shared store: the updates are
 * applied to its doc and what they changed is forwarded to every connection of the room; nothing
 * is stored again (`COMMITTED_ORIGIN`). Call through the room's queue (`room.enqueue`).
 *
 * When the doc held structs waiting for a dependency (a writer's update that arrived before
 * what it builds on), those rows may complete them: what they then integrate was never stored,
 * so the whole change goes through the room's commit path instead (committed, then forwarded).
 */
import * as Y from 'yjs';
import { encodeUpdate } from '../sync/protocol.ts';
import { COMMITTED_ORIGIN, type Room } from '../sync/room.ts';

/** The origin of committed rows that completed waiting structs: stored again, with them. */
const PENDING_COMPLETED = Symbol('pending completed by committed rows');

export function applyCommitted(room: Room, updates: readonly Uint8Array[]): void {
	if (updates.length === 0 || room.isDestroyed) return;
	const update = updates.length === 1 ? updates[0] : Y.mergeUpdates([...updates]);
	if (room.doc.store.pendingStructs !== null || room.doc.store.pendingDs !== null) {
		room
			.change(null, (doc) => Y.applyUpdate(doc, update, PENDING_COMPLETED))
			.catch(() => {
				// The room has failed and unloads (room.fail); the next load reads the store.
			});
		return;
	}
	const changes: Uint8Array[] = [];
	const collect = (update: Uint8Array, origin: unknown) => {
		if (origin === COMMITTED_ORIGIN) changes.push(update);
	};
	room.doc.on('update', collect);
	try {
		Y.applyUpdate(room.doc, update, COMMITTED_ORIGIN);
	} finally {
		room.doc.off('update', collect);
	}
	// Nothing new (this relay had it all): nothing to send.
	if (changes.length === 0) return;
	const change = changes.length === 1 ? changes[0] : Y.mergeUpdates(changes);
	room.countGrowth(change);
	const message = encodeUpdate(change);
	for (const peer of room.peers) peer.send(message);
}
