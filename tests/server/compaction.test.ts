/**
 * A compaction that fails costs nothing but the compaction: on a write, the update stays
 * committed and forwarded and the writer stays connected; on load, the document is served from
 * its stored updates. It is tried again later.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import type { Store } from '../../server/storage/store.ts';
import {
	connectClient,
	createGroup,
	randomId,
	removeDir,
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

/** The SQLite store, except that compactions fail while `isFailing` is set. */
function failingStore(dataDir: string) {
	const inner = openSqliteStore(dataDir);
	const control = { isFailing: true, attempts: 0 };
	const store: Store = {
		...inner,
		async replaceDocument(name, snapshot) {
			control.attempts++;
			if (control.isFailing) throw new Error('disk I/O error');
			return inner.replaceDocument(name, snapshot);
		}
	};
	return { store, inner, control };
}

async function start(store: Store, dataDir: string, lines: string[]): Promise<TestRelay> {
	const relay = await startTestRelay(
		{ dataDir, compactAfterUpdates: 3 },
		{ store, logger: createLogger('warn', (line) => lines.push(line)) }
	);
	cleanups.push(() => relay.close());
	return relay;
}

function client(relay: TestRelay, document: string, token: string): Client {
	const created = connectClient(relay.syncUrl, document, token);
	cleanups.push(() => created.destroy());
	return created;
}

describe('compaction', () => {
	it('keeps a write committed and forwarded, and the writer connected, when compacting fails', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const { store, inner, control } = failingStore(dataDir);
		const lines: string[] = [];
		const relay = await start(store, dataDir, lines);
		const group = await createGroup(relay.httpUrl);
		const document = `${group.groupId}/${randomId()}`;
		const writer = client(relay, document, group.tokens.edit);
		const reader = client(relay, document, group.tokens.view);
		await Promise.all([waitSynced(writer), waitSynced(reader)]);
		let closes = 0;
		writer.provider.on('connection-close', () => closes++);

		for (let n = 0; n < 10; n++) {
			writer.doc.getArray('list').push([n]);
			await waitFor(() => reader.doc.getArray('list').length === n + 1);
		}
		expect(control.attempts).toBeGreaterThan(0);
		expect(closes).toBe(0);
		expect(writer.provider.wsconnected).toBe(true);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, Y.mergeUpdates(await inner.loadDocument(document)));
		expect(stored.getArray('list').toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(lines.some((line) => JSON.parse(line).event === 'compaction_failed')).toBe(true);
		expect(lines.join('\n')).not.toContain(group.tokens.edit);

		// Tried again later, not on every write: once it works, the updates become one snapshot.
		const attempts = control.attempts;
		control.isFailing = false;
		for (let n = 10; n < 20; n++) {
			writer.doc.getArray('list').push([n]);
			await waitFor(() => reader.doc.getArray('list').length === n + 1);
		}
		await relay.relay.registry.settled();
		expect(control.attempts).toBeGreaterThan(attempts);
		expect(control.attempts).toBeLessThan(attempts + 10);
		expect((await inner.loadDocument(document)).length).toBeLessThan(10);
	});

	it('serves a document whose compaction on load fails', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const { store, inner, control } = failingStore(dataDir);
		const lines: string[] = [];
		const relay = await start(store, dataDir, lines);
		const group = await createGroup(relay.httpUrl);
		const document = `${group.groupId}/${randomId()}`;
		// Ten stored updates, more than the relay keeps before compacting.
		const source = new Y.Doc();
		const updates: Uint8Array[] = [];
		source.on('update', (update: Uint8Array) => updates.push(update));
		for (let n = 0; n < 10; n++) source.getArray('list').push([n]);
		await inner.appendMany([{ name: document, updates }]);

		const reader = client(relay, document, group.tokens.view);
		await waitSynced(reader);
		expect(reader.doc.getArray('list').toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(control.attempts).toBe(1);
		expect(reader.provider.wsconnected).toBe(true);
		expect(lines.some((line) => JSON.parse(line).event === 'compaction_failed')).toBe(true);

		// And it is writable.
		const writer = client(relay, document, group.tokens.edit);
		await waitSynced(writer);
		writer.doc.getArray('list').push([10]);
		await waitFor(() => reader.doc.getArray('list').length === 11);
	});
});
