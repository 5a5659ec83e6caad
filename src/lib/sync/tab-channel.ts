/**
 * Keeps the copies of one Yjs document in several tabs of this origin in step, with or without
 * network, over a BroadcastChannel named `plenary-doc:<document name>`.
 *
 * y-websocket has a BroadcastChannel too, but it only runs between `connect()` and
 * `disconnect()`, so two offline tabs would drift apart; this one runs for as long as the
 * document is open. Messages (structured clones):
 *   { type: 'hello', vector }    a tab opened the document: others answer with an 'update' of
 *                                what it lacks and a 'hello-back' with their own vector
 *   { type: 'hello-back', vector }  answered with an 'update' of what that tab lacks
 *   { type: 'update', update }   a Yjs update, applied with this channel as the origin
 * A message that fails to decode or apply is logged and dropped; it never reaches the document.
 */
import * as Y from 'yjs';

type Message =
	{ type: 'hello' | 'hello-back'; vector: Uint8Array } | { type: 'update'; update: Uint8Array };

export class TabChannel {
	readonly #doc: Y.Doc;
	readonly #channel: BroadcastChannel | null;
	#isClosed = false;

	constructor(name: string, doc: Y.Doc) {
		this.#doc = doc;
		this.#channel =
			typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`plenary-doc:${name}`);
		if (!this.#channel) return;
		this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
		doc.on('update', this.#onUpdate);
	}

	/** Call once the document has loaded from this device, so the hello carries its real state. */
	greet() {
		this.#post({ type: 'hello', vector: Y.encodeStateVector(this.#doc) });
	}

	#post(message: Message) {
		if (this.#isClosed) return;
		try {
			this.#channel?.postMessage(message);
		} catch (error) {
			console.warn('Plenary: could not reach other tabs', error);
		}
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin !== this) this.#post({ type: 'update', update });
	};

	#receive(message: Message) {
		try {
			if (message?.type === 'update' && message.update instanceof Uint8Array) {
				Y.applyUpdate(this.#doc, message.update, this);
			} else if (
				(message?.type === 'hello' || message?.type === 'hello-back') &&
				message.vector instanceof Uint8Array
			) {
				const missing = Y.encodeStateAsUpdate(this.#doc, message.vector);
				if (missing.length > 2) this.#post({ type: 'update', update: missing });
				if (message.type === 'hello') {
					this.#post({ type: 'hello-back', vector: Y.encodeStateVector(this.#doc) });
				}
			}
		} catch (error) {
			console.warn('Plenary: dropped a bad message from another tab', error);
		}
	}

	destroy() {
		this.#isClosed = true;
		this.#doc.off('update', this.#onUpdate);
		this.#channel?.close();
	}
}
