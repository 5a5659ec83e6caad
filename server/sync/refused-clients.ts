/**
 * Per client, the first clock of an update refused as too large, while the document has not got
 * that far. A client's later updates build on its refused one and would otherwise wait unseen in
 * Yjs's pending store; the room refuses them in words instead.
 */
import * as Y from 'yjs';

export class RefusedClients {
	readonly #from = new Map<number, number>();

	constructor(private readonly doc: Y.Doc) {}

	/** Whether `update` continues a client's refused update, which the document never got. */
	follows(update: Uint8Array): boolean {
		if (this.#from.size === 0) return false;
		let follows = false;
		for (const [client, from] of Y.parseUpdateMeta(update).from) {
			const refused = this.#from.get(client);
			if (refused === undefined) continue;
			const state = Y.getState(this.doc.store, client);
			if (state > refused) this.#from.delete(client);
			else if (from > state) follows = true;
		}
		return follows;
	}

	/** Records the clients whose new structs `update` held, now refused. */
	record(update: Uint8Array): void {
		const { from, to } = Y.parseUpdateMeta(update);
		for (const [client, start] of from) {
			const state = Y.getState(this.doc.store, client);
			if ((to.get(client) ?? 0) <= state) continue;
			const first = Math.max(start, state);
			const known = this.#from.get(client);
			// An entry the document has got past is stale.
			this.#from.set(
				client,
				known !== undefined && known >= state ? Math.min(known, first) : first
			);
		}
	}
}
