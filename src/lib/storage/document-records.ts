/**
 * The `documents` table: one row per Yjs document stored on this device, with what the relay
 * last confirmed of it (`DocumentRecord`, db.ts). Written when a document opens and when a
 * receipt is kept (documents/registry.ts), read to count changes the relay still lacks.
 */
import type { DocumentRecord, PlenaryDatabase } from './db';

/**
 * Records that a document was opened now, keeping its last receipt; returns the row as it was
 * before (undefined the first time).
 */
export async function recordDocumentOpened(
	db: PlenaryDatabase,
	document: Pick<DocumentRecord, 'name' | 'groupId' | 'meetingId' | 'kind'>
): Promise<DocumentRecord | undefined> {
	return db.transaction('rw', db.documents, async () => {
		const existing = await db.documents.get(document.name);
		await db.documents.put({
			...document,
			relayStateVector: existing?.relayStateVector ?? null,
			receiptAt: existing?.receiptAt ?? null,
			pending: existing?.pending ?? 0,
			openedAt: Date.now()
		});
		return existing;
	});
}

/** Keeps the relay's last receipt of a document; nothing when it has no row (removed). */
export async function recordReceipt(
	db: PlenaryDatabase,
	name: string,
	receipt: Pick<DocumentRecord, 'relayStateVector' | 'receiptAt' | 'pending'>
): Promise<void> {
	await db.documents.update(name, receipt);
}

/** Documents closed with changes the relay had not confirmed. */
export async function documentsWithPending(db: PlenaryDatabase): Promise<DocumentRecord[]> {
	return db.documents.filter((row) => row.pending > 0).toArray();
}

/** The name of every document with a row. */
export async function recordedDocumentNames(db: PlenaryDatabase): Promise<string[]> {
	return (await db.documents.toCollection().primaryKeys()) as string[];
}
