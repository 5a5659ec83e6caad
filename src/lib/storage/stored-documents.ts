/**
 * The documents stored on this device, without opening them: reading one, listing and deleting
 * them, and moving those still in the device database's legacy table into their own databases.
 */
import * as Y from 'yjs';
import type { PlenaryDatabase } from './db';
import { DocPersistence } from './doc-store';
import {
	decoded,
	deleteDocumentDatabase,
	documentDatabaseName,
	readRows
} from './document-database';
import { recordedDocumentNames } from './document-records';
import { deleteLegacyUpdates, legacyUpdates, namesWithLegacyUpdates } from './legacy-updates';

/** Reads a document's stored state without keeping it open (the meetings index, tests). */
export async function readStoredDocument(db: PlenaryDatabase, name: string): Promise<Y.Doc> {
	// The legacy rows first: a move stores them in the database before deleting them, so one
	// committing between the two reads is seen in one or the other (in parallel, in neither).
	const legacy = await legacyUpdates(db, name);
	const rows = await readRows(documentDatabaseName(db, name));
	const updates = [...rows, ...(legacy?.updates ?? [])];
	const doc = new Y.Doc();
	if (updates.length) decoded(name, () => Y.applyUpdate(doc, Y.mergeUpdates(updates)));
	return doc;
}

/**
 * Every document stored on this device: a database of its own, or legacy rows. Where the
 * browser cannot list databases (`indexedDB.databases()`: Firefox before 126), the documents
 * table stands in; it has a row for every document opened on this device.
 */
export async function storedDocumentNames(db: PlenaryDatabase): Promise<string[]> {
	const prefix = documentDatabaseName(db, '');
	const [stored, legacy] = await Promise.all([
		typeof indexedDB.databases === 'function'
			? indexedDB
					.databases()
					.then((all) =>
						all.flatMap(({ name }) => (name?.startsWith(prefix) ? [name.slice(prefix.length)] : []))
					)
			: recordedDocumentNames(db),
		namesWithLegacyUpdates(db)
	]);
	return [...new Set([...stored, ...legacy])].sort();
}

/** Deletes documents from this device: each one's database and legacy rows. */
export async function deleteStoredDocuments(db: PlenaryDatabase, names: string[]): Promise<void> {
	for (const name of names) {
		// An open persistence of it in this tab stops writing, without a word (doc-store.ts).
		await deleteDocumentDatabase(documentDatabaseName(db, name));
		const legacy = await legacyUpdates(db, name);
		if (legacy) await deleteLegacyUpdates(db, legacy.seqs);
	}
}

/**
 * Moves every document that still has legacy rows into its own database, one at a time, without
 * keeping it open: what the workspace runs in the background at start-up, so documents that are
 * not opened again lose nothing and leave no rows behind.
 */
export async function moveLegacyDocuments(db: PlenaryDatabase): Promise<void> {
	for (const name of await namesWithLegacyUpdates(db)) {
		const doc = new Y.Doc();
		const persistence = new DocPersistence(name, doc, db);
		await persistence.whenLoaded;
		await persistence.destroy();
		doc.destroy();
	}
}
