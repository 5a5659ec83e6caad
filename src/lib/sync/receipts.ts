/**
 * Counting the changes the relay has not stored yet, from its receipts.
 *
 * After committing updates from a connection the relay sends it a sync step 1 carrying the
 * document's state vector (docs/contract.md, "Receipts"). A state vector says, per client, how many
 * items the relay holds; every local change that inserted something is stored once the relay's
 * clock for its client reaches the change's end clock. A change that only deletes has no clock:
 * it counts as stored at the first receipt that arrives after it was sent (the relay commits a
 * connection's updates in order; a receipt already on its way may confirm it one round trip
 * early, which is the one imprecision left).
 *
 * A "change" is one local transaction (a keystroke, a paste, a move). Changes made before this
 * tab opened the document (an earlier session, offline) are not individually known: each client
 * whose items the relay lacks counts as one change until a receipt covers it.
 */
import * as Y from 'yjs';

export interface PendingChange {
	/** client id → end clock of the change; empty for a change that only deletes */
	ends: Map<number, number>;
	/** set when it went out on a connection; delete-only changes wait for a later receipt */
	isSent: boolean;
}

export function changeFromUpdate(update: Uint8Array): PendingChange {
	// `to` is where each client's structs end (encodeStateVectorFromUpdate ignores updates not from clock 0).
	return { ends: Y.parseUpdateMeta(update).to, isSent: false };
}

export function isCoveredBy(change: PendingChange, relay: Map<number, number>): boolean {
	for (const [client, clock] of change.ends) {
		if ((relay.get(client) ?? 0) < clock) return false;
	}
	return true;
}

/**
 * Applies a receipt: drops the changes it covers and returns the ones still waiting. Delete-only
 * changes are dropped when they had been sent before the receipt arrived.
 */
export function settleChanges(
	changes: PendingChange[],
	relay: Map<number, number>
): PendingChange[] {
	return changes.filter((change) =>
		change.ends.size === 0 ? !change.isSent : !isCoveredBy(change, relay)
	);
}

/**
 * How many changes the relay lacks: the tracked ones still waiting, plus one for each client of
 * the local document that is ahead of the relay without a tracked change explaining it.
 */
export function countPending(
	local: Map<number, number>,
	relay: Map<number, number>,
	changes: PendingChange[]
): number {
	const explained = new Set<number>();
	for (const change of changes) for (const client of change.ends.keys()) explained.add(client);
	let untracked = 0;
	for (const [client, clock] of local) {
		if (clock > (relay.get(client) ?? 0) && !explained.has(client)) untracked++;
	}
	return changes.length + untracked;
}
