/**
 * Commit stages (server/sync/commit-stages.ts) on real sockets and real SQLite: the updates of
 * several connections of one room that arrive in one event-loop turn are committed in one
 * transaction and forwarded as one update, each still before it is forwarded; while a commit is
 * under way nothing that shows the document runs ahead of the store: an answer to a sync step 1
 * waits for it, and a receipt never carries a clock the store does not hold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import type { DocumentUpdates, Store } from '../../server/storage/store.ts';
import { decodeMessage, encodeSyncStep1, encodeUpdate } from '../../server/sync/protocol.ts';
import {
	createGroup,
	openRaw,
	randomId,
	removeDir,
	startTestRelay,
	tempDir,
	waitFor,
	type RawClient
} from '../utils/relay.ts';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The SQLite store, recording each transaction's updates; `hold()` keeps the next ones waiting. */
function gatedStore(dataDir: string) {
	const inner = openSqliteStore(dataDir);
	const transactions: DocumentUpdates[][] = [];
	let gate: Promise<void> | null = null;
	let open = () => {};
	const store: Store = {
		...inner,
		async appendMany(batches) {
			transactions.push(batches.map((b) => ({ name: b.name, updates: [...b.updates] })));
			if (gate) await gate;
			return inner.appendMany(batches);
		}
	};
	return {
		store,
		inner,
		transactions,
		hold() {
			gate = new Promise((resolve) => (open = resolve));
		},
		release() {
			gate = null;
			open();
		}
	};
}

async function setUp() {
	const dataDir = tempDir();
	const gated = gatedStore(dataDir);
	const relay = await startTestRelay({ dataDir }, { store: gated.store });
	cleanups.push(() => removeDir(dataDir));
	cleanups.push(() => relay.close());
	const group = await createGroup(relay.httpUrl);
	const document = `${group.groupId}/${randomId()}`;
	const open = (token: string) => {
		const client = openRaw(`${relay.syncUrl}/${document}?token=${token}`);
		cleanups.push(() => client.ws.terminate());
		return client;
	};
	return { relay, group, document, open, ...gated };
}

/** Blocks this process (and the relay in it): frames sent just before are read in one turn. */
function blockFor(ms: number): void {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// busy on purpose
	}
}

function messages(client: RawClient, from = 0) {
	return client.frames.slice(from).map((frame) => decodeMessage(frame));
}

function updatesIn(client: RawClient, from = 0): Uint8Array[] {
	return messages(client, from).flatMap((m) => (m.type === 'update' ? [m.update] : []));
}

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
	let update: Uint8Array = new Uint8Array();
	doc.once('update', (u: Uint8Array) => (update = u));
	doc.getText('notes').insert(doc.getText('notes').length, text);
	return update;
}

function textOf(updates: Uint8Array[]): string {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('notes').toString();
}

describe('commit stages', () => {
	it('commits the writers of one room that sent in one turn together, and forwards them as one update', async () => {
		const { relay, group, open, transactions, inner, document } = await setUp();
		const writers = [0, 1, 2].map(() => open(group.tokens.edit));
		const observer = open(group.tokens.view);
		await Promise.all([...writers, observer].map((c) => c.opened));
		await waitFor(() => [...writers, observer].every((c) => c.frames.length > 0));
		await relay.relay.registry.settled();
		let storedWhenForwarded: Promise<Uint8Array[]> | null = null;
		observer.ws.on('message', (data: Buffer) => {
			if (decodeMessage(new Uint8Array(data)).type !== 'update') return;
			// The SQLite store reads synchronously, when called.
			storedWhenForwarded ??= inner.loadDocument(document);
		});
		transactions.length = 0;
		const before = observer.frames.length;
		writers.forEach((writer, n) => writer.send(encodeUpdate(textUpdate(new Y.Doc(), `w${n} `))));
		blockFor(50);

		await waitFor(() => textOf(updatesIn(observer, before)).length === 9);
		expect(transactions).toHaveLength(1);
		expect(transactions[0]).toHaveLength(1);
		expect(transactions[0][0].updates).toHaveLength(3);
		expect(updatesIn(observer, before)).toHaveLength(1);
		expect(textOf(updatesIn(observer, before)).split(' ').sort()).toEqual(['', 'w0', 'w1', 'w2']);
		expect(textOf(await storedWhenForwarded!).length).toBe(9);
		// Each writer gets the others' updates (its own with them, being merged) and a receipt.
		for (const writer of writers) {
			await waitFor(() => textOf(updatesIn(writer)).length === 9);
			await waitFor(() => messages(writer).filter((m) => m.type === 'sync-step-1').length >= 2);
		}
	});

	it('answers a sync step 1 and sends receipts only with what the store holds', async () => {
		const { relay, group, open, inner, document, hold, release } = await setUp();
		const writer = open(group.tokens.edit);
		const reader = open(group.tokens.view);
		await Promise.all([writer.opened, reader.opened]);
		await waitFor(() => writer.frames.length > 0 && reader.frames.length > 0);
		await relay.relay.registry.settled();

		hold();
		const doc = new Y.Doc();
		writer.send(encodeUpdate(textUpdate(doc, 'not yet stored')));
		await waitFor(() => relay.relay.registry.get(document)?.doc.getText('notes').length === 14);
		const readerFrom = reader.frames.length;
		const writerFrom = writer.frames.length;
		// A new reader asks for the whole document while the commit waits.
		reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(messages(reader, readerFrom)).toEqual([]);
		// No receipt for the writer either, though its receipt delay has passed.
		expect(messages(writer, writerFrom).filter((m) => m.type === 'sync-step-1')).toEqual([]);
		expect(await inner.loadDocument(document)).toEqual([]);

		release();
		await waitFor(() => messages(reader, readerFrom).some((m) => m.type === 'sync-step-2'));
		const answer = messages(reader, readerFrom).find((m) => m.type === 'sync-step-2');
		expect(answer?.type === 'sync-step-2' && textOf([answer.update])).toBe('not yet stored');
		await waitFor(() => messages(writer, writerFrom).some((m) => m.type === 'sync-step-1'));
		const receipt = messages(writer, writerFrom).find((m) => m.type === 'sync-step-1');
		const stored = new Y.Doc();
		for (const update of await inner.loadDocument(document)) Y.applyUpdate(stored, update);
		expect(receipt?.type === 'sync-step-1' && Y.decodeStateVector(receipt.stateVector)).toEqual(
			Y.decodeStateVector(Y.encodeStateVector(stored))
		);
		expect(stored.getText('notes').toString()).toBe('not yet stored');
	});
});
