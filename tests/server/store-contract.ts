/**
 * The promises of `Store` (server/storage/store.ts), as one suite every store runs: SQLite and
 * PostgreSQL in store-contract.test.ts. `open` gives a fresh, empty store, and `openAgain` a
 * second handle on the same data (another relay, or another process on the same file).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Store } from '../../server/storage/store.ts';

export interface StoreHarness {
	open(): Promise<Store>;
	/** Another store on the data of the last `open`. */
	openAgain(): Promise<Store>;
}

/** A Yjs document that records each update it makes. */
function writer() {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	return { doc, updates, text: doc.getText('notes') };
}

function load(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

const bytes = (...values: number[]) => new Uint8Array(values);

export function storeContract(name: string, harness: StoreHarness): void {
	describe(`${name} store: documents`, () => {
		it('appends the batches of several documents, each in order, and loads them back', async () => {
			const store = await harness.open();
			await store.appendMany([
				{ name: 'g/a', updates: [bytes(1), bytes(2)] },
				{ name: 'g/b', updates: [bytes(3)] },
				{ name: 'g/a', updates: [bytes(4)] }
			]);
			await store.appendMany([{ name: 'g/a', updates: [bytes(5, 6)] }]);
			expect(await store.loadDocument('g/a')).toEqual([bytes(1), bytes(2), bytes(4), bytes(5, 6)]);
			expect(await store.loadDocument('g/b')).toEqual([bytes(3)]);
			expect(await store.loadDocument('g/none')).toEqual([]);
		});

		it('writes all or none of one call', async () => {
			const store = await harness.open();
			await store.appendMany([{ name: 'g/a', updates: [bytes(1)] }]);
			await expect(
				store.appendMany([
					{ name: 'g/a', updates: [bytes(2)] },
					{ name: 'g/c', updates: [null as unknown as Uint8Array] }
				])
			).rejects.toThrow();
			expect(await store.loadDocument('g/a')).toEqual([bytes(1)]);
			expect(await store.loadDocument('g/c')).toEqual([]);
		});

		it('compacts to one snapshot holding the same document', async () => {
			const store = await harness.open();
			const { doc, updates, text } = writer();
			for (let n = 0; n < 30; n++) text.insert(n % 3, `${n},`);
			text.delete(2, 5);
			await store.appendMany([{ name: 'g/m', updates: [...updates] }]);
			await store.replaceDocument('g/m', Y.encodeStateAsUpdate(doc));
			const rows = await store.loadDocument('g/m');
			expect(rows).toHaveLength(1);
			expect(load(rows).getText('notes').toString()).toBe(text.toString());
			expect(await store.loadDocument('g/other')).toEqual([]);
		});

		it('keeps an update another process appended after the snapshot was taken', async () => {
			const store = await harness.open();
			const other = await harness.openAgain();
			try {
				const { doc, updates, text } = writer();
				text.insert(0, 'before compaction');
				await store.appendMany([{ name: 'g/m', updates: [...updates] }]);
				// This relay's snapshot lacks what the other relay commits next.
				const snapshot = Y.encodeStateAsUpdate(doc);
				const elsewhere = writer();
				Y.applyUpdate(elsewhere.doc, snapshot);
				elsewhere.text.insert(elsewhere.text.length, ', and after');
				await other.appendMany([{ name: 'g/m', updates: elsewhere.updates }]);
				await store.replaceDocument('g/m', snapshot);
				expect(
					load(await store.loadDocument('g/m'))
						.getText('notes')
						.toString()
				).toBe('before compaction, and after');
				expect(
					load(await other.loadDocument('g/m'))
						.getText('notes')
						.toString()
				).toBe('before compaction, and after');
			} finally {
				await other.close();
			}
		});

		it('loses no append made while two processes compact the same document', async () => {
			const store = await harness.open();
			const other = await harness.openAgain();
			try {
				const { doc, updates, text } = writer();
				const appended: Promise<void>[] = [];
				for (let n = 0; n < 60; n++) {
					text.insert(text.length, `<${n}>`);
					const update = updates.at(-1)!;
					appended.push((n % 2 ? other : store).appendMany([{ name: 'g/m', updates: [update] }]));
					if (n % 10 === 9) {
						const snapshot = Y.encodeStateAsUpdate(doc);
						appended.push((n % 20 === 9 ? store : other).replaceDocument('g/m', snapshot));
					}
				}
				await Promise.all(appended);
				expect(
					load(await store.loadDocument('g/m'))
						.getText('notes')
						.toString()
				).toBe(text.toString());
			} finally {
				await other.close();
			}
		});
	});

	describe(`${name} store: groups`, () => {
		it('creates, finds and rotates groups', async () => {
			const store = await harness.open();
			const created = await store.createGroup('group-one-0123456789', 'Riverside');
			expect(created).toMatchObject({
				id: 'group-one-0123456789',
				name: 'Riverside',
				generation: 1
			});
			expect(await store.getGroup('group-one-0123456789')).toEqual(created);
			expect(await store.getGroup('no-such-group-000000')).toBeUndefined();
			expect(await store.rotateGroup('group-one-0123456789')).toMatchObject({ generation: 2 });
			expect((await store.getGroup('group-one-0123456789'))?.generation).toBe(2);
			await expect(store.rotateGroup('no-such-group-000000')).rejects.toThrow(/unknown group/);
			await expect(store.createGroup('group-one-0123456789', 'Again')).rejects.toThrow();
		});
	});

	describe(`${name} store: revisions`, () => {
		it('numbers each document’s revisions 1, 2, … and gives them back as stored', async () => {
			const store = await harness.open();
			expect(await store.addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(1, 2))).toBe(1);
			expect(await store.addRevision('g/other', '2026-03-13T08:00:00.000Z', bytes(9))).toBe(1);
			expect(await store.addRevision('g/m', '2026-03-14T09:30:00.000Z', bytes(3))).toBe(2);
			expect(await store.listRevisions('g/m')).toEqual([
				{ revision: 1, publishedAt: '2026-03-12T20:00:00.000Z' },
				{ revision: 2, publishedAt: '2026-03-14T09:30:00.000Z' }
			]);
			expect(await store.loadRevision('g/m', 2)).toEqual({
				revision: 2,
				publishedAt: '2026-03-14T09:30:00.000Z',
				snapshot: bytes(3)
			});
			expect(await store.listRevisions('g/none')).toEqual([]);
			for (const n of [0, 3, -1, 1.5, Number.NaN, 2 ** 40]) {
				expect(await store.loadRevision('g/m', n)).toBeUndefined();
			}
		});

		it('keeps revisions through compaction', async () => {
			const store = await harness.open();
			const { doc, updates, text } = writer();
			text.insert(0, 'minutes');
			await store.appendMany([{ name: 'g/m', updates }]);
			await store.addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(7, 7));
			await store.replaceDocument('g/m', Y.encodeStateAsUpdate(doc));
			expect((await store.loadRevision('g/m', 1))?.snapshot).toEqual(bytes(7, 7));
			expect(await store.addRevision('g/m', '2026-03-15T10:00:00.000Z', bytes(8))).toBe(2);
		});

		it('never gives one number twice, even to two processes sharing the data', async () => {
			const store = await harness.open();
			const other = await harness.openAgain();
			try {
				const numbers = await Promise.all(
					Array.from({ length: 20 }, (_, i) =>
						(i % 2 ? store : other).addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(i))
					)
				);
				expect([...numbers].sort((a, b) => a - b)).toEqual(
					Array.from({ length: 20 }, (_, i) => i + 1)
				);
			} finally {
				await other.close();
			}
		});
	});
}
