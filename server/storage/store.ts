/**
 * What the relay needs from a store. SQLite (`sqlite-store.ts`) is the embedded default; any
 * store that keeps these promises can take its place.
 *
 * - `appendMany` stores the updates of one or more documents, all or none (one transaction),
 *   each document's in their order, and resolves only once they are durable: the relay forwards
 *   them to other connections after that, never before. The relay's group commit
 *   (`server/sync/group-commit.ts`) calls it with the batches of every room that changed in the
 *   same event-loop turn, and not again before that call settled.
 * - `loadDocument` returns every stored update of a document, oldest first (a snapshot left by
 *   `replaceDocument` counts as one update); an unknown document has none.
 * - `replaceDocument` swaps all stored updates of a document for one snapshot that holds the
 *   same state, atomically: a crash leaves either the old updates or the snapshot.
 * - The relay calls the document methods of one document one at a time, in order.
 */

export interface GroupRecord {
	id: string;
	name: string;
	/** Tokens carry the generation they were made for; rotation raises it. */
	generation: number;
	createdAt: number;
}

/** The updates of one document to append, oldest first. */
export interface DocumentUpdates {
	name: string;
	updates: Uint8Array[];
}

export interface Store {
	loadDocument(name: string): Promise<Uint8Array[]>;
	appendMany(batches: readonly DocumentUpdates[]): Promise<void>;
	replaceDocument(name: string, snapshot: Uint8Array): Promise<void>;
	createGroup(id: string, name: string): Promise<GroupRecord>;
	getGroup(id: string): Promise<GroupRecord | undefined>;
	/** Raises the group's generation by one and returns the group as it now is. */
	rotateGroup(id: string): Promise<GroupRecord>;
	close(): Promise<void>;
}
