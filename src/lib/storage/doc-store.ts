/**
 * Persistence of one Yjs document on this device, in the `updates` table of the app's database.
 *
 * Why not y-indexeddb: it appends the whole state on every open and compacts only
 * after 500 writes, so the database grows without edits (y-indexeddb#31); its writes are
 * fire-and-forget, so nothing says when an update is stored and a tab closed right after typing
 * can lose it (#28); its failed writes (quota, iOS "Connection to Indexed Database server lost",
 * a closed database) are unhandled rejections (#44); and it opens one database per document,
 * which background sync of 40 meetings turns into 40 connections. This store instead:
 *
 * - loads every update of the document in one transaction and, past `COMPACT_AT` rows, replaces
 *   them by their merge in that same transaction (safe with several tabs: it deletes only the
 *   rows it read);
 * - writes nothing on open unless the document already held content the store lacks;
 * - writes each local update at once (updates of one task are merged into one row), and
 *   `whenStored()` resolves when everything so far is committed; `flush()` is called on
 *   `pagehide` and `visibilitychange` → hidden by the registry (documents.ts);
 * - keeps a failed write in memory, reports it (storage-errors.ts), reopens the database when
 *   that can help and retries with backoff until it succeeds: nothing is dropped.
 */
import * as Y from 'yjs';
import type { PlenaryDatabase } from './db';
import {
	clearStorageError,
	needsReopen,
	reportStorageError,
	type StorageIssue
} from './storage-errors';

/** Rows past which loading compacts a document into one row. */
export const COMPACT_AT = 50;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;

export interface DocPersistenceState {
	isLoaded: boolean;
	/** Updates in memory that are not committed to IndexedDB yet. */
	unsavedUpdates: number;
	issue: StorageIssue | null;
}

export class DocPersistence {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly whenLoaded: Promise<void>;
	state: DocPersistenceState = { isLoaded: false, unsavedUpdates: 0, issue: null };

	#db: PlenaryDatabase;
	#queue: Uint8Array[] = [];
	#inFlight = new Set<Promise<void>>();
	#isFlushScheduled = false;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#retryDelay = RETRY_FIRST_MS;
	#waiters: (() => void)[] = [];
	#isDestroyed = false;
	#onChange: (state: DocPersistenceState) => void;

	/**
	 * @param onChange called after each change of `state` (loaded, unsaved count, issue); an
	 *   exception it throws propagates to whoever triggered the change.
	 */
	constructor(
		name: string,
		doc: Y.Doc,
		db: PlenaryDatabase,
		onChange: (state: DocPersistenceState) => void = () => {}
	) {
		this.name = name;
		this.doc = doc;
		this.#db = db;
		this.#onChange = onChange;
		doc.on('update', this.#onUpdate);
		this.whenLoaded = this.#load();
	}

	#setState(patch: Partial<DocPersistenceState>) {
		this.state = { ...this.state, ...patch };
		this.#onChange(this.state);
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this || this.#isDestroyed) return;
		this.#queue.push(update);
		this.#setState({ unsavedUpdates: this.#unsaved() });
		if (!this.#isFlushScheduled) {
			this.#isFlushScheduled = true;
			// Updates of one task (a paste, a remote batch) become one row; the write still starts
			// before the task's microtasks end, so closing the tab right after typing keeps it.
			queueMicrotask(() => {
				this.#isFlushScheduled = false;
				void this.flush();
			});
		}
	};

	async #load(): Promise<void> {
		const hadContent = this.doc.store.clients.size > 0;
		for (let attempt = 0; ; attempt++) {
			try {
				const stored = await this.#db.transaction('rw', this.#db.updates, async () => {
					const rows = await this.#db.updates.where('name').equals(this.name).toArray();
					const updates = rows.map((row) => row.update);
					const merged = decoded(this.name, () =>
						updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)
					);
					if (rows.length > COMPACT_AT) {
						await this.#db.updates.bulkDelete(rows.map((row) => row.seq!));
						await this.#db.updates.add({ name: this.name, update: merged });
					}
					return updates.length ? merged : null;
				});
				if (stored) decoded(this.name, () => Y.applyUpdate(this.doc, stored, this));
				if (hadContent) {
					// Content made before the load (rare): store only what the store lacks.
					const storedDoc = new Y.Doc();
					if (stored) Y.applyUpdate(storedDoc, stored);
					const storedVector = Y.encodeStateVector(storedDoc);
					storedDoc.destroy();
					const missing = Y.encodeStateAsUpdate(this.doc, storedVector);
					if (missing.length > 2) this.#queue.push(missing);
				}
				clearStorageError(this.name);
				this.#setState({ isLoaded: true, issue: null });
				if (this.#queue.length) void this.flush();
				return;
			} catch (error) {
				const issue = reportStorageError(this.name, error);
				this.#setState({ issue });
				// Bytes that do not decode now will not decode on a retry either.
				const isUndecodable = (error as Error | null)?.name === 'UnreadableDataError';
				if (this.#isDestroyed || attempt >= 5 || isUndecodable) {
					// The document stays usable in memory; its edits are queued and retried.
					this.#setState({ isLoaded: true });
					return;
				}
				if (needsReopen(issue.problem)) await this.#reopen();
				await new Promise((resolve) => setTimeout(resolve, RETRY_FIRST_MS * 2 ** attempt));
			}
		}
	}

	async #reopen() {
		try {
			this.#db.close({ disableAutoOpen: false });
			await this.#db.open();
		} catch (error) {
			reportStorageError(this.name, error);
		}
	}

	/**
	 * Starts writing everything queued, now, in its own transaction (writes already under way
	 * are not waited for: closing the tab between two keystrokes must not strand the second).
	 * Resolves when this write is committed, or has failed and been queued again.
	 */
	flush(): Promise<void> {
		if (this.#queue.length === 0) return Promise.all([...this.#inFlight]).then(() => {});
		if (this.#retryTimer) {
			clearTimeout(this.#retryTimer);
			this.#retryTimer = null;
		}
		const batch = this.#queue;
		this.#queue = [];
		const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
		const write: Promise<void> = this.#write(update).then(
			() => {
				this.#inFlight.delete(write);
				this.#retryDelay = RETRY_FIRST_MS;
				if (this.state.issue) clearStorageError(this.name);
				this.#setState({ unsavedUpdates: this.#unsaved(), issue: null });
				if (this.#queue.length === 0 && this.#inFlight.size === 0) this.#resolveWaiters();
			},
			async (error: unknown) => {
				// Keep it; row order does not matter to Yjs, only that every update gets stored.
				this.#queue.unshift(update);
				this.#inFlight.delete(write);
				const issue = reportStorageError(this.name, error);
				this.#setState({ unsavedUpdates: this.#unsaved(), issue });
				if (needsReopen(issue.problem)) await this.#reopen();
				this.#scheduleRetry();
			}
		);
		this.#inFlight.add(write);
		return write;
	}

	#unsaved() {
		return this.#queue.length + this.#inFlight.size;
	}

	/**
	 * One update in one transaction, committed explicitly (`commit()`) once its one request is
	 * made, so the browser finishes it even if the page is gone before the success event would
	 * have reached it. With the database open (the usual case) the transaction starts in a
	 * microtask: a `pagehide` flush needs nothing more from the event loop.
	 */
	async #write(update: Uint8Array): Promise<void> {
		await this.#db.transaction('rw', this.#db.updates, (tx) => {
			const added = this.#db.updates.add({ name: this.name, update });
			tx.idbtrans.commit?.();
			return added;
		});
	}

	#scheduleRetry() {
		if (this.#retryTimer) return;
		const delay = this.#retryDelay;
		this.#retryDelay = Math.min(RETRY_MAX_MS, this.#retryDelay * 2);
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			void this.flush();
		}, delay);
	}

	#resolveWaiters() {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const resolve of waiters) resolve();
	}

	/** Resolves once every update so far is committed to IndexedDB (waits through retries). */
	whenStored(): Promise<void> {
		if (this.#inFlight.size === 0 && this.#queue.length === 0) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/** Stops listening; writes what is queued first. The document itself is not destroyed. */
	async destroy(): Promise<void> {
		this.doc.off('update', this.#onUpdate);
		await this.flush();
		if (this.#queue.length || this.#inFlight.size) await this.whenStored();
		this.#isDestroyed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
	}
}

/**
 * Runs `decode` on stored bytes; when they are not a Yjs update, throws an `UnreadableDataError`
 * (storage-errors.ts says "cannot read the data stored on this device") with Yjs's error as its
 * cause, instead of Yjs's own message.
 */
function decoded<T>(name: string, decode: () => T): T {
	try {
		return decode();
	} catch (cause) {
		const error = new Error(`the stored updates of ${name} cannot be decoded`, { cause });
		error.name = 'UnreadableDataError';
		throw error;
	}
}

/** Reads a document's stored state without keeping it open (rebuilding the index). */
export async function readStoredDocument(db: PlenaryDatabase, name: string): Promise<Y.Doc> {
	const rows = await db.updates.where('name').equals(name).toArray();
	const doc = new Y.Doc();
	if (rows.length) {
		decoded(name, () => Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => row.update))));
	}
	return doc;
}
