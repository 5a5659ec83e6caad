/**
 * Brings a loaded room up to what another relay committed to the shared store: the updates are
 * applied to its doc and what they changed is forwarded to every connection of the room; nothing
 * is stored again (`COMMITTED_ORIGIN`). Call through the room's queue (`room.enqueue`).
 */
import * as Y from 'yjs';
import { encodeUpdate } from '../sync/protocol.ts';
import { COMMITTED_ORIGIN, type Room } from '../sync/room.ts';

export function applyCommitted(room: Room, updates: readonly Uint8Array[]): void {
	if (updates.length === 0 || room.isDestroyed) return;
	const changes: Uint8Array[] = [];
	const collect = (update: Uint8Array, origin: unknown) => {
		if (origin === COMMITTED_ORIGIN) changes.push(update);
	};
	room.doc.on('update', collect);
	try {
		const update = updates.length === 1 ? updates[0] : Y.mergeUpdates([...updates]);
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
