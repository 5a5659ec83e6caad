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
 *   same state, atomically: a crash leaves either the old updates or the snapshot. When several
 *   relays share the store (PostgreSQL), an update another relay appended meanwhile, which the
 *   snapshot may lack, is kept: no compaction ever takes back a committed update.
 * - The relay calls the document methods of one document one at a time, in order.
 * - Revisions are the published versions of a minutes document, kept apart from its updates
 *   (compaction never touches them). `addRevision` numbers the new revision itself, one more
 *   than the document's highest so far (1 for the first), and stores it in the same
 *   transaction, so a number is never given twice, even to two relays sharing the store; it
 *   resolves with that number once the revision is durable. Revisions are never changed or
 *   removed. `listRevisions` gives every revision of a document without its snapshot, oldest
 *   first; `loadRevision` one with its snapshot, or undefined when there is no such revision.
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

/** A published revision of a minutes document, as listed. */
export interface RevisionRecord {
	/** 1, 2, … in the order they were published */
	revision: number;
	/** ISO time */
	publishedAt: string;
}

/** A revision with its content: the whole minutes document as one Yjs update. */
export interface StoredRevision extends RevisionRecord {
	snapshot: Uint8Array;
}

/**
 * The store cannot be reached (its database is down or restarting): nothing was written. The
 * relay answers 503 and closes websockets with 1011 instead of taking what it cannot store.
 */
export class StoreUnavailableError extends Error {
	constructor(cause?: unknown) {
		super('storage unavailable', { cause });
		this.name = 'StoreUnavailableError';
	}
}

export interface Store {
	loadDocument(name: string): Promise<Uint8Array[]>;
	appendMany(batches: readonly DocumentUpdates[]): Promise<void>;
	replaceDocument(name: string, snapshot: Uint8Array): Promise<void>;
	createGroup(id: string, name: string): Promise<GroupRecord>;
	getGroup(id: string): Promise<GroupRecord | undefined>;
	/** Raises the group's generation by one and returns the group as it now is. */
	rotateGroup(id: string): Promise<GroupRecord>;
	/** Stores `snapshot` as the document's next revision and resolves with its number. */
	addRevision(name: string, publishedAt: string, snapshot: Uint8Array): Promise<number>;
	listRevisions(name: string): Promise<RevisionRecord[]>;
	loadRevision(name: string, revision: number): Promise<StoredRevision | undefined>;
	close(): Promise<void>;
}
