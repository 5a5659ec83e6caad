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
 * stops reading while half of `maxPendingBytes` waits for the room.
 *   unsent output over maxBufferedBytes         1013 (a slow reader is closed, never skipped;
 *                                               one answer to a sync step 1 may go over it,
 *                                               outgoing-bound.ts)
 *   token rotated                               4401
 *   relay stopping                              1001
 */
import type { WebSocket } from 'ws';
import {
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
	private readonly inbox: { message: Message; bytes: number }[] = [];
	private isInboxQueued = false;
	private readonly pausedFor = new Set<'rate' | 'backlog'>();
	private throttleTimer: NodeJS.Timeout | undefined;
	private readonly messages: TokenBucket;
	private readonly bytes: TokenBucket;
	private readonly awareness: TokenBucket;
	private readonly outgoing: OutgoingBound;

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

		ws.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
		ws.on('pong', () => (this.isAlive = true));
		ws.on('error', (error: Error & { code?: string }) => {
			if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.reject('too_large');
			else this.deps.logger.debug('socket_error', { connection: this.id, code: error.code });
		});
		ws.on('close', (code) => {
			this.isClosing = true;
			clearTimeout(this.throttleTimer);
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
		if (this.isClosing) return;
		if (!isBinary) return this.refuse('unknown_type', CLOSE_UNSUPPORTED, 'binary messages only');
		const wait = Math.max(this.messages.consume(1), this.bytes.consume(data.byteLength));
		if (this.messages.isOverdrawn || this.bytes.isOverdrawn) {
			return this.refuse('rate_limit', CLOSE_POLICY, 'rate limit exceeded');
		}
		if (wait > 0) this.throttle(wait);
		const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
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
		if (message.type === 'awareness' && !this.mayShareAwareness(frame, message.entries)) {
			return this.refuse('awareness_limit', CLOSE_POLICY, 'awareness limit exceeded');
		}
		if (this.pendingBytes + frame.byteLength > this.deps.config.maxPendingBytes) {
			return this.refuse('pending_limit', CLOSE_POLICY, 'too many messages waiting');
		}
		this.pendingBytes += frame.byteLength;
		if (this.pendingBytes > this.deps.config.maxPendingBytes / 2) this.pauseFor('backlog');
		this.inbox.push({ message, bytes: frame.byteLength });
		if (!this.isInboxQueued) {
			this.isInboxQueued = true;
			this.room.enqueue(this.drainInbox).catch((error: unknown) => {
				// A room that failed (storage) has closed every connection with 1011 and said why.
				if (error instanceof RoomGoneError || this.room.isDestroyed) return;
				// An update that decoded but could not be applied.
				this.deps.logger.warn('message_failed', { connection: this.id, error });
				this.refuse('invalid_message', 1007, 'update could not be applied');
			});
		}
	}

	/** Runs in the room's queue: everything that arrived since the last run, in one batch. */
	private readonly drainInbox = async () => {
		this.isInboxQueued = false;
		const batch = this.inbox.splice(0);
		try {
			await this.room.handleBatch(
				this,
				batch.map((entry) => entry.message)
			);
		} finally {
			for (const entry of batch) this.pendingBytes -= entry.bytes;
			if (this.pendingBytes <= this.deps.config.maxPendingBytes / 4) this.resumeFrom('backlog');
		}
	};

	/** Stops reading for `ms`: the sender's TCP window fills and it slows down. */
	private throttle(ms: number): void {
		if (this.throttleTimer) return;
		this.deps.metrics.reject('throttled');
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
		this.ws.resume();
	}

	/**
	 * y-websocket clients send back every awareness change they hear of, so most awareness
	 * messages repeat states the room already has. Only fresh entries (a client the room does not
	 * know, or a newer clock) count towards the rate and towards the clients this connection
	 * speaks for; the general message rate bounds the repeats.
	 */
	private mayShareAwareness(frame: Uint8Array, entries: AwarenessEntry[]): boolean {
		if (frame.byteLength > this.deps.config.maxAwarenessBytes) return false;
		const known = this.room.awareness.meta;
		const fresh = entries.filter(({ clientId, clock }) => {
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
