/**
 * The store and the rooms around it: appends are all or none, compaction keeps the same
 * document, a document is loaded before its first sync answer (messages that arrive meanwhile
 * wait, within a bound), rooms unload when idle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import type { Store } from '../../server/storage/store.ts';
import { encodeUpdate } from '../../server/sync/protocol.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	randomId,
	removeDir,
	sleep,
	startTestRelay,
	tempDir,
	waitFor,
	waitSynced,
	type Client,
	type TestRelay
} from '../utils/relay.ts';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayFor(config: Parameters<typeof startTestRelay>[0], store?: Store) {
	const relay = await startTestRelay(config, store ? { store } : {});
	cleanups.push(() => relay.close());
	return relay;
}

function client(relay: TestRelay, document: string, token: string): Client {
	const created = connectClient(relay.syncUrl, document, token);
	cleanups.push(() => created.destroy());
	return created;
}

function load(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

function content(doc: Y.Doc) {
	return { notes: doc.getText('notes').toString(), items: doc.getArray('items').toJSON() };
}

describe('compaction', () => {
	it('keeps the same document as the uncompacted log', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const relay = await relayFor({ dataDir, compactAfterUpdates: 25 });
		const group = await createGroup(relay.httpUrl);
		const document = `${group.groupId}/${randomId()}`;
		const writer = client(relay, document, group.tokens.edit);
		await waitSynced(writer);
		const reference = new Y.Doc();
		writer.doc.on('update', (update: Uint8Array) => Y.applyUpdate(reference, update));
		const gen = prng.create(42);
		for (let n = 0; n < 120; n++) {
			const text = writer.doc.getText('notes');
			if (text.length > 10 && prng.bool(gen)) {
				text.delete(prng.int32(gen, 0, text.length - 5), prng.int32(gen, 1, 4));
			} else {
				text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
			}
			writer.doc.getArray('items').push([n]);
		}
		await waitFor(
			() =>
				relay.relay.registry.get(document)?.doc.getText('notes').toString() ===
				reference.getText('notes').toString()
		);
		await relay.relay.registry.settled();
		const stored = await relay.relay.store.loadDocument(document);
		expect(stored.length).toBeLessThan(25);
		const compacted = load(stored);
		expect(content(compacted)).toEqual(content(reference));
		expect(Y.encodeStateVector(compacted)).toEqual(Y.encodeStateVector(reference));

		// And after a restart on the same data dir.
		await relay.close();
		const again = await relayFor({ dataDir });
		const fresh = client(again, document, group.tokens.view);
		await waitSynced(fresh);
		expect(content(fresh.doc)).toEqual(content(reference));
	});

	it('replaces the log atomically in SQLite', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const store = openSqliteStore(dataDir);
		cleanups.push(() => store.close());
		const doc = new Y.Doc();
		doc.on(
			'update',
			(update: Uint8Array) => void store.appendMany([{ name: 'doc', updates: [update] }])
		);
		for (let n = 0; n < 10; n++) doc.getText('t').insert(0, `${n}`);
		await sleep(0);
		expect(await store.loadDocument('doc')).toHaveLength(10);
		await store.replaceDocument('doc', Y.encodeStateAsUpdate(doc));
		const rows = await store.loadDocument('doc');
		expect(rows).toHaveLength(1);
		expect(load(rows).getText('t').toString()).toBe('9876543210');
		expect(await store.loadDocument('other')).toEqual([]);
	});
});

describe('appending', () => {
	it('writes the batches of several documents all or none, each in order', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const store = openSqliteStore(dataDir);
		cleanups.push(() => store.close());
		const bytes = (...values: number[]) => new Uint8Array(values);
		await store.appendMany([
			{ name: 'a', updates: [bytes(1), bytes(2)] },
			{ name: 'b', updates: [bytes(3)] },
			{ name: 'a', updates: [bytes(4)] }
		]);
		expect(await store.loadDocument('a')).toEqual([bytes(1), bytes(2), bytes(4)]);
		expect(await store.loadDocument('b')).toEqual([bytes(3)]);
		// A row SQLite refuses (data is NOT NULL) takes back the whole call.
		await expect(
			store.appendMany([
				{ name: 'a', updates: [bytes(5)] },
				{ name: 'c', updates: [null as unknown as Uint8Array] }
			])
		).rejects.toThrow(/NOT NULL/);
		expect(await store.loadDocument('a')).toEqual([bytes(1), bytes(2), bytes(4)]);
		expect(await store.loadDocument('c')).toEqual([]);
	});
});

/** The SQLite store with a slow `loadDocument`, to see what happens while a document loads. */
function slowStore(dataDir: string, delayMs: number): Store {
	const inner = openSqliteStore(dataDir);
	return {
		...inner,
		async loadDocument(name) {
			await sleep(delayMs);
			return inner.loadDocument(name);
		}
	};
}

describe('loading', () => {
	it('answers the first sync only once the stored document is in memory', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const first = await relayFor({ dataDir });
		const group = await createGroup(first.httpUrl);
		const document = `${group.groupId}/${randomId()}`;
		const writer = client(first, document, group.tokens.edit);
		await waitSynced(writer);
		writer.doc.getText('notes').insert(0, 'stored words');
		await waitFor(() => (first.relay.registry.get(document)?.doc.getText('notes').length ?? 0) > 0);
		writer.destroy();
		await first.close();

		const relay = await relayFor({ dataDir }, slowStore(dataDir, 300));
		const reader = client(relay, document, group.tokens.view);
		// A writer whose update arrives while the document loads: it waits, then applies.
		const raw = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.edit}`);
		await raw.opened;
		const offline = new Y.Doc();
		offline.getMap('meta').set('early', true);
		raw.send(encodeUpdate(Y.encodeStateAsUpdate(offline)));
		let sawEmpty = false;
		reader.provider.on('sync', (isSynced: boolean) => {
			if (isSynced && reader.doc.getText('notes').length === 0) sawEmpty = true;
		});
		await waitSynced(reader);
		expect(sawEmpty).toBe(false);
		expect(reader.doc.getText('notes').toString()).toBe('stored words');
		await waitFor(() => reader.doc.getMap('meta').get('early') === true);
		raw.ws.close();
	});

	it('closes a connection that sends too much while its document loads', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const relay = await relayFor(
			{ dataDir, maxMessageBytes: 4096, maxPendingBytes: 8192 },
			slowStore(dataDir, 500)
		);
		const group = await createGroup(relay.httpUrl);
		const raw = openRaw(
			`${relay.syncUrl}/${group.groupId}/${randomId()}?token=${group.tokens.edit}`
		);
		await raw.opened;
		for (let n = 0; n < 6; n++) {
			const doc = new Y.Doc();
			doc.getText('t').insert(0, 'x'.repeat(3000));
			raw.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		}
		expect((await raw.closed).code).toBe(1008);
	});
});

describe('unloading', () => {
	it('unloads a document when its last connection has gone and its writes are done', async () => {
		const relay = await relayFor({});
		const group = await createGroup(relay.httpUrl);
		const document = `${group.groupId}/${randomId()}`;
		const a = client(relay, document, group.tokens.edit);
		const b = client(relay, document, group.tokens.edit);
		await Promise.all([waitSynced(a), waitSynced(b)]);
		a.provider.awareness.setLocalStateField('user', { name: 'A' });
		const room = relay.relay.registry.get(document)!;
		let isAwarenessDestroyed = false;
		room.awareness.on('destroy', () => (isAwarenessDestroyed = true));
		await waitFor(() => room.awareness.getStates().size === 1);
		a.doc.getText('notes').insert(0, 'last words');
		a.provider.disconnect();
		b.provider.disconnect();
		await waitFor(() => relay.relay.registry.get(document) === undefined);
		expect(room.isDestroyed).toBe(true);
		// Destroying the awareness stops its timer.
		expect(isAwarenessDestroyed).toBe(true);
		const gauge = await relay.relay.metrics.documentsLoaded.get();
		expect(gauge.values[0].value).toBe(0);
		const stored = load(await relay.relay.store.loadDocument(document));
		expect(stored.getText('notes').toString()).toBe('last words');
	});
});
