/**
 * One document's connection to its relay: y-websocket's WebsocketProvider (relay-provider.ts
 * extends it through its options, events and a subclass), with what it lacks for a phone on a
 * venue's wifi added around it (docs/client-sync.md):
 *
 * - receipts: sync step 1 messages from the relay carry its state vector; each one settles the
 *   local changes it covers (receipts.ts), so `pending` is "N changes waiting" from what the relay
 *   stored, never from a timer;
 * - heartbeat: after `PING_AFTER_MS` of silence it sends a sync step 1 (the relay must answer with
 *   a step 2); a ping unanswered until `DEAD_AFTER_MS` of silence closes the socket and retries,
 *   so a dead link is noticed in seconds, not after y-websocket's 30 s;
 * - big first syncs: while the first sync is under way or the socket is still sending, silence is
 *   tolerated up to `FIRST_SYNC_LIMIT_MS`; y-websocket's own 30 s watchdog never fires (the
 *   heartbeat replaces it), so it never cuts a slow first sync or an idle background tab;
 * - reconnect: our own exponential backoff with jitter (y-websocket's has none) and an immediate
 *   retry on the browser's `online` event; the `offline` event closes the socket at once. While
 *   the browser says it is offline the relay is still tried, slowly: a browser may never fire
 *   `online` (Firefox after a reload made offline) or be wrong about it;
 * - the truth on screen: a relay that does not answer (a handshake that hangs, a socket that
 *   opened and stays silent, a ping unanswered, a refused connection) is `unreachable` within
 *   seconds, and retries stay `unreachable` until the relay answers: never an endless
 *   "connecting" while the browser believes it is online (a venue wifi whose uplink is dead);
 * - an update larger than the relay accepts (close 1009) is not re-sent forever: the connection
 *   stops with an error until `retry()`; access revoked (a 44xx close) stops it too;
 * - refusals ("permission denied", revoked links) go to refusals.ts for the screens, never to
 *   the console, where y-websocket would print the token with the socket's URL.
 */
import { CLOSE_TOO_LARGE, isAccessRefusal } from '$lib/protocol/close-codes';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync } from 'y-websocket';
import * as Y from 'yjs';
import { onConnectivityChange, isBrowserOnline } from './connectivity';
import {
	changeFromUpdate,
	countPending,
	isCoveredBy,
	settleChanges,
	type PendingChange
} from './receipts';
import { DOCUMENT_TOO_LARGE } from '$lib/protocol/refusal-reasons';
import { reportRefusal } from './refusals';
import { RelayProvider, type RelayFrame } from './relay-provider';

export const PING_AFTER_MS = 2_500;
export const DEAD_AFTER_MS = 6_000;
export const FIRST_SYNC_LIMIT_MS = 120_000;
/** An opening handshake that hangs (a captive portal, a half-dead link) is given up after this. */
export const CONNECT_TIMEOUT_MS = 10_000;
/**
 * A relay that has not answered this long after a socket was opened (no handshake, or an open
 * socket with no first frame) is said to be out of reach; the attempt itself goes on.
 */
export const UNREACHABLE_AFTER_MS = 4_000;
/** While the browser says it is offline, the relay is still tried at this pace (see above). */
export const OFFLINE_RETRY_FIRST_MS = 30_000;
const OFFLINE_RETRY_MAX_MS = 60_000;
const CHECK_EVERY_MS = 1_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;
/** WebSocket `readyState` values (Node's `ws` has no global `WebSocket` to read them from). */
const CONNECTING = 0;
const OPEN = 1;

export type ConnectionPhase =
	/** the browser says there is no network */
	| 'offline'
	/** opening a socket, or open and not yet synced */
	| 'connecting'
	/** synced; `pending` tells whether every local change is stored */
	| 'connected'
	/** the relay did not answer; retrying with backoff */
	| 'unreachable'
	/** stopped for a reason a retry will not fix on its own (see `error`) */
	| 'failed';

export interface RelayStatus {
	phase: ConnectionPhase;
	/** local changes the relay has not confirmed */
	pending: number;
	/** a receipt arrived on the current connection */
	hasReceipt: boolean;
	lastReceiptAt: number | null;
	attempts: number;
	error: string | null;
}

export interface RelayTarget {
	/** the relay's origin, http(s)://… */
	relayUrl: string;
	token: string;
}

export interface RelayConnectionOptions {
	/** the relay's last known state vector of this document (from an earlier session) */
	knownRelayVector?: Map<number, number> | null;
	/** after each status change; an exception it throws is logged, never breaks sync */
	onChange?: (status: RelayStatus) => void;
	/** after each receipt, with the relay's state vector (to remember across sessions) */
	onReceipt?: (relayVector: Map<number, number>) => void;
	WebSocketPolyfill?: typeof WebSocket;
}

export function syncUrl(relayUrl: string): string {
	const url = new URL(relayUrl);
	url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
	url.pathname = url.pathname.replace(/\/+$/, '') + '/sync';
	url.search = '';
	url.hash = '';
	return url.toString();
}

export class RelayConnection {
	readonly provider: RelayProvider;
	status: RelayStatus;

	#name: string;
	#doc: Y.Doc;
	/** the socket y-websocket uses now: created through relay-provider.ts, ours to read and ping */
	#socket: WebSocket | null = null;
	#changes: PendingChange[] = [];
	#relayVector: Map<number, number> | null;
	#options: RelayConnectionOptions;
	#hasSynced = false;
	#closeReason: 'offline' | 'heartbeat' | 'stop' | 'token' | null = null;
	#reconnectTimer: ReturnType<typeof setTimeout> | null = null;
	#checkTimer: ReturnType<typeof setInterval>;
	#lastHeardAt = 0;
	#lastPingAt = 0;
	#connectingSince = 0;
	/** when the current socket was made, and whether a frame came on it since it opened */
	#socketSince = 0;
	#hasHeardFrame = false;
	#stopListening: () => void;
	#isDestroyed = false;

	constructor(
		name: string,
		doc: Y.Doc,
		awareness: Awareness,
		target: RelayTarget,
		options: RelayConnectionOptions = {}
	) {
		this.#name = name;
		this.#doc = doc;
		this.#options = options;
		this.#relayVector = options.knownRelayVector ?? null;
		this.status = {
			phase: isBrowserOnline() ? 'connecting' : 'offline',
			// Never confirmed by a relay: everything in the document counts as waiting.
			pending: countPending(
				Y.decodeStateVector(Y.encodeStateVector(doc)),
				this.#relayVector ?? new Map(),
				[]
			),
			hasReceipt: false,
			lastReceiptAt: null,
			attempts: 0,
			error: null
		};
		this.provider = new RelayProvider(syncUrl(target.relayUrl), name, doc, {
			awareness,
			token: target.token,
			WebSocketPolyfill: options.WebSocketPolyfill,
			onSocket: (socket) => {
				this.#socket = socket;
				this.#socketSince = Date.now();
				this.#hasHeardFrame = false;
			},
			onFrame: this.#onFrame
		});
		this.provider.on('status', this.#onProviderStatus);
		this.provider.on('sync', this.#onSync);
		this.provider.on('connection-close', this.#onClose);
		doc.on('update', this.#onUpdate);
		this.#checkTimer = setInterval(this.#heartbeat, CHECK_EVERY_MS);
		this.#stopListening = onConnectivityChange(this.#onConnectivity);
		if (typeof document !== 'undefined') {
			document.addEventListener('visibilitychange', this.#onVisibility);
		}
		if (isBrowserOnline()) this.provider.connect();
		else this.#scheduleReconnect(1);
	}

	#set(patch: Partial<RelayStatus>) {
		this.status = { ...this.status, ...patch };
		try {
			this.#options.onChange?.(this.status);
		} catch (error) {
			console.error('Plenary: sync status listener failed', error);
		}
	}

	#onFrame = (frame: RelayFrame) => {
		this.#heard();
		if (!this.#hasHeardFrame) {
			this.#hasHeardFrame = true;
			// A relay that was slow to answer, not gone: it is answering now.
			if (this.status.phase === 'unreachable' || this.status.phase === 'offline') {
				this.#set({ phase: 'connecting' });
			}
		}
		if (frame.type === 'receipt') this.#onReceipt(frame.relayVector);
		// y-websocket only logs a refusal (with the token in the URL); the screens say it.
		else if (frame.type === 'refusal') {
			const kind = frame.reason === DOCUMENT_TOO_LARGE ? 'too-large' : 'permission-denied';
			reportRefusal(kind, this.#name, frame.reason);
		}
	};

	/** The relay's sync step 2 of this connection has been applied: the first sync is done. */
	#onSync = (isSynced: boolean) => {
		if (!isSynced || this.#hasSynced) return;
		this.#hasSynced = true;
		this.#recount();
	};

	#isOpen(): boolean {
		return this.#socket?.readyState === OPEN;
	}

	#heard() {
		this.#lastHeardAt = Date.now();
	}

	#onReceipt(relayVector: Map<number, number>) {
		this.#relayVector = relayVector;
		this.#changes = settleChanges(this.#changes, relayVector);
		// Our answer to this step 1 (y-websocket writes it right after) carries every change still
		// waiting.
		for (const change of this.#changes) change.isSent = true;
		this.#set({ hasReceipt: true, lastReceiptAt: Date.now() });
		this.#recount();
		try {
			this.#options.onReceipt?.(relayVector);
		} catch (error) {
			console.error('Plenary: receipt listener failed', error);
		}
	}

	#recount() {
		const local = Y.decodeStateVector(Y.encodeStateVector(this.#doc));
		const pending = countPending(local, this.#relayVector ?? new Map(), this.#changes);
		const phase =
			this.status.phase === 'connecting' && this.#hasSynced && this.status.hasReceipt
				? 'connected'
				: this.status.phase;
		this.#set(phase === 'connected' ? { pending, phase, attempts: 0 } : { pending, phase });
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this.provider) return;
		const change = changeFromUpdate(update);
		if (this.#relayVector && change.ends.size > 0 && isCoveredBy(change, this.#relayVector)) return;
		change.isSent = this.#isOpen();
		this.#changes.push(change);
		this.#recount();
	};

	#onProviderStatus = ({ status }: { status: string }) => {
		if (status === 'connected') {
			this.#heard();
			this.#hasSynced = false;
			// Offline or unreachable stays said until the relay's first frame (#onFrame): a socket
			// can open and stay silent. A new attempt ('connecting') is no news either.
			const isQuiet = this.status.phase === 'offline' || this.status.phase === 'unreachable';
			this.#set({
				phase: isQuiet ? this.status.phase : 'connecting',
				hasReceipt: false,
				error: null
			});
		}
	};

	/**
	 * y-websocket does not reconnect after this: `shouldReconnect` says no to a close by the
	 * relay, and `disconnect()` (our own closes) stops it. We reconnect, with our backoff.
	 */
	#onClose = (event: CloseEvent | null) => {
		this.#socket = null;
		const reason = this.#closeReason;
		this.#closeReason = null;
		this.#hasSynced = false;
		if (this.#isDestroyed || reason === 'stop') return;
		if (reason === 'token') {
			// Closed to use a new token (links replaced here); the relay's 4401 is no refusal.
			this.#set({ phase: 'connecting', hasReceipt: false, error: null, attempts: 0 });
			setTimeout(() => this.#connectNow(), 0);
			return;
		}
		if (event?.code === CLOSE_TOO_LARGE) {
			this.#set({
				phase: 'failed',
				hasReceipt: false,
				error:
					'A change is larger than the relay accepts. It is kept on this device, but it cannot be sent.'
			});
			return;
		}
		if (event && isAccessRefusal(event.code)) {
			reportRefusal('revoked', this.#name, event.reason || String(event.code));
			this.#set({
				phase: 'failed',
				hasReceipt: false,
				error: 'The relay refused this device’s invite link (it may have been replaced).'
			});
			return;
		}
		const attempts = this.status.attempts + 1;
		if (reason === 'offline' || !isBrowserOnline()) {
			this.#set({ phase: 'offline', hasReceipt: false, attempts });
			this.#scheduleReconnect(attempts);
			return;
		}
		// A relay that closed a live socket (a restart) is usually back at the first retry; one
		// that stopped answering (heartbeat) is not, and is said so at once.
		const isLikelyBack =
			this.status.phase === 'connected' && attempts === 1 && reason !== 'heartbeat';
		this.#set({ phase: isLikelyBack ? 'connecting' : 'unreachable', hasReceipt: false, attempts });
		this.#scheduleReconnect(attempts);
	};

	#scheduleReconnect(attempts: number) {
		if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
		const [first, max] = isBrowserOnline()
			? [BACKOFF_FIRST_MS, BACKOFF_MAX_MS]
			: [OFFLINE_RETRY_FIRST_MS, OFFLINE_RETRY_MAX_MS];
		const ceiling = Math.min(max, first * 2 ** Math.max(0, attempts - 1));
		const delay = ceiling / 2 + Math.random() * (ceiling / 2);
		this.#reconnectTimer = setTimeout(() => {
			this.#reconnectTimer = null;
			this.#connectNow();
		}, delay);
	}

	/** Opens a socket now, whatever the browser says about the network (see the header). */
	#connectNow() {
		if (this.#isDestroyed) return;
		if (this.#reconnectTimer) {
			clearTimeout(this.#reconnectTimer);
			this.#reconnectTimer = null;
		}
		if (this.#socket) return;
		this.provider.connect();
	}

	#closeSocket(reason: 'offline' | 'heartbeat' | 'stop' | 'token') {
		if (!this.#socket) return;
		this.#closeReason = reason;
		this.provider.disconnect();
	}

	#onConnectivity = (isOnline: boolean) => {
		if (this.status.phase === 'failed') return;
		if (!isOnline) {
			this.#closeSocket('offline');
			this.#set({ phase: 'offline', hasReceipt: false, attempts: 1 });
			this.#scheduleReconnect(1);
		} else if (!this.#socket) {
			this.#set({ phase: 'connecting', attempts: 0 });
			this.#connectNow();
		}
	};

	/** Back on the tab: phones throttle timers in the background, so check and retry now. */
	#onVisibility = () => {
		if (document.visibilityState !== 'visible' || !isBrowserOnline()) return;
		if (this.status.phase === 'unreachable') {
			this.#set({ attempts: 0 });
			this.#connectNow();
		} else if (this.#isOpen()) {
			this.#lastPingAt = 0;
			this.#heartbeat();
		}
	};

	#heartbeat = () => {
		const socket = this.#socket;
		const now = Date.now();
		if (socket && !this.#hasHeardFrame && now - this.#socketSince >= UNREACHABLE_AFTER_MS) {
			if (this.status.phase === 'connecting') this.#set({ phase: 'unreachable' });
		}
		if (socket?.readyState === CONNECTING) {
			this.#connectingSince ||= now;
			if (now - this.#connectingSince >= CONNECT_TIMEOUT_MS) {
				this.#connectingSince = 0;
				this.#closeSocket('heartbeat');
			}
			return;
		}
		this.#connectingSince = 0;
		if (!socket || socket.readyState !== OPEN) return;
		const silence = now - this.#lastHeardAt;
		if (!this.#hasSynced || socket.bufferedAmount > 0) {
			// A big first sync or upload: silence is expected for a while, and a ping would only
			// queue behind it.
			if (silence >= FIRST_SYNC_LIMIT_MS) this.#closeSocket('heartbeat');
			return;
		}
		const isPingOutstanding = this.#lastPingAt > this.#lastHeardAt;
		if (isPingOutstanding) {
			// Dead only when a ping went unanswered: a background tab's throttled timers may tick
			// once a minute, which alone says nothing about the socket.
			if (now - this.#lastPingAt >= DEAD_AFTER_MS - PING_AFTER_MS) this.#closeSocket('heartbeat');
			return;
		}
		if (silence >= PING_AFTER_MS) {
			this.#lastPingAt = now;
			try {
				socket.send(encodeSyncStep1(this.#doc));
			} catch {
				this.#closeSocket('heartbeat');
			}
		}
	};

	/** Tries again now: after a failure (oversized update, refused token) or while unreachable. */
	retry() {
		this.#set({ phase: isBrowserOnline() ? 'connecting' : 'offline', error: null, attempts: 0 });
		this.#connectNow();
	}

	/**
	 * Connects with another token from now on (this device replaced the group's links): the
	 * socket opened with the old one is closed and opened again, whether or not the relay has
	 * closed it (4401) already.
	 */
	useToken(token: string) {
		if (this.#isDestroyed || this.provider.params.token === token) return;
		this.provider.params = { ...this.provider.params, token };
		if (this.#socket) this.#closeSocket('token');
		else this.retry();
	}

	/** Whether every local change is on the relay, as of its last receipt. */
	get isUpToDate(): boolean {
		return this.status.phase === 'connected' && this.status.hasReceipt && this.status.pending === 0;
	}

	destroy() {
		this.#isDestroyed = true;
		this.#stopListening();
		if (typeof document !== 'undefined') {
			document.removeEventListener('visibilitychange', this.#onVisibility);
		}
		clearInterval(this.#checkTimer);
		if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
		this.#doc.off('update', this.#onUpdate);
		this.#closeReason = 'stop';
		this.provider.destroy();
	}
}

/** A sync step 1 message: what the relay must answer with a step 2, our heartbeat's ping. */
function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, messageSync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}
