/**
 * y-websocket's WebsocketProvider, extended only through what it exposes, for RelayConnection:
 *
 * - constructor options: no connecting until told (`connect: false`), the token in `params`, no
 *   BroadcastChannel (tab-channel.ts keeps tabs in step), `shouldReconnect: () => false` so a
 *   close by the relay never makes it reconnect on its own (RelayConnection decides when), and
 *   `WebSocketPolyfill`: a subclass of the WebSocket (below) that sees every frame first;
 * - a subclass whose `wsLastMessageReceived` is always now, so y-websocket's 30 s silence
 *   watchdog never closes a socket: RelayConnection's heartbeat decides instead.
 *
 * What y-websocket offers no seam for is listed in docs/dependencies.md.
 */
import * as decoding from 'lib0/decoding';
import type { Awareness } from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import { messageAuth, messageSync, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { socketProtocolsFor } from '$lib/protocol/socket-protocols';

/** What a frame from the relay means to the app. */
export type RelayFrame =
	/** a sync step 1: the relay's state vector, which settles the changes it covers */
	| { type: 'receipt'; relayVector: Map<number, number> }
	/** the auth message "permission denied": a read-only connection sent an update */
	| { type: 'refusal'; reason: string }
	| { type: 'other' };

export interface RelaySocketHooks {
	/**
	 * When y-websocket opens a socket (one per attempt), before it attaches its handlers. Runs
	 * inside `provider.connect()`; an exception it throws comes out of that call.
	 */
	onSocket(socket: WebSocket): void;
	/**
	 * For each frame of a socket y-websocket still listens to, before y-websocket reads it (and
	 * instead of it, for a refusal). An exception it throws is logged; y-websocket still gets the
	 * frame.
	 */
	onFrame(frame: RelayFrame): void;
}

export interface RelayProviderOptions extends RelaySocketHooks {
	awareness: Awareness;
	token: string;
	/** the WebSocket to extend; the browser's by default (tests pass `ws`) */
	WebSocketPolyfill?: typeof WebSocket;
}

export class RelayProvider extends WebsocketProvider {
	constructor(serverUrl: string, name: string, doc: Y.Doc, options: RelayProviderOptions) {
		super(serverUrl, name, doc, {
			connect: false,
			awareness: options.awareness,
			params: { token: options.token },
			disableBc: true,
			shouldReconnect: () => false,
			WebSocketPolyfill: relaySocketClass(options.WebSocketPolyfill ?? globalThis.WebSocket, {
				onSocket: options.onSocket,
				onFrame: options.onFrame
			})
		});
	}

	// y-websocket closes a socket that heard nothing for 30 s, which cuts off a big first sync
	// (y-websocket#24) and, with a background tab's throttled timers, a healthy idle one. It
	// assigns this field and reads it back through the instance, so an accessor here takes both;
	// relay-connection.spec.ts fails if it stops doing so.
	// @ts-expect-error y-websocket declares a plain field, which TypeScript forbids overriding with an accessor
	override get wsLastMessageReceived(): number {
		return Date.now();
	}

	override set wsLastMessageReceived(_time: number) {}
}

/**
 * A subclass of `Base` that shows `hooks` every frame before y-websocket's `onmessage` handler
 * sees it, and keeps refusals from it: y-websocket answers one by `console.warn`ing the socket's
 * URL. The token y-websocket put in that URL travels as a subprotocol instead
 * (socket-protocols.ts), so that no URL a browser prints carries it. The class holds the handler y-websocket assigns and calls it
 * itself; `stopImmediatePropagation` would do in a browser, but `ws` (the tests') has none.
 */
function relaySocketClass(Base: typeof WebSocket, hooks: RelaySocketHooks): typeof WebSocket {
	return class RelaySocket extends Base {
		#handler: WebSocket['onmessage'] = null;

		constructor(url: string | URL, protocols?: string | string[]) {
			const address = new URL(url);
			const token = address.searchParams.get('token');
			address.searchParams.delete('token');
			super(
				address.href,
				token === null ? protocols : [...[protocols ?? []].flat(), ...socketProtocolsFor(token)]
			);
			hooks.onSocket(this);
			this.addEventListener('message', (event) => this.#dispatch(event));
		}

		override get onmessage(): WebSocket['onmessage'] {
			return this.#handler;
		}

		override set onmessage(handler: WebSocket['onmessage']) {
			this.#handler = handler;
		}

		#dispatch(event: MessageEvent) {
			const handler = this.#handler;
			// y-websocket detaches its handler from a socket it has closed: nothing of it counts.
			if (!handler) return;
			const frame = readRelayFrame(event.data);
			try {
				hooks.onFrame(frame);
			} catch (error) {
				console.error('Plenary: relay frame listener failed', error);
			}
			if (frame.type !== 'refusal') handler.call(this, event);
		}
	};
}

/** Reads the head of a frame; anything it cannot read is `other`, for y-websocket to judge. */
function readRelayFrame(data: unknown): RelayFrame {
	if (typeof data === 'string') return { type: 'other' };
	try {
		const decoder = decoding.createDecoder(new Uint8Array(data as ArrayBuffer));
		const messageType = decoding.readVarUint(decoder);
		if (messageType === messageSync) {
			if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) {
				return { type: 'other' };
			}
			return {
				type: 'receipt',
				relayVector: Y.decodeStateVector(decoding.readVarUint8Array(decoder))
			};
		}
		if (messageType === messageAuth) {
			if (decoding.readVarUint(decoder) !== authProtocol.messagePermissionDenied) {
				return { type: 'other' };
			}
			return { type: 'refusal', reason: decoding.readVarString(decoder) };
		}
	} catch {
		// a truncated or foreign frame
	}
	return { type: 'other' };
}
