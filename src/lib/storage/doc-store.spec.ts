import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest';
import * as Y from 'yjs';
import { PlenaryDatabase } from './db';
import { COMPACT_AT, DocPersistence, readStoredDocument } from './doc-store';
import { currentStorageIssues } from './storage-errors';

let db: PlenaryDatabase;
let n = 0;

beforeEach(async () => {
	db = new PlenaryDatabase(`doc-store-test-${++n}`);
	await db.open();
});

afterEach(async () => {
	db.close();
	await db.delete();
});

async function rowCount(name: string) {
	return db.updates.where('name').equals(name).count();
}

describe('DocPersistence', () => {
	test('stores each edit and loads it into a fresh document', async () => {
		const doc = new Y.Doc();
		const store = new DocPersistence('g/a', doc, db);
		await store.whenLoaded;
		doc.getText('t').insert(0, 'hello');
		doc.getText('t').insert(5, ' world');
		await store.whenStored();
		await store.destroy();

		const again = new Y.Doc();
		const reopened = new DocPersistence('g/a', again, db);
		await reopened.whenLoaded;
		expect(again.getText('t').toString()).toBe('hello world');
		await reopened.destroy();
	});

	test('writes nothing when a document is only opened, however often', async () => {
		const doc = new Y.Doc();
		const first = new DocPersistence('g/b', doc, db);
		await first.whenLoaded;
		doc.getText('t').insert(0, 'x');
		await first.destroy();
		const before = await rowCount('g/b');
		for (let i = 0; i < 5; i++) {
			const store = new DocPersistence('g/b', new Y.Doc(), db);
			await store.whenLoaded;
			await store.destroy();
		}
		expect(await rowCount('g/b')).toBe(before);
	});

	test('compacts past COMPACT_AT rows on load, keeping the content', async () => {
		const doc = new Y.Doc();
		const store = new DocPersistence('g/c', doc, db);
		await store.whenLoaded;
		for (let i = 0; i < COMPACT_AT + 10; i++) {
			doc.getText('t').insert(i, String(i % 10));
			await store.whenStored();
		}
		await store.destroy();
		expect(await rowCount('g/c')).toBe(COMPACT_AT + 10);

		const again = new Y.Doc();
		const reopened = new DocPersistence('g/c', again, db);
		await reopened.whenLoaded;
		expect(await rowCount('g/c')).toBe(1);
		expect(again.getText('t').toString()).toBe(doc.getText('t').toString());
		await reopened.destroy();
	});

	test('a write does not wait for the one before it', async () => {
		const doc = new Y.Doc();
		const store = new DocPersistence('g/g', doc, db);
		await store.whenLoaded;
		doc.getText('t').insert(0, 'a');
		await Promise.resolve();
		doc.getText('t').insert(1, 'b');
		await Promise.resolve();
		expect(store.state.unsavedUpdates).toBe(2);
		await store.whenStored();
		expect(store.state.unsavedUpdates).toBe(0);
		expect(await rowCount('g/g')).toBe(2);
		await store.destroy();
	});

	test('merges the updates of one task into one row', async () => {
		const doc = new Y.Doc();
		const store = new DocPersistence('g/d', doc, db);
		await store.whenLoaded;
		for (let i = 0; i < 20; i++) doc.getText('t').insert(0, 'a');
		await store.whenStored();
		expect(await rowCount('g/d')).toBe(1);
		await store.destroy();
	});

	test('keeps a failed write, reports it and retries until it is stored', async () => {
		const doc = new Y.Doc();
		const store = new DocPersistence('g/e', doc, db);
		await store.whenLoaded;
		const proto = globalThis.IDBObjectStore.prototype;
		const realAdd = proto.add;
		let failures = 2;
		proto.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
			if (this.name === 'updates' && failures-- > 0) {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			return realAdd.apply(this, args);
		};
		onTestFinished(() => {
			proto.add = realAdd;
		});
		vi.spyOn(console, 'error').mockImplementation(() => {});
		doc.getText('t').insert(0, 'kept');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(store.state.issue?.problem).toBe('quota');
		expect(currentStorageIssues().map((i) => i.subject)).toContain('g/e');
		await store.whenStored();
		expect(store.state.issue).toBeNull();
		expect(currentStorageIssues().map((i) => i.subject)).not.toContain('g/e');
		expect((await readStoredDocument(db, 'g/e')).getText('t').toString()).toBe('kept');
		await store.destroy();
	}, 10_000);

	test('stored bytes that are not a Yjs update: a clear problem, not a crash', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		await db.updates.add({ name: 'g/bad', update: new Uint8Array([1, 2, 3]) });
		await db.updates.add({ name: 'g/bad', update: new Uint8Array([9, 9]) });
		const doc = new Y.Doc();
		const store = new DocPersistence('g/bad', doc, db);
		await store.whenLoaded;
		expect(store.state).toMatchObject({ isLoaded: true, issue: { problem: 'unreadable' } });
		expect(store.state.issue?.message).toMatch(/cannot read the data stored on this device/);
		expect(currentStorageIssues().map((i) => i.subject)).toContain('g/bad');
		await expect(readStoredDocument(db, 'g/bad')).rejects.toMatchObject({
			name: 'UnreadableDataError'
		});
		await store.destroy();
	});

	test('stores content a document held before it loaded, once', async () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'early');
		const store = new DocPersistence('g/f', doc, db);
		await store.whenLoaded;
		await store.whenStored();
		await store.destroy();
		expect((await readStoredDocument(db, 'g/f')).getText('t').toString()).toBe('early');
		const again = new DocPersistence('g/f', new Y.Doc(), db);
		await again.whenLoaded;
		await again.destroy();
		expect(await rowCount('g/f')).toBe(1);
	});

	test('two tabs writing and compacting the same document at once lose nothing', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const tabA = new DocPersistence('g/tabs', a, db);
		const tabB = new DocPersistence('g/tabs', b, db);
		await Promise.all([tabA.whenLoaded, tabB.whenLoaded]);
		for (let i = 0; i < COMPACT_AT; i++) {
			a.getArray<string>('words').push([`a${i}`]);
			b.getArray<string>('words').push([`b${i}`]);
			await Promise.resolve();
		}
		await Promise.all([tabA.whenStored(), tabB.whenStored()]);
		await Promise.all([tabA.destroy(), tabB.destroy()]);

		// Both reopen together: both compact, each deleting only the rows it read.
		const c = new Y.Doc();
		const d = new Y.Doc();
		const tabC = new DocPersistence('g/tabs', c, db);
		const tabD = new DocPersistence('g/tabs', d, db);
		await Promise.all([tabC.whenLoaded, tabD.whenLoaded]);
		c.getArray<string>('words').push(['c']);
		await tabC.whenStored();
		await Promise.all([tabC.destroy(), tabD.destroy()]);

		const last = await readStoredDocument(db, 'g/tabs');
		const words = last.getArray<string>('words').toArray();
		expect(words).toHaveLength(COMPACT_AT * 2 + 1);
		expect(new Set(words).size).toBe(words.length);
		expect(await rowCount('g/tabs')).toBeLessThanOrEqual(3);
	});
});
