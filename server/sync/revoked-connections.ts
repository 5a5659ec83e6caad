/**
 * Closes (4401) the open connections of a group whose tokens are of a generation before
 * `generation`: what rotating a group does on the relay that rotated it and, told by a notice,
 * on every other relay sharing its store.
 */
import { CLOSE_TOKEN_REVOKED } from '../../src/lib/protocol/close-codes.ts';
import { Connection } from './connection.ts';
import type { RoomRegistry } from './room-registry.ts';

/** Returns how many connections were closed. */
export function closeRevokedConnections(
	registry: RoomRegistry,
	groupId: string,
	generation: number
): number {
	let closed = 0;
	for (const room of registry.all()) {
		if (room.name.groupId !== groupId) continue;
		for (const peer of [...room.peers]) {
			if (peer instanceof Connection && peer.claims.generation < generation) {
				peer.close(CLOSE_TOKEN_REVOKED, 'token revoked');
				closed++;
			}
		}
	}
	return closed;
}
