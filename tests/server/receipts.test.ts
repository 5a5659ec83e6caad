/**
 * Receipts: after committing a connection's updates the relay sends it a sync step 1 with the
 * document's state vector. A client learns from it which of its changes are stored.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeUpdate } from '../../server/sync/protocol.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	randomId,
	startTestRelay,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

let relay: TestRelay;
let group: Group;
const clients: Client[] = [];

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl);
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await relay.close();
});

/** The state vectors of the sync step 1 messages among `frames`. */
function receipts(frames: Uint8Array[]): Map<number, number>[] {
	return frames
		.filter((frame) => frame[0] === 0 && frame[1] === 0)
		.map((frame) => {
			const decoder = decoding.createDecoder(frame);
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
			return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
		});
}

/** "N changes waiting": how many of this client's clock ticks the relay does not have. */
function waiting(doc: Y.Doc, relayClocks: Map<number, number>): number {
	const own = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
	return own - (relayClocks.get(doc.clientID) ?? 0);
}

describe('receipts', () => {
	it('confirms a batch of writes with one sync step 1 carrying the stored state', async () => {
		const document = `${group.groupId}/${randomId()}`;
		const raw = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.edit}`);
		await raw.opened;
		await waitFor(() => receipts(raw.frames).length === 1);
		expect(receipts(raw.frames)[0].size).toBe(0);

		const doc = new Y.Doc();
		const sent: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => sent.push(update));
		for (let n = 0; n < 5; n++) doc.getText('notes').insert(0, `${n}`);
		expect(waiting(doc, receipts(raw.frames)[0])).toBe(5);
		for (const update of sent.slice(0, 3)) raw.send(encodeUpdate(update));

		await waitFor(() => receipts(raw.frames).length === 2);
		const first = receipts(raw.frames)[1];
		expect(first.get(doc.clientID)).toBe(3);
		expect(waiting(doc, first)).toBe(2);

		for (const update of sent.slice(3)) raw.send(encodeUpdate(update));
		await waitFor(() => receipts(raw.frames).length === 3);
		const second = receipts(raw.frames)[2];
		expect(waiting(doc, second)).toBe(0);
		expect(relay.relay.registry.get(document)?.doc.getText('notes').toString()).toBe('43210');
		raw.ws.close();
	});

	it('sends no receipt for reads or for nothing new', async () => {
		const document = `${group.groupId}/${randomId()}`;
		const raw = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.edit}`);
		await raw.opened;
		await waitFor(() => receipts(raw.frames).length === 1);
		raw.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
		raw.send(encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc())));
		await waitFor(() => raw.frames.length >= 2);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(receipts(raw.frames)).toHaveLength(1);
		raw.ws.close();
	});

	it('tells a plain y-websocket client when all its changes are stored', async () => {
		const document = `${group.groupId}/${randomId()}`;
		const client = connectClient(relay.syncUrl, document, group.tokens.edit);
		clients.push(client);
		await waitSynced(client);
		const heard: Map<number, number>[] = [];
		const ws = client.provider.ws!;
		ws.addEventListener('message', (event: MessageEvent) => {
			heard.push(...receipts([new Uint8Array(event.data as ArrayBuffer)]));
		});
		for (let n = 0; n < 30; n++) client.doc.getText('notes').insert(n, 'x');
		await waitFor(() => heard.length > 0 && waiting(client.doc, heard.at(-1)!) === 0);
		// The receipt came after the writes were committed: the store has them.
		const stored = await relay.relay.store.loadDocument(document);
		const copy = new Y.Doc();
		for (const update of stored) Y.applyUpdate(copy, update);
		expect(copy.getText('notes').toString()).toBe('x'.repeat(30));
		// Batched: far fewer receipts than writes.
		expect(heard.length).toBeLessThan(10);
	});
});
