import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { agendaList, header, itemNotes, notesToPlainText } from '$lib/model';
import { restoreDatabase, type DatabaseDump } from '../../../tests/fixtures/database-dump';
import { PlenaryDatabase } from './db';
import { DocPersistence } from './doc-store';
import { moveLegacyDocuments, readStoredDocument, storedDocumentNames } from './stored-documents';
import { documentDatabaseName } from './document-database';
import { deleteLegacyUpdates, legacyUpdates, namesWithLegacyUpdates } from './legacy-updates';
import { rebuildMeetingsIndex } from './meetings-index';

let db: PlenaryDatabase;
let n = 0;

beforeEach(() => {
	db = new PlenaryDatabase(`legacy-test-${++n}`);
});

afterEach(async () => {
	await db.delete();
});

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

describe('the legacy table', () => {
	test('reads a document’s rows, deletes exactly the rows read, lists the names left', async () => {
		const update = (byte: number) => new Uint8Array([byte]);
		await db.updates.add({ name: 'g/a', update: update(1) });
		await db.updates.add({ name: 'g/b', update: update(2) });
		await db.updates.add({ name: 'g/a', update: update(3) });
		expect(await namesWithLegacyUpdates(db)).toEqual(['g/a', 'g/b']);

		const read = await legacyUpdates(db, 'g/a');
		expect(read).toEqual({ seqs: [1, 3], updates: [update(1), update(3)] });
		// Written after the read (a tab still writing the table): kept for the next move.
		await db.updates.add({ name: 'g/a', update: update(4) });
		await deleteLegacyUpdates(db, read!.seqs);
		await deleteLegacyUpdates(db, read!.seqs);
		expect(await legacyUpdates(db, 'g/a')).toEqual({ seqs: [4], updates: [update(4)] });
		expect(await legacyUpdates(db, 'g/none')).toBeNull();
	});
});

describe('the device database of tests/fixtures/plenary-database-v10.json', () => {
	const dump = JSON.parse(
		readFileSync(
			new URL('../../../tests/fixtures/plenary-database-v10.json', import.meta.url),
			'utf8'
		)
	) as DatabaseDump;
	const BUDGET_REVIEW = '3e2FqeK7tsiEYrytasOABHQ6/_Fg1Zv4Tz3jORW_dFJ8DpY';
	const NOTEBOOK_DRAFT = 'local-notebook-on-this-device/W69JrrdmHPFZSOlR4F2LOO';

	/** Each document of the dump: the merge of all its rows of the legacy table. */
	function expectedDocuments(): Map<string, Y.Doc> {
		const rows = new Map<string, Uint8Array[]>();
		for (const { value } of dump.stores.updates.rows) {
			const { name, update } = value as { name: string; update: { $bytes: string } };
			const bytes = Uint8Array.from(Buffer.from(update.$bytes, 'base64'));
			rows.set(name, [...(rows.get(name) ?? []), bytes]);
		}
		return new Map(
			[...rows].map(([name, updates]) => {
				const doc = new Y.Doc();
				Y.applyUpdate(doc, Y.mergeUpdates(updates));
				return [name, doc];
			})
		);
	}

	/** The minutes as a person reads them: title, then each item with its notes. */
	function minutesText(doc: Y.Doc): string[] {
		return [
			header(doc).title,
			...agendaList(doc).map(
				(item) => `${item.title}: ${notesToPlainText(itemNotes(doc, item.id))}`
			)
		];
	}

	/** Same structs, same deletions: the same document. */
	function expectSameDocument(actual: Y.Doc, expected: Y.Doc) {
		expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
		expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true);
	}

	async function rowCount(name: string): Promise<number> {
		const connection = await request(indexedDB.open(documentDatabaseName(db, name)));
		try {
			return await request(connection.transaction('updates').objectStore('updates').count());
		} finally {
			connection.close();
		}
	}

	test('every document opens with all its legacy rows, which then leave the table', async () => {
		await restoreDatabase(indexedDB, { ...dump, name: db.name });
		const expected = expectedDocuments();
		expect([...expected.keys()].sort()).toEqual((await namesWithLegacyUpdates(db)).sort());
		expect(minutesText(expected.get(BUDGET_REVIEW)!)).toEqual([
			'Budget review',
			'Treasurer report: Balance is 1,240 EUR\nDues paid by 31 members',
			'Hall rental: ',
			'Typed offline: Not yet on the relay'
		]);
		expect(minutesText(expected.get(NOTEBOOK_DRAFT)!)).toEqual([
			'Notebook draft',
			'Ideas: Ask the library about the hall'
		]);

		const rows = new Map<string, number>();
		for (const [name, want] of expected) {
			const doc = new Y.Doc();
			const persistence = new DocPersistence(name, doc, db);
			await persistence.whenLoaded;
			await persistence.destroy();
			expect(persistence.state.issue).toBeNull();
			expectSameDocument(doc, want);
			expectSameDocument(await readStoredDocument(db, name), want);
			rows.set(name, await rowCount(name));
		}
		expect(minutesText(await readStoredDocument(db, BUDGET_REVIEW))).toEqual(
			minutesText(expected.get(BUDGET_REVIEW)!)
		);
		expect(await namesWithLegacyUpdates(db)).toEqual([]);
		expect(await db.updates.count()).toBe(0);

		// A second open finds everything in the document's database and adds nothing.
		for (const [name, want] of expected) {
			const doc = new Y.Doc();
			const persistence = new DocPersistence(name, doc, db);
			await persistence.whenLoaded;
			await persistence.destroy();
			expectSameDocument(doc, want);
			expect(await rowCount(name)).toBe(rows.get(name));
		}

		// The other stores are as they were, and the index rebuilds from the moved documents.
		for (const store of ['groups', 'profile', 'meetings', 'documents', 'settings'] as const) {
			expect(await db.table(store).count()).toBe(dump.stores[store].rows.length);
		}
		await db.meetings.clear();
		expect(await rebuildMeetingsIndex(db)).toBe(2);
		expect((await db.meetings.toArray()).map((m) => m.title).sort()).toEqual([
			'Budget review',
			'Notebook draft'
		]);
	});

	test('documents never opened move at start-up, whole', async () => {
		await restoreDatabase(indexedDB, { ...dump, name: db.name });
		const expected = expectedDocuments();
		// Read before they move too: the meetings index sees them either way.
		for (const [name, want] of expected) {
			expectSameDocument(await readStoredDocument(db, name), want);
		}
		await moveLegacyDocuments(db);
		expect(await namesWithLegacyUpdates(db)).toEqual([]);
		expect(await storedDocumentNames(db)).toEqual([...expected.keys()].sort());
		for (const [name, want] of expected) {
			expectSameDocument(await readStoredDocument(db, name), want);
		}
	});
});
