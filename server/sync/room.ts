/**
 * One loaded document: its Yjs doc, its awareness, its connections, and a queue that runs
 * everything touching the doc one task at a time, in arrival order.
 *
 * - Loading is the queue's first task, so no sync message is answered before the stored state
 *   is in the doc.
 * - A change (from a connection or from the HTTP API) is applied, then each update it produced
 *   is committed to the store, and only then forwarded to the other connections. The updates of
 *   every connection in one event-loop turn are committed together and forwarded as one merged
 *   update (commit-stages.ts); a connection's next messages are applied meanwhile, but nothing
 *   that shows the doc (an answer to a sync step 1, a receipt) runs ahead of the store. The commit
 *   goes through the registry's `GroupCommitter`, in one transaction with the changes of the other
 *   rooms that changed in the same event-loop turn. If the store fails, the room (every room of that
 *   transaction) closes every connection (1011) and unloads: clients resend on reconnect.
 * - After committing a connection's updates, the room sends that connection a receipt (sync
 *   step 1 with the doc's state vector) within `receiptDelayMs`, one per window.
 * - Each writer's update is checked against the document's bounds right before it is applied
 *   (document-bounds.ts); one that would make the document too large is neither applied nor
 *   forwarded, and the writer is told so. The relay's own writes are checked too.
 * - A compaction that fails is logged and tried again later; the update that caused it stays
 *   committed and forwarded.
 * - `handleBatch` answers how many milliseconds of work a connection's messages took (applying,
 *   checking, answering; its share of the commit is charged with its next batch), so the
 *   connection can be held to its share of the process; waiting for the commit does not count.
 * - A connection sets and removes only the awareness states it owns (awareness-owners.ts).
 * - When the last connection has gone and the queue is empty, the room calls `onIdle`.
 */
import { CLOSE_INTERNAL_ERROR } from '../../src/lib/protocol/close-codes.ts';
import {
	Awareness,
	applyAwarenessUpdate,
	encodeAwarenessUpdate,
	removeAwarenessStates
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentName } from '../../src/lib/protocol/document-names.ts';
import type { AccessRole } from '../../src/lib/protocol/token-format.ts';
import type { RelayConfig } from '../config.ts';
import type { RelayMetrics } from '../metrics.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../storage/store.ts';
import { DOCUMENT_TOO_LARGE, DocumentBounds, DocumentTooLargeError } from './document-bounds.ts';
import { AwarenessOwners } from './awareness-owners.ts';
import { DeletionIndex } from './deletion-index.ts';
import { RefusedClients } from './refused-clients.ts';
import { CommitStages, type Stage } from './commit-stages.ts';
import type { GroupCommitter } from './group-commit.ts';
import {
	encodeAwareness,
	encodeAwarenessEntries,
	encodePermissionDenied,
	encodeQueryAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	type Message,
	type UpdateMessage
} from './protocol.ts';
import { countPieces, growthBound } from './document-size.ts';
import { wouldChange } from './update-check.ts';

/** What a room needs from a connection. */
export interface Peer {
	readonly id: number;
	readonly role: AccessRole;
	readonly canWrite: boolean;
	/** `isStateAnswer`: the answer to a sync step 1, which may be as large as the document. */
	send(message: Uint8Array, options?: { isStateAnswer?: boolean }): void;
	close(code: number, reason: string): void;
	/**
	 * Called when another connection claims an awareness state this peer owns: the peer should
	 * find out soon whether it is still there, and close when it is not.
	 */
	checkAlive(): void;
}

export interface RoomDependencies {
	store: Store;
	/** Commits the room's updates, together with those of the other rooms in the same turn. */
	committer: Pick<GroupCommitter, 'commit'>;
	config: RelayConfig;
	metrics: RelayMetrics;
	logger: Logger;
	/** Fires when the room has no connections, no holders and an empty queue. */
	onIdle(room: Room): void;
	/**
	 * Fires inside the queue after committed changes were forwarded. It may start other work
	 * (e.g. keeping the group directory in step) but must not await this room's queue; what it
	 * throws is logged and otherwise ignored.
	 */
	onCommitted?(room: Room, origin: Peer | null): void;
}

const LOAD_ORIGIN = Symbol('load');
/** Updates another relay committed to the shared store: applied and forwarded, never stored. */
export const COMMITTED_ORIGIN = Symbol('committed elsewhere');

export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new Awareness(this.doc);
	readonly peers = new Set<Peer>();
	readonly ready: Promise<void>;
	isDestroyed = false;
	private holders = 0;
	private queue: Promise<unknown> = Promise.resolve();
	private queued = 0;
	private produced: Uint8Array[] = [];
	private storedUpdates = 0;
	private nextCompactionAt: number;
	private readonly bounds: DocumentBounds;
	private readonly receiptTimers = new Map<Peer, NodeJS.Timeout>();
	/** Who may set and remove each awareness state. */
	readonly awarenessOwners: AwarenessOwners<Peer>;
	private readonly deletions = new DeletionIndex(this.doc);
	private readonly refused = new RefusedClients(this.doc);
	/** Milliseconds of work done by the running task, for `handleBatch` to report. */
	private workMs = 0;
	/** Each writer's share of commits made since its last batch, charged with its next one. */
	private readonly commitShares = new Map<Peer, number>();
	private readonly stages: CommitStages<Peer>;
	/** A compaction is queued. */
	private isCompactionDue = false;

	constructor(
		readonly name: DocumentName,
		private readonly deps: RoomDependencies
	) {
		this.awareness.setLocalState(null);
		this.bounds = new DocumentBounds(this.doc, name.kind, deps.config.maxDocumentBytes);
		this.nextCompactionAt = deps.config.compactAfterUpdates;
		this.awarenessOwners = new AwarenessOwners(this.awareness.clientID);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== LOAD_ORIGIN && origin !== COMMITTED_ORIGIN) this.produced.push(update);
		});
		this.awareness.on('update', this.onAwarenessUpdate);
		this.stages = new CommitStages(this.doc, {
			commit: (take) => {
				// From the request to the commit: the wait for the turn's transaction included.
				const endTimer = this.deps.metrics.persistDuration.startTimer();
				return this.deps.committer.commit(this.name.name, take).finally(() => endTimer());
			},
			onCommitted: (stage) => this.forward(stage),
			onFailed: (error) => this.fail('persist failed', error)
		});
		deps.metrics.documentsLoaded.inc();
		this.ready = this.enqueue(() => this.load());
		this.ready.catch((error) => this.fail('load failed', error));
	}

	/** Runs `task` after every earlier task of this room. */
	enqueue<T>(task: () => T | Promise<T>): Promise<T> {
		this.queued++;
		const run = this.queue.then(() => (this.isDestroyed ? Promise.reject(roomGone()) : task()));
		this.queue = run.then(this.afterTask, this.afterTask);
		return run;
	}

	/** Keeps the room loaded while the returned function has not been called. */
	hold(): () => void {
		this.holders++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.holders--;
			this.checkIdle();
		};
	}

	join(peer: Peer): void {
		this.peers.add(peer);
		this.enqueue(() => {
			peer.send(encodeSyncStep1(this.stages.committedVector));
			const clients = [...this.awareness.getStates().keys()];
			if (clients.length > 0) {
				peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, clients)));
			}
		}).catch(this.taskFailed);
	}

	leave(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		clearTimeout(this.receiptTimers.get(peer));
		this.receiptTimers.delete(peer);
		this.commitShares.delete(peer);
		const { ids, claimants } = this.awarenessOwners.release(peer);
		if (ids.length > 0 && !this.isDestroyed) {
			removeAwarenessStates(this.awareness, ids, null);
			this.askAgain(claimants);
		}
		this.checkIdle();
	}

	/**
	 * Handles a peer's messages in order; call through `enqueue`. Consecutive updates are applied
	 * together and staged for the turn's commit (commit-stages.ts), which forwards them; nothing
	 * here waits for it but an answer that shows the doc. Resolves with the milliseconds of work
	 * they took.
	 */
	async handleBatch(peer: Peer, messages: Message[]): Promise<number> {
		this.workMs = this.commitShares.get(peer) ?? 0;
		this.commitShares.delete(peer);
		let updates: UpdateMessage[] = [];
		const commit = () => {
			if (updates.length === 0) return;
			const batch = updates;
			updates = [];
			// One Yjs transaction: the doc emits one update for the whole batch, nothing to merge.
			const { failure } = this.stage(peer, (doc) =>
				doc.transact(() => {
					for (const { update, pieces } of batch) {
						if (this.refused.follows(update)) this.refuseTooLarge(peer, update);
						else if (this.bounds.admit(peer.role, update, pieces)) {
							Y.applyUpdate(doc, update, peer);
						} else this.refuseTooLarge(peer, update);
					}
				}, peer)
			);
			if (failure !== undefined) throw failure;
		};
		for (const message of messages) {
			if ((message.type === 'update' || message.type === 'sync-step-2') && peer.canWrite) {
				if (!message.isEmpty) updates.push(message);
				continue;
			}
			commit();
			if (message.type === 'sync-step-1') await this.stages.settled();
			if (this.isDestroyed) throw roomGone();
			const started = performance.now();
			this.#handle(peer, message);
			this.workMs += performance.now() - started;
		}
		commit();
		return this.workMs;
	}

	/**
	 * Handles one decoded message of a peer other than a writer's update (those are committed in
	 * batches above); call through `enqueue`, for a sync step 1 once nothing is staged.
	 */
	#handle(peer: Peer, message: Message): void {
		switch (message.type) {
			case 'sync-step-1':
				peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)), {
					isStateAnswer: true
				});
				return;
			case 'sync-step-2':
			case 'update':
				// A reader's change: refused when it would change anything.
				if (message.isEmpty || !wouldChange(this.doc, this.deletions, message.update)) return;
				this.deps.metrics.reject('read_only');
				peer.send(encodePermissionDenied('permission denied'));
				return;
			case 'awareness': {
				const { allowed, contested } = this.awarenessOwners.filter(
					peer,
					message.entries,
					(clientId) => this.awareness.meta.get(clientId)?.clock
				);
				for (const owner of contested) owner.checkAlive();
				if (allowed.length === 0) return;
				const update =
					allowed.length === message.entries.length
						? message.update
						: encodeAwarenessEntries(allowed);
				applyAwarenessUpdate(this.awareness, update, peer);
				return;
			}
			case 'query-awareness': {
				const clients = [...this.awareness.getStates().keys()];
				peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, clients)));
				return;
			}
			case 'auth':
				return;
		}
	}

	/**
	 * Runs `mutate` on the doc, commits every update it produced, then forwards them to every
	 * peer but `origin`. Returns how many updates were committed. Call through `enqueue`.
	 * The relay's own writes (`origin` null) throw `DocumentTooLargeError`, and store nothing,
	 * when the document has no room for them.
	 */
	async change(origin: Peer | null, mutate: (doc: Y.Doc) => void): Promise<number> {
		if (origin === null) this.bounds.checkRelayWrite();
		const { stage, count, failure } = this.stage(origin, mutate);
		if (stage) await stage.done;
		if (failure !== undefined) throw failure;
		return count;
	}

	/**
	 * Runs `mutate` on the doc and stages every update it produced for the turn's commit, after
	 * which they are forwarded (`forward`). Returns the stage, or null when nothing changed.
	 */
	private stage(
		origin: Peer | null,
		mutate: (doc: Y.Doc) => void
	): { stage: Stage<Peer> | null; count: number; failure: unknown } {
		this.stages.beforeChange();
		this.produced = [];
		let failure: unknown;
		// Applying may also integrate what waited in the doc (structs and deletions of others whose
		// dependencies were missing): the writer lacks that part, so it gets the update too.
		const hadPending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
		const started = performance.now();
		try {
			mutate(this.doc);
		} catch (error) {
			failure = error;
		}
		this.workMs += performance.now() - started;
		const updates = this.produced;
		this.produced = [];
		if (origin === null && updates.length > 0 && !this.bounds.acceptRelayWrite(updates)) {
			// Already in the doc, not stored: unloading drops it, and the next load reads the store.
			this.fail('relay write too large', new DocumentTooLargeError(), 'warn');
			throw new DocumentTooLargeError();
		}
		if (updates.length === 0) return { stage: null, count: 0, failure };
		const stage = this.stages.add(origin, updates, hadPending);
		if (stage.updates.length === updates.length) {
			// The first updates of this stage: the room stays loaded until it is forwarded.
			const release = this.hold();
			void stage.done.then(release, release);
		}
		return { stage, count: updates.length, failure };
	}

	/**
	 * A stage is committed: forwarded as one update to every peer (a lone writer only when it
	 * integrated what waited in the doc), receipts scheduled for its writers.
	 */
	private forward(stage: Stage<Peer>): void {
		if (this.isDestroyed) return;
		const started = performance.now();
		const { updates, writers } = stage;
		this.deps.metrics.updatesPersisted.inc(updates.length);
		this.storedUpdates += updates.length;
		const message = encodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));
		const lone = writers.size === 1 ? [...writers][0] : null;
		for (const peer of this.peers) if (peer !== lone || stage.echo.has(peer)) peer.send(message);
		for (const writer of writers) if (writer !== null) this.scheduleReceipt(writer);
		try {
			this.deps.onCommitted?.(this, lone);
		} catch (error) {
			this.deps.logger.error('committed_hook_failed', { doc: this.name.name, error });
		}
		// Each writer pays its share of the commit and of forwarding with its next batch.
		void stage.done.then((share) => {
			const each = share + (performance.now() - started) / Math.max(1, writers.size);
			for (const writer of writers) {
				if (writer !== null && this.peers.has(writer)) {
					this.commitShares.set(writer, (this.commitShares.get(writer) ?? 0) + each);
				}
			}
		});
		// Not charged to the writer: it waits on storage, and whoever's update comes 500th pays.
		if (this.storedUpdates >= this.nextCompactionAt && !this.isCompactionDue) {
			this.isCompactionDue = true;
			this.enqueue(async () => {
				this.isCompactionDue = false;
				await this.stages.settled();
				if (this.storedUpdates >= this.nextCompactionAt) await this.compactOrCarryOn();
			}).catch(this.taskFailed);
		}
	}

	/** Counts an update applied to the doc outside `change` (server/cluster/apply-committed.ts). */
	countGrowth(update: Uint8Array): void {
		this.bounds.size.grow(growthBound(update.length, countPieces(update)));
	}

	/**
	 * Throws `DocumentTooLargeError` when the document has no room left for one of the relay's
	 * own small writes, the check `change(null, …)` makes first: for a caller that must know
	 * before it stores anything else (a revision) that its write will be taken.
	 */
	checkRelayWrite(): void {
		this.bounds.checkRelayWrite();
	}

	/** Replaces the stored updates with one snapshot of the doc. Call through `enqueue`. */
	async compact(): Promise<void> {
		const snapshot = Y.encodeStateAsUpdate(this.doc);
		this.bounds.size.set(snapshot.length);
		await this.deps.store.replaceDocument(this.name.name, snapshot);
		this.deps.logger.debug('compacted', {
			doc: this.name.name,
			updates: this.storedUpdates,
			bytes: snapshot.length
		});
		this.storedUpdates = 1;
		this.nextCompactionAt = this.deps.config.compactAfterUpdates;
	}

	/**
	 * Compacts; a compaction that fails costs nothing but itself: the stored updates hold the same
	 * state, so it is logged and tried again after as many more updates.
	 */
	private async compactOrCarryOn(): Promise<void> {
		try {
			await this.compact();
		} catch (error) {
			this.nextCompactionAt = this.storedUpdates + this.deps.config.compactAfterUpdates;
			this.deps.logger.warn('compaction_failed', { doc: this.name.name, error });
		}
	}

	/** Closes every peer and frees the doc; the caller removes the room from the registry. */
	destroy(): void {
		if (this.isDestroyed) return;
		this.isDestroyed = true;
		for (const timer of this.receiptTimers.values()) clearTimeout(timer);
		this.receiptTimers.clear();
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.deletions.destroy();
		this.doc.destroy();
		this.deps.metrics.documentsLoaded.dec();
	}

	/** Resolves once every task queued so far has run and every change is committed. */
	async settled(): Promise<void> {
		while (this.queued > 0) await this.queue;
		await this.stages.settled();
	}

	/**
	 * Resolves once every change applied so far is committed (never rejects: a failed commit
	 * fails the room). Inside the queue, the doc then holds only what the store holds.
	 */
	whenCommitted(): Promise<void> {
		return this.stages.settled();
	}

	private async load(): Promise<void> {
		const updates = await this.deps.store.loadDocument(this.name.name);
		if (updates.length > 0) {
			Y.applyUpdate(this.doc, Y.mergeUpdates(updates), LOAD_ORIGIN);
		}
		this.storedUpdates = updates.length;
		if (this.storedUpdates > this.deps.config.compactAfterUpdates) await this.compactOrCarryOn();
	}

	private scheduleReceipt(peer: Peer): void {
		if (this.receiptTimers.has(peer) || !this.peers.has(peer)) return;
		const timer = setTimeout(() => {
			this.receiptTimers.delete(peer);
			this.enqueue(() => {
				// What the store holds, never what is applied but not committed yet.
				if (this.peers.has(peer)) peer.send(encodeSyncStep1(this.stages.committedVector));
			}).catch(this.taskFailed);
		}, this.deps.config.receiptDelayMs);
		this.receiptTimers.set(peer, timer);
	}

	private readonly onAwarenessUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	) => {
		const changed = [...added, ...updated, ...removed];
		const peer = this.peers.has(origin as Peer) ? (origin as Peer) : undefined;
		const claimants = this.awarenessOwners.record(peer, [...added, ...updated], removed);
		const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, changed));
		for (const peer of this.peers) peer.send(message);
		this.askAgain(claimants);
	};

	/** Tells a writer its update was refused, unless it would have changed nothing anyway. */
	private refuseTooLarge(peer: Peer, update: Uint8Array): void {
		if (!wouldChange(this.doc, this.deletions, update)) return;
		this.refused.record(update);
		this.deps.metrics.reject('document_too_large');
		this.deps.logger.debug('update_refused', {
			connection: peer.id,
			doc: this.name.name,
			reason: 'document_too_large',
			bytes: update.length
		});
		peer.send(encodePermissionDenied(DOCUMENT_TOO_LARGE));
	}

	/** Asks connections that claimed a state now freed for their states: their answer takes it. */
	private askAgain(claimants: readonly Peer[]): void {
		for (const claimant of claimants) {
			if (this.peers.has(claimant)) claimant.send(encodeQueryAwareness());
		}
	}

	private readonly taskFailed = (error: unknown) => {
		if (error instanceof RoomGoneError) return;
		this.deps.logger.error('room_task_failed', { doc: this.name.name, error });
	};

	private readonly afterTask = () => {
		this.queued--;
		this.checkIdle();
	};

	private checkIdle(): void {
		if (this.isDestroyed || this.peers.size > 0 || this.holders > 0 || this.queued > 0) return;
		this.deps.onIdle(this);
	}

	private fail(what: string, error: unknown, level: 'error' | 'warn' = 'error'): void {
		if (this.isDestroyed) return;
		this.deps.logger[level]('room_failed', { doc: this.name.name, what, error });
		const reason = error instanceof DocumentTooLargeError ? 'document too large' : 'storage error';
		for (const peer of [...this.peers]) peer.close(CLOSE_INTERNAL_ERROR, reason);
		this.peers.clear();
		this.destroy();
		this.deps.onIdle(this);
	}
}

export class RoomGoneError extends Error {
	constructor() {
		super('room unloaded');
		this.name = 'RoomGoneError';
	}
}

function roomGone(): RoomGoneError {
	return new RoomGoneError();
}
