/**
 * Each Yjs document's own IndexedDB database, in y-indexeddb's layout (a store `updates` of
 * Yjs updates under auto-increment keys, a store `custom`): its name, and the reads, writes and
 * deletion doc-store.ts and stored-documents.ts make on it directly.
 */
import * as Y from 'yjs';
import { clearDocument, type IndexeddbPersistence } from 'y-indexeddb';
import type { PlenaryDatabase } from './db';

/** Rows past which loading compacts a document into one row. */
export const COMPACT_AT = 50;

/** The IndexedDB database that holds document `name` of the device database `db`. */
export function documentDatabaseName(db: PlenaryDatabase, name: string): string {
	return `${db.name}/${name}`;
}

export class UnexplainedLoadFailure extends Error {
	constructor(name: string) {
		super(`y-indexeddb did not load ${name}`);
	}
}

export interface Loaded {
	/** The document's state beyond what is stored, and whether there is any. */
	missing: Uint8Array;
	isMissing: boolean;
	/** Why the stored rows could not be loaded: they do not decode. */
	unreadable: Error | null;
}

/** How y-indexeddb's load went: done, rows that do not decode, or null for another reason. */
type LoadOutcome = 'loaded' | Error | null;

/**
 * The first transaction after y-indexeddb's load (created later, it runs once that one has
 * finished, whose `synced` then says whether the load worked): tidies the rows as the header
 * says. Tidying is best effort (a full disk refuses the merged row); the load is what counts.
 */
export function afterLoad(persistence: IndexeddbPersistence, name: string): Promise<LoadOutcome> {
	return new Promise((resolve) => {
		const tx = persistence.db!.transaction('updates', 'readwrite');
		const store = tx.objectStore('updates');
		const keys = store.getAllKeys();
		const rows = store.getAll();
		let outcome: LoadOutcome = 'loaded';
		rows.onsuccess = () => {
			const updates = rows.result as Uint8Array[];
			if (!persistence.synced) outcome = whyNotLoaded(name, updates);
			const merged =
				persistence.synced && updates.length > COMPACT_AT ? mergedOrNull(updates) : null;
			if (merged) {
				for (const key of keys.result) store.delete(key);
				store.add(merged);
			} else {
				updates.forEach((update, i) => {
					if (isEmptyUpdate(update)) store.delete(keys.result[i]);
				});
			}
		};
		tx.oncomplete = () => resolve(outcome);
		tx.onabort = () => {
			if (persistence.synced) resolve('loaded');
			else resolve(outcome === 'loaded' ? null : outcome);
		};
	});
}

/** Opens a document's database as y-indexeddb makes it, when this comes first. */
export function openDocumentDatabase(databaseName: string): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const opening = indexedDB.open(databaseName);
		opening.onupgradeneeded = () => {
			opening.result.createObjectStore('updates', { autoIncrement: true });
			opening.result.createObjectStore('custom');
		};
		opening.onsuccess = () => resolve(opening.result);
		opening.onerror = () => reject(opening.error);
	});
}

export function transactionDone(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onabort = () => reject(tx.error ?? new DOMException('The write was aborted.', 'AbortError'));
	});
}

/** `Y.encodeStateAsUpdate` of an empty document: what y-indexeddb writes when opening the mirror. */
function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}

function mergedOrNull(updates: Uint8Array[]): Uint8Array | null {
	try {
		return Y.mergeUpdates(updates);
	} catch {
		return null;
	}
}

/** The decoding error of `updates`, or null when they decode. */
function whyNotLoaded(name: string, updates: Uint8Array[]): Error | null {
	try {
		decoded(name, () => Y.applyUpdate(new Y.Doc(), Y.mergeUpdates(updates)));
		return null;
	} catch (error) {
		return error as Error;
	}
}

/**
 * Runs `decode` on stored bytes; when they are not a Yjs update, throws an `UnreadableDataError`
 * (storage-errors.ts says "cannot read the data stored on this device") with Yjs's error as its
 * cause, instead of Yjs's own message.
 */
export function decoded<T>(name: string, decode: () => T): T {
	try {
		return decode();
	} catch (cause) {
		const error = new Error(`the stored updates of ${name} cannot be decoded`, { cause });
		error.name = 'UnreadableDataError';
		throw error;
	}
}

/**
 * The rows of a document's database, read on a connection of its own that is closed at once; a
 * database that does not exist is not made by reading it (its creation is aborted).
 */
export function readRows(databaseName: string): Promise<Uint8Array[]> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(databaseName);
		let isNew = false;
		request.onupgradeneeded = () => {
			isNew = true;
			request.transaction!.abort();
		};
		request.onerror = (event) => {
			if (!isNew) return reject(request.error);
			event.preventDefault();
			resolve([]);
		};
		request.onsuccess = () => {
			const connection = request.result;
			try {
				const rows = connection.transaction('updates', 'readonly').objectStore('updates').getAll();
				rows.onsuccess = () => resolve(rows.result);
				rows.onerror = () => reject(rows.error);
			} catch (error) {
				reject(error);
			} finally {
				// Closes once the read is done.
				connection.close();
			}
		};
	});
}

/** Databases this tab is deleting now (`deleteDocumentDatabase`). */
const deletingHere = new Set<string>();

/**
 * Deletes a document's database. An open persistence of it closes its connection when asked
 * (`versionchange`), so the deletion is not blocked, and asks `isDeletedHere` whether this tab
 * is the one removing it.
 */
export async function deleteDocumentDatabase(databaseName: string): Promise<void> {
	deletingHere.add(databaseName);
	try {
		await clearDocument(databaseName);
	} finally {
		deletingHere.delete(databaseName);
	}
}

export function isDeletedHere(databaseName: string): boolean {
	return deletingHere.has(databaseName);
}
