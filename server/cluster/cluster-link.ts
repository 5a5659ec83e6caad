/**
 * What makes several relays on one PostgreSQL serve the same meetings (docs/relay.md#several-relays):
 *
 * - Updates: another relay's commit arrives as a notice of row ids; the rows are fetched by id
 *   (those of every notice heard in one event-loop turn, in one query) and applied to the
 *   document if this relay has it loaded (apply-committed.ts), which forwards them to its
 *   connections. A document not loaded here needs nothing: it reads the store when it loads. Rows gone when fetched were compacted into a snapshot meanwhile: the
 *   document is read whole instead.
 * - Catching up: notices sent while this relay was not listening are lost to it, so each time
 *   it listens again every loaded document is read whole from the store and applied; Yjs
 *   applies what it already has as nothing.
 * - Awareness: each room's awareness changes made here (not those from other relays) are sent
 *   as notices, gathered per event-loop turn; those of other relays are applied to the room's
 *   awareness, which passes them to its connections.
 * - Rotation: a group rotated on any relay closes (4401) its older tokens' connections here.
 * - Database lost: every connection is closed with 1011 (the relay cannot store what they
 *   send); upgrades and the API answer 503 until it is back (app.ts asks `isAvailable`).
 */
import { encodeAwarenessUpdate, applyAwarenessUpdate } from 'y-protocols/awareness';
import { CLOSE_INTERNAL_ERROR } from '../../src/lib/protocol/close-codes.ts';
import type { Logger } from '../log.ts';
import type { RelayMetrics } from '../metrics.ts';
import {
	formatAwarenessNotice,
	MAX_AWARENESS_NOTICE_BYTES,
	type Notice,
	type UpdatesNotice
} from '../storage/postgres-notices.ts';
import type { PostgresStore } from '../storage/postgres-store.ts';
import { closeRevokedConnections } from '../sync/revoked-connections.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { applyCommitted } from './apply-committed.ts';
import { NoticeListener } from './notice-listener.ts';

/** The origin of awareness changes that came from another relay: never sent back out. */
const REMOTE_AWARENESS = Symbol('awareness of another relay');

export interface ClusterLinkDependencies {
	store: PostgresStore;
	registry: () => RoomRegistry;
	metrics: RelayMetrics;
	logger: Logger;
}

export class ClusterLink {
	private readonly listener: NoticeListener;
	private awarenessOut: string[] = [];
	/** Notices of other relays' commits heard in this turn, for loaded rooms. */
	private noticed: { notice: UpdatesNotice; room: Room; release: () => void }[] = [];
	private isFlushScheduled = false;

	constructor(private readonly deps: ClusterLinkDependencies) {
		this.listener = new NoticeListener({
			url: deps.store.url,
			logger: deps.logger,
			onNotice: (notice) => this.receive(notice),
			onDown: () => this.down(),
			onUp: () => this.up()
		});
	}

	get isAvailable(): boolean {
		return this.listener.isUp;
	}

	async start(): Promise<void> {
		await this.listener.start();
		this.deps.metrics.databaseUp.set(1);
	}

	async close(): Promise<void> {
		await this.listener.close();
		this.flushAwareness();
	}

	/** Hooks a new room up: its awareness changes go to the other relays. */
	attach(room: Room): void {
		room.awareness.on(
			'update',
			(
				{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
				origin: unknown
			) => {
				if (origin === REMOTE_AWARENESS) return;
				const update = encodeAwarenessUpdate(room.awareness, [...added, ...updated, ...removed]);
				if (update.length > MAX_AWARENESS_NOTICE_BYTES) {
					this.deps.logger.debug('awareness_not_shared', {
						doc: room.name.name,
						bytes: update.length
					});
					return;
				}
				this.awarenessOut.push(
					formatAwarenessNotice(this.deps.store.instanceId, room.name.name, update)
				);
				if (!this.isFlushScheduled) {
					this.isFlushScheduled = true;
					setImmediate(() => this.flushAwareness());
				}
			}
		);
	}

	private flushAwareness(): void {
		this.isFlushScheduled = false;
		const payloads = this.awarenessOut;
		this.awarenessOut = [];
		if (payloads.length === 0) return;
		// Presence is best effort: a notice lost while the database is away is renewed by the
		// clients within 15 s.
		this.deps.store.notifyAwareness(payloads).catch((error: unknown) => {
			this.deps.logger.debug('awareness_notice_failed', { error });
		});
	}

	private receive(notice: Notice): void {
		switch (notice.channel) {
			case 'plenary_updates':
				if (notice.instance !== this.deps.store.instanceId) this.fetchAndApply(notice);
				return;
			case 'plenary_awareness': {
				if (notice.instance === this.deps.store.instanceId) return;
				const room = this.deps.registry().get(notice.doc);
				if (!room || room.isDestroyed) return;
				try {
					applyAwarenessUpdate(room.awareness, notice.update, REMOTE_AWARENESS);
				} catch (error) {
					this.deps.logger.warn('awareness_notice_unreadable', { doc: notice.doc, error });
				}
				return;
			}
			case 'plenary_groups': {
				const closed = closeRevokedConnections(
					this.deps.registry(),
					notice.groupId,
					notice.generation
				);
				if (closed > 0) {
					this.deps.logger.info('group_rotated_elsewhere', {
						groupId: notice.groupId,
						generation: notice.generation,
						closed
					});
				}
				return;
			}
		}
	}

	private fetchAndApply(notice: UpdatesNotice): void {
		const room = this.deps.registry().get(notice.doc);
		if (!room || room.isDestroyed) return;
		this.noticed.push({ notice, room, release: room.hold() });
		if (this.noticed.length === 1) setImmediate(() => void this.fetchNoticed());
	}

	/** The rows of every notice heard in one event-loop turn, fetched in one query. */
	private async fetchNoticed(): Promise<void> {
		const batch = this.noticed;
		this.noticed = [];
		let fetched: Uint8Array[][];
		try {
			fetched = await this.deps.store.fetchUpdates(batch.map(({ notice }) => notice));
		} catch (error) {
			for (const { room, release } of batch) {
				this.lostTrack(room, error);
				release();
			}
			return;
		}
		const byRoom = new Map<
			Room,
			{ updates: Uint8Array[]; isShort: boolean; releases: (() => void)[] }
		>();
		batch.forEach(({ notice, room, release }, index) => {
			let entry = byRoom.get(room);
			if (!entry) byRoom.set(room, (entry = { updates: [], isShort: false, releases: [] }));
			entry.updates.push(...fetched[index]);
			entry.isShort ||= fetched[index].length < notice.rows;
			entry.releases.push(release);
		});
		for (const [room, { updates, isShort, releases }] of byRoom) {
			// Rows gone: a compaction merged them into a snapshot meanwhile; read the document whole.
			const complete = isShort
				? this.deps.store.loadDocument(room.name.name)
				: Promise.resolve(updates);
			complete
				.then((all) =>
					room.enqueue(() => {
						applyCommitted(room, all);
						this.deps.metrics.remoteUpdates.inc(all.length);
					})
				)
				.catch((error: unknown) => this.lostTrack(room, error))
				.finally(() => releases.forEach((release) => release()));
		}
	}

	/**
	 * A room that could not take in another relay's committed update would serve its connections
	 * less than is stored: they are closed (1011) and reconnect to a fresh load.
	 */
	private lostTrack(room: Room, error: unknown): void {
		if (room.isDestroyed) return;
		this.deps.logger.error('remote_update_failed', { doc: room.name.name, error });
		for (const peer of [...room.peers]) peer.close(CLOSE_INTERNAL_ERROR, 'storage error');
	}

	private down(): void {
		this.deps.metrics.databaseUp.set(0);
		for (const room of this.deps.registry().all()) {
			for (const peer of [...room.peers]) peer.close(CLOSE_INTERNAL_ERROR, 'storage unavailable');
		}
	}

	private up(): void {
		this.deps.metrics.databaseUp.set(1);
		for (const room of this.deps.registry().all()) {
			const doc = room.name.name;
			const release = room.hold();
			this.deps.store
				.loadDocument(doc)
				.then((updates) => room.enqueue(() => applyCommitted(room, updates)))
				.catch((error: unknown) => this.lostTrack(room, error))
				.finally(release);
		}
	}
}
