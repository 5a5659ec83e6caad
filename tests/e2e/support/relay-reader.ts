/**
 * Reads documents straight from the relay with a plain y-websocket client (no code of the app),
 * to check what the relay really stored.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export async function readFromRelay(
	baseUrl: string,
	name: string,
	token: string,
	timeout = 10_000
): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/sync`, name, doc, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no sync of ${name} from the relay`)),
				timeout
			);
			provider.once('sync', () => {
				clearTimeout(timer);
				resolve();
			});
		});
	} finally {
		provider.destroy();
	}
	return doc;
}

/** Polls the relay until `check` accepts its copy of the document. */
export async function waitForRelay(
	baseUrl: string,
	name: string,
	token: string,
	check: (doc: Y.Doc) => boolean,
	timeout = 15_000
): Promise<Y.Doc> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const doc = await readFromRelay(baseUrl, name, token);
		if (check(doc)) return doc;
		if (Date.now() > deadline) return doc;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
