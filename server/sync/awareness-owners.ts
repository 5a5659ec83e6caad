/**
 * Who may set and remove each awareness state of a room: a connection may only set and remove
 * the awareness states it owns.
 *
 * - A connection owns a client id from the moment the room applies a state it announced for it
 *   while no other open connection owned it. It keeps it until the state is removed (by itself,
 *   by the awareness timeout, or because the connection closed).
 * - Entries for a client id that another connection owns are dropped: neither applied nor
 *   forwarded. They are mostly harmless: y-websocket clients send back every awareness change
 *   they hear, with the clock they heard, and a client whose own timer expired a state sends its
 *   removal. The connection that sent them stays open.
 * - Takeover: a client that reconnects before the relay noticed its old connection die announces
 *   its own id with a newer clock from a new connection. The id changes hands only once the old
 *   connection is gone; such a claim makes the room ask at once whether the owner is still there
 *   (`Peer.checkAlive`), so a dead one is dropped within seconds instead of at the next heartbeat.
 *   When the id is freed, the room asks the last claimant for its states again (query
 *   awareness), and its answer takes the id. A newer clock alone never moves an id: anyone who
 *   hears a state can send one.
 * - The relay's own client id (its awareness has no state) belongs to nobody.
 */
import type { AwarenessEntry } from './protocol.ts';

export interface AwarenessFilter<P> {
	/** The entries `peer` may apply, in their order. */
	allowed: AwarenessEntry[];
	/** Owners of ids that `peer` claimed with a newer clock: whether they are alive is in doubt. */
	contested: P[];
}

export class AwarenessOwners<P> {
	private readonly ownerOf = new Map<number, P>();
	private readonly owned = new Map<P, Set<number>>();
	/** The last connection that claimed an owned id with a newer clock. */
	private readonly claimants = new Map<number, P>();

	constructor(private readonly reservedId: number) {}

	/**
	 * Splits `entries` sent by `peer` into those it may apply and the owners it contests.
	 * `clockOf` gives the room's current clock of a client id, when it has one.
	 */
	filter(
		peer: P,
		entries: readonly AwarenessEntry[],
		clockOf: (clientId: number) => number | undefined
	): AwarenessFilter<P> {
		const allowed: AwarenessEntry[] = [];
		const contested = new Set<P>();
		for (const entry of entries) {
			if (entry.clientId === this.reservedId) continue;
			const owner = this.ownerOf.get(entry.clientId);
			if (owner === undefined || owner === peer) {
				allowed.push(entry);
			} else if (entry.state !== null && entry.clock > (clockOf(entry.clientId) ?? 0)) {
				contested.add(owner);
				this.claimants.set(entry.clientId, peer);
			}
		}
		return { allowed, contested: [...contested] };
	}

	/** Whether `peer` may set or remove the state of `clientId`. */
	mayChange(peer: P, clientId: number): boolean {
		if (clientId === this.reservedId) return false;
		const owner = this.ownerOf.get(clientId);
		return owner === undefined || owner === peer;
	}

	/**
	 * Records what the room's awareness did: `origin` set `updated`; `removed` are gone. Returns
	 * the claimants of the freed ids, to be asked for their states again.
	 */
	record(origin: P | undefined, updated: readonly number[], removed: readonly number[]): P[] {
		const freed: number[] = [];
		for (const clientId of removed) {
			const owner = this.ownerOf.get(clientId);
			if (owner === undefined) continue;
			this.ownerOf.delete(clientId);
			this.owned.get(owner)?.delete(clientId);
			freed.push(clientId);
		}
		if (origin !== undefined) {
			for (const clientId of updated) {
				if (clientId === this.reservedId || this.ownerOf.has(clientId)) continue;
				this.ownerOf.set(clientId, origin);
				this.claimants.delete(clientId);
				let ids = this.owned.get(origin);
				if (!ids) this.owned.set(origin, (ids = new Set()));
				ids.add(clientId);
			}
		}
		return this.takeClaimants(freed);
	}

	/** The ids `peer` owns. */
	ownedBy(peer: P): number[] {
		return [...(this.owned.get(peer) ?? [])];
	}

	/**
	 * Forgets `peer`; returns the ids it owned, whose states the room must remove, and the
	 * claimants of those ids, to be asked for their states again.
	 */
	release(peer: P): { ids: number[]; claimants: P[] } {
		const ids = this.ownedBy(peer);
		this.owned.delete(peer);
		for (const clientId of ids) this.ownerOf.delete(clientId);
		for (const [clientId, claimant] of this.claimants) {
			if (claimant === peer) this.claimants.delete(clientId);
		}
		return { ids, claimants: this.takeClaimants(ids) };
	}

	private takeClaimants(freed: readonly number[]): P[] {
		const claimants = new Set<P>();
		for (const clientId of freed) {
			const claimant = this.claimants.get(clientId);
			if (claimant === undefined) continue;
			this.claimants.delete(clientId);
			claimants.add(claimant);
		}
		return [...claimants];
	}
}
