/**
 * The `updates` table of the device database (db.ts): rows `{ seq, name, update }`, Yjs updates
 * of documents kept in database `plenary` itself, which is how databases of version 10 hold
 * them. Each document lives in its own y-indexeddb database instead (doc-store.ts), so these rows
 * are only read, stored there and deleted: when their document is opened and once at start-up
 * (`moveLegacyDocuments`). Nothing writes new rows. Every access to the table is in this module.
 *
 * Deleting takes the keys that were read, never "every row of a name": two tabs moving the same
 * document at once each delete what they read, and a row added after the read (by a tab still
 * running a build that writes this table) is left for the next move.
 */
import type { PlenaryDatabase } from './db';

export interface LegacyUpdates {
	/** Keys of the rows read, for `deleteLegacyUpdates`. */
	seqs: number[];
	/** Their updates, in the order they were written. */
	updates: Uint8Array[];
}

/** A document's rows of the table, or null when it has none. */
export async function legacyUpdates(
	db: PlenaryDatabase,
	name: string
): Promise<LegacyUpdates | null> {
	const rows = await db.updates.where('name').equals(name).sortBy('seq');
	if (rows.length === 0) return null;
	return { seqs: rows.map((row) => row.seq!), updates: rows.map((row) => row.update) };
}

/** Deletes exactly these rows (keys that are gone already are no error). */
export async function deleteLegacyUpdates(db: PlenaryDatabase, seqs: number[]): Promise<void> {
	if (seqs.length === 0) return;
	await db.updates.bulkDelete(seqs);
}

/** Every document name that still has rows in the table. */
export async function namesWithLegacyUpdates(db: PlenaryDatabase): Promise<string[]> {
	return (await db.updates.orderBy('name').uniqueKeys()) as string[];
}
