/**
 * One websocket, from the accepted upgrade to its close. It checks every frame before the room
 * sees it and closes the connection (never the relay) on bad input:
 *
 *   text frame, unknown message type            1003
 *   frame that does not decode                  1007
 *   frame over MAX_MESSAGE_BYTES                1009 (ws's maxPayload)
 *   a whole bucket over the rate limit,
 *   awareness too large or too fast,
 *   too much waiting while the document loads   1008
 *
 * Over the message or byte rate, the connection is first throttled: the relay stops reading
 * from it until the bucket refills, so a fast but honest client only slows down. Likewise it
 * stops reading while half of `maxPendingBytes`, or MAX_QUEUED_MESSAGES, wait for the room.
 *   unsent output over maxBufferedBytes         1013 (a slow reader is closed, never skipped;
 *                                               one answer to a sync step 1 may go over it,
 *                                               outgoing-bound.ts)
 *   token rotated                               4401
 *   relay stopping                              1001
 *   no pong to a heartbeat, or to the ping of
 *   an awareness owner check (`checkAlive`)     terminated
 *
 * Work: what handling a message costs is measured (decoding here; applying, checking, answering,
 * its share of the commit in the room, see `Room.handleBatch`) and taken from a third bucket,
 * in milliseconds. A connection over it is not closed (one legitimate message may cost much,
 * e.g. a long meeting's reconnect) but waits: the relay stops reading from it and handles
 * nothing more of it until the debt is paid, so no connection takes more than `workMsPerSecond`
 * of the process on average. Its messages are handled in slices (a run of updates, or one other
 * message) and after SLICE_MS the connection yields to the event loop, so a busy connection
 * never holds up the other rooms for long. Once it has closed, its answers are skipped but its
 * updates are still applied, at the same pace.
 */
import type { WebSocket } from 'ws';
import {
	CLOSE_GOING_AWAY,
	CLOSE_POLICY,
	CLOSE_TRY_AGAIN,
	CLOSE_UNSUPPORTED
} from '../../src/lib/protocol/close-codes.ts';
import { canWrite } from '../../src/lib/protocol/document-names.ts';
import type { AccessRole } from '../../src/lib/protocol/token-format.ts';
import type { TokenClaims } from '../auth/tokens.ts';
import type { RelayConfig } from '../config.ts';
import type { RejectReason, RelayMetrics } from '../metrics.ts';
import type { Logger } from '../log.ts';
import { OutgoingBound } from './outgoing-bound.ts';
import { decodeMessage, ProtocolError, type AwarenessEntry, type Message } from './protocol.ts';
import { RoomGoneError, type Peer, type Room } from './room.ts';
import { TokenBucket } from './token-bucket.ts';

/** How long a connection's drain runs before it lets the other sockets and rooms have a turn. */
const SLICE_MS = 10;
/** Messages waiting for the room at which the relay stops reading (it reads again below a quarter). */
const MAX_QUEUED_MESSAGES = 4096;
/**
 * The most updates (and about the most bytes) applied in one transaction. A connection starts at
 * FIRST_UPDATES_PER_SLICE and halves or doubles its slices as they take more than SLICE_MS or less
 * than half of it: some updates of a few bytes cost milliseconds each to apply.
 */
const MAX_UPDATES_PER_SLICE = 1000;
const FIRST_UPDATES_PER_SLICE = 64;
const MAX_SLICE_BYTES = 1024 * 1024;

interface InboxEntry {
	message: Message;
	bytes: number;
}

export interface ConnectionDependencies {
	config: RelayConfig;
	metrics: RelayMetrics;
	logger: Logger;
}

let nextId = 1;

export class Connection implements Peer {
	readonly id = nextId++;
	readonly role: AccessRole;
	readonly canWrite: boolean;
	isAlive = true;
	isClosing = false;
	private pendingBytes = 0;
	private readonly announced = new Set<number>();
	private readonly inbox: InboxEntry[] = [];
	/** A drain is queued in the room, running, or deferred. */
	private isDraining = false;
	private deferredDrain: { flush(): void } | undefined;
	private isStopping = false;
	private readonly pausedFor = new Set<'rate' | 'backlog'>();
	private throttleTimer: NodeJS.Timeout | undefined;
	private throttledUntil = 0;
	private readonly messages: TokenBucket;
	private readonly bytes: TokenBucket;
	private readonly awareness: TokenBucket;
	private readonly outgoing: OutgoingBound;
	private readonly work: TokenBucket;
	private updatesPerSlice = FIRST_UPDATES_PER_SLICE;
	/** When a frame or a pong last arrived, and when reading last resumed (performance.now()). */
	private heardAt = performance.now();
	private resumedAt = 0;
	private aliveCheck: NodeJS.Timeout | undefined;

	constructor(
		private readonly ws: WebSocket,
		readonly room: Room,
		readonly claims: TokenClaims,
		private readonly deps: ConnectionDependencies
	) {
		const { config } = deps;
		this.role = claims.role;
		this.canWrite = canWrite(claims.role, room.name.kind);
		this.outgoing = new OutgoingBound(config.maxBufferedBytes);
		this.messages = new TokenBucket(config.messageBurst, config.messagesPerSecond);
		this.bytes = new TokenBucket(config.bytesBurst, config.bytesPerSecond);
		this.awareness = new TokenBucket(config.awarenessBurst, config.awarenessPerSecond);
		this.work = new TokenBucket(config.workBurstMs, config.workMsPerSecond);

		ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
		ws.on('pong', () => {
			this.isAlive = true;
			this.heardAt = performance.now();
		});
		ws.on('error', (error: Error & { code?: string }) => {
			if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.reject('too_large');
			else this.deps.logger.debug('socket_error', { connection: this.id, code: error.code });
		});
		ws.on('close', (code) => {
			this.isClosing = true;
			clearTimeout(this.throttleTimer);
			clearTimeout(this.aliveCheck);
			deps.metrics.connections.dec();
			room.leave(this);
			deps.logger.debug('disconnected', { connection: this.id, doc: room.name.name, code });
		});
		deps.metrics.connections.inc();
		room.join(this);
		deps.logger.debug('connected', {
			connection: this.id,
			doc: room.name.name,
			role: claims.role
		});
	}

	send(message: Uint8Array, { isStateAnswer = false } = {}): void {
		if (this.ws.readyState !== this.ws.OPEN || this.isClosing) return;
		if (!this.outgoing.mayQueue(this.ws.bufferedAmount, message.byteLength, isStateAnswer)) {
			this.reject('slow_consumer');
			this.close(CLOSE_TRY_AGAIN, 'too much unsent data');
			return;
		}
		this.ws.send(message);
	}

	close(code: number, reason: string): void {
		if (code === CLOSE_GOING_AWAY) {
			// The relay is stopping: what it still holds of this connection is handled now.
			this.isStopping = true;
			this.deferredDrain?.flush();
		}
		if (this.isClosing) return;
		this.isClosing = true;
		this.ws.close(code, reason);
		// Read again, so that the peer's answer to the close frame is seen.
		if (this.pausedFor.size > 0) this.ws.resume();
		// A peer that never answers the close handshake is cut off.
		setTimeout(() => this.ws.terminate(), this.deps.config.shutdownGraceMs).unref();
	}

	terminate(): void {
		this.isClosing = true;
		this.ws.terminate();
	}

	/**
	 * Pings now and drops the connection when neither a pong nor a frame came back within
	 * `aliveCheckMs`: another connection claims an awareness state this one owns.
	 */
	checkAlive(): void {
		if (this.aliveCheck || this.isClosing) return;
		const askedAt = performance.now();
		this.ws.ping();
		this.aliveCheck = setTimeout(() => {
			this.aliveCheck = undefined;
			// While reading is paused, its pongs wait unread with everything else.
			const wasPaused = this.pausedFor.size > 0 || this.resumedAt > askedAt;
			if (this.heardAt >= askedAt || wasPaused || this.isClosing) return;
			this.reject('dead_connection');
			this.deps.logger.info('connection_refused', {
				connection: this.id,
				doc: this.room.name.name,
				reason: 'dead_connection'
			});
			this.terminate();
		}, this.deps.config.aliveCheckMs);
		this.aliveCheck.unref();
	}

	/** Called by the relay's heartbeat: drops the connection when the last ping went unanswered. */
	heartbeat(): void {
		// A paused socket's pongs wait unread with everything else.
		if (!this.isAlive && this.pausedFor.size === 0) {
			this.reject('dead_connection');
			this.terminate();
			return;
		}
		this.isAlive = false;
		this.ws.ping();
	}

	private receive(data: Buffer, isBinary: boolean): void {
		this.deps.metrics.messagesReceived.inc();
		this.isAlive = true;
		this.heardAt = performance.now();
		if (this.isClosing) return;
		if (!isBinary) return this.refuse('unknown_type', CLOSE_UNSUPPORTED, 'binary messages only');
		const wait = Math.max(this.messages.consume(1), this.bytes.consume(data.byteLength));
		if (this.messages.isOverdrawn || this.bytes.isOverdrawn) {
			return this.refuse('rate_limit', CLOSE_POLICY, 'rate limit exceeded');
		}
		if (wait > 0) this.throttle(wait, 'throttled');
		const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		const started = performance.now();
		let message;
		try {
			message = decodeMessage(frame);
		} catch (error) {
			const code = error instanceof ProtocolError ? error.closeCode : 1007;
			return this.refuse(
				code === CLOSE_UNSUPPORTED ? 'unknown_type' : 'invalid_message',
				code,
				(error as Error).message
			);
		}
		const debt = this.work.consume(performance.now() - started);
		if (debt > 0) this.throttle(debt, 'work_limit');
		if (message.type === 'awareness' && !this.mayShareAwareness(frame, message.entries)) {
			return this.refuse('awareness_limit', CLOSE_POLICY, 'awareness limit exceeded');
		}
		if (this.pendingBytes + frame.byteLength > this.deps.config.maxPendingBytes) {
			return this.refuse('pending_limit', CLOSE_POLICY, 'too many messages waiting');
		}
		this.pendingBytes += frame.byteLength;
		if (
			this.pendingBytes > this.deps.config.maxPendingBytes / 2 ||
			this.inbox.length >= MAX_QUEUED_MESSAGES
		) {
			this.pauseFor('backlog');
		}
		this.inbox.push({ message, bytes: frame.byteLength });
		if (!this.isDraining) {
			this.isDraining = true;
			this.enqueueDrain();
		}
	}

	private enqueueDrain(): void {
		this.room.enqueue(this.drainInbox).catch((error: unknown) => {
			// A room that failed (storage) has closed every connection with 1011 and said why.
			if (error instanceof RoomGoneError || this.room.isDestroyed) return;
			// An update that decoded but could not be applied.
			this.deps.logger.warn('message_failed', { connection: this.id, error });
			this.refuse('invalid_message', 1007, 'update could not be applied');
		});
	}

	/**
	 * Runs in the room's queue: handles the inbox slice by slice, charging each slice's work,
	 * until it is empty, the connection owes work, or it has run `SLICE_MS`.
	 */
	private readonly drainInbox = async () => {
		const started = performance.now();
		while (this.inbox.length > 0) {
			const slice = this.nextSlice();
			// Once closing, only a writer's updates still matter: answers would reach nobody.
			const messages = slice
				.filter((entry) => !this.isClosing || this.isWrite(entry.message))
				.map((entry) => entry.message);
			let spent = 0;
			try {
				if (messages.length > 0) spent = await this.room.handleBatch(this, messages);
			} finally {
				for (const entry of slice) this.pendingBytes -= entry.bytes;
				if (
					this.pendingBytes <= this.deps.config.maxPendingBytes / 4 &&
					this.inbox.length <= MAX_QUEUED_MESSAGES / 4
				) {
					this.resumeFrom('backlog');
				}
			}
			if (this.isWrite(slice[0].message)) this.adjustSlices(spent);
			const debt = this.work.consume(spent);
			if (debt > 0 && !this.isStopping) {
				this.throttle(debt, 'work_limit');
				return this.deferDrain(debt);
			}
			if (this.inbox.length > 0 && performance.now() - started >= SLICE_MS) {
				return this.deferDrain(0);
			}
		}
		this.isDraining = false;
	};

	/** A run of a writer's updates (applied in one transaction), or one other message. */
	private nextSlice(): InboxEntry[] {
		let end = 1;
		let bytes = this.inbox[0].bytes;
		if (this.isWrite(this.inbox[0].message)) {
			while (
				end < this.inbox.length &&
				end < this.updatesPerSlice &&
				bytes < MAX_SLICE_BYTES &&
				this.isWrite(this.inbox[end].message)
			) {
				bytes += this.inbox[end].bytes;
				end++;
			}
		}
		return this.inbox.splice(0, end);
	}

	private adjustSlices(spentMs: number): void {
		if (spentMs > SLICE_MS) this.updatesPerSlice = Math.max(1, this.updatesPerSlice >> 1);
		else if (spentMs < SLICE_MS / 2) {
			this.updatesPerSlice = Math.min(MAX_UPDATES_PER_SLICE, this.updatesPerSlice * 2);
		}
	}

	private isWrite(message: Message): boolean {
		return this.canWrite && (message.type === 'update' || message.type === 'sync-step-2');
	}

	/**
	 * Queues the next drain after `ms` (the work owed) or, with 0, after the other sockets and
	 * rooms had their turn. The room stays loaded meanwhile, also when the connection closes: its
	 * updates are still applied, at its pace. When the relay stops, it is drained at once.
	 */
	private deferDrain(ms: number): void {
		const release = this.room.hold();
		const run = () => {
			if (this.deferredDrain !== deferred) return;
			this.deferredDrain = undefined;
			this.enqueueDrain();
			release();
		};
		const timer = ms > 0 ? setTimeout(run, ms) : undefined;
		const immediate = ms > 0 ? undefined : setImmediate(run);
		const deferred = {
			flush: () => {
				clearTimeout(timer);
				clearImmediate(immediate);
				run();
			}
		};
		this.deferredDrain = deferred;
	}

	/**
	 * Stops reading for `ms` (or longer, when already stopped for longer): the sender's TCP window
	 * fills and it slows down. `reason` is counted when reading stops.
	 */
	private throttle(ms: number, reason: 'throttled' | 'work_limit'): void {
		const until = performance.now() + ms;
		if (this.throttleTimer && until <= this.throttledUntil) return;
		if (!this.throttleTimer) this.deps.metrics.reject(reason);
		clearTimeout(this.throttleTimer);
		this.throttledUntil = until;
		this.pauseFor('rate');
		this.throttleTimer = setTimeout(() => {
			this.throttleTimer = undefined;
			this.resumeFrom('rate');
		}, ms);
		this.throttleTimer.unref();
	}

	private pauseFor(reason: 'rate' | 'backlog'): void {
		if (this.pausedFor.size === 0) this.ws.pause();
		this.pausedFor.add(reason);
	}

	private resumeFrom(reason: 'rate' | 'backlog'): void {
		if (!this.pausedFor.delete(reason) || this.pausedFor.size > 0 || this.isClosing) return;
		// Pongs were not read while paused.
		this.isAlive = true;
		this.resumedAt = performance.now();
		this.ws.resume();
	}

	/**
	 * y-websocket clients send back every awareness change they hear of, so most awareness
	 * messages repeat states the room already has, and the room drops entries for states another
	 * connection owns. Only fresh entries of states this connection may change (a client the room
	 * does not know, or a newer clock) count towards the rate and towards the clients this
	 * connection speaks for; the general message rate bounds the rest.
	 */
	private mayShareAwareness(frame: Uint8Array, entries: AwarenessEntry[]): boolean {
		if (frame.byteLength > this.deps.config.maxAwarenessBytes) return false;
		const known = this.room.awareness.meta;
		const owners = this.room.awarenessOwners;
		const fresh = entries.filter(({ clientId, clock }) => {
			if (!owners.mayChange(this, clientId)) return false;
			const current = known.get(clientId);
			return current === undefined || clock > current.clock;
		});
		if (fresh.length === 0) return true;
		if (!this.awareness.take(1)) return false;
		for (const { clientId, state } of fresh) {
			if (state === null) this.announced.delete(clientId);
			else this.announced.add(clientId);
		}
		return this.announced.size <= this.deps.config.maxAwarenessClientsPerConnection;
	}

	private refuse(reason: RejectReason, code: number, message: string): void {
		this.reject(reason);
		this.deps.logger.info('connection_refused', {
			connection: this.id,
			doc: this.room.name.name,
			reason,
			code
		});
		this.close(code, message);
	}

	private reject(reason: RejectReason): void {
		this.deps.metrics.reject(reason);
	}
}
