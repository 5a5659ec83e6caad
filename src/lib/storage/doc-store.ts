/**
 * Persistence of one Yjs document on this device, in a y-indexeddb database of its own named
 * `<device database>/<document name>` (e.g. `plenary/<groupId>/<meetingId>`): its store
 * `updates` holds one Yjs update per row under an auto-increment key, its store `custom`
 * y-indexeddb's key-value pairs. y-indexeddb (`IndexeddbPersistence`) makes the database and
 * loads it; the app writes the rows itself; the rest is built around it through what it exposes
 * (docs/dependencies.md, "y-indexeddb: what the app builds around it"):
 *
 * - Loading. An `IndexeddbPersistence` loads the rows into a `Y.Doc` of its own (a mirror),
 *   which is copied into the document; then it is closed. It never sees the document: it would
 *   store every edit as well, and its update handler throws when a write cannot start, after
 *   which a `Y.Doc` never emits another update.
 * - Saved on this device. Each update (the updates of one task merged) is written at once in a
 *   transaction of its own committed explicitly (`IDBTransaction.commit()`), so the browser
 *   finishes it when the tab is closed right after typing. y-indexeddb leaves its transactions
 *   to commit once their success event has reached the page, and a closing tab loses the last
 *   ones (tests/e2e/durability.e2e.ts). `whenStored()` resolves on commit; `flush()` is called on
 *   `pagehide` and `visibilitychange` → hidden by the registry (documents/registry.ts).
 * - Failures. A failed write stays in memory, is reported (storage-errors.ts) and retried with
 *   backoff, on a reopened connection when that can help: nothing is dropped. A connection the
 *   browser closes under it is opened again by the next write, which then stores the whole
 *   document. A failed load is retried too.
 * - Deleted. When its database is deleted (`versionchange` to no version: a meeting moved, a
 *   group left), nothing more is written, which would make the document anew. It stays in
 *   memory; deleted by another tab, later edits count as unsaved and are shown as a problem;
 *   deleted by this tab (`deleteDocumentDatabase`), it stops without a word.
 * - No growth on open. y-indexeddb adds a row with the mirror's state, empty, on every open.
 *   The first transaction after its load deletes empty rows and, past `COMPACT_AT` rows,
 *   replaces the rows it read by their merge (safe with several tabs: it deletes only what it
 *   read).
 * - Connections. The loading one closes once loaded, when the writing one opens (so the first
 *   edit's write starts at once, as later ones do); the writing one closes on `destroy()`:
 *   background sync opens and closes dozens of documents one after the other.
 * - Rows of the device database's legacy table (legacy-updates.ts) are read as the load's first
 *   step (a failed read is a failed load, and its problem stays shown until a load works),
 *   applied, written with what the database lacks, and deleted once that is committed.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { PlenaryDatabase } from './db';
import {
	afterLoad,
	decoded,
	documentDatabaseName,
	isDeletedHere,
	type Loaded,
	openDocumentDatabase,
	transactionDone,
	UnexplainedLoadFailure
} from './document-database';
import { deleteLegacyUpdates, legacyUpdates } from './legacy-updates';
import {
	clearStorageError,
	needsReopen,
	reportStorageError,
	reportStorageProblem,
	type StorageIssue
} from './storage-errors';

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;
/** Failed loads after which the document is shown with what it holds; loading goes on. */
const LOAD_ATTEMPTS = 5;
/** A key never set in y-indexeddb's `custom` store (see `#loadOnce`). */
const OPEN_PROBE = 'plenary-open-probe';

export interface DocPersistenceState {
	isLoaded: boolean;
	/** Updates in memory that are not committed to IndexedDB yet. */
	unsavedUpdates: number;
	issue: StorageIssue | null;
}

export class DocPersistence {
	readonly name: string;
	readonly doc: Y.Doc;
	/** Resolves once the document holds what is stored (or loading failed several times). */
	readonly whenLoaded: Promise<void>;
	state: DocPersistenceState = { isLoaded: false, unsavedUpdates: 0, issue: null };

	#db: PlenaryDatabase;
	#databaseName: string;
	#onChange: (state: DocPersistenceState) => void;
	#resolveLoaded: () => void = () => {};
	#queue: Uint8Array[] = [];
	#inFlight = new Set<Promise<void>>();
	#isFlushScheduled = false;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#retryDelay = RETRY_FIRST_MS;
	#waiters: (() => void)[] = [];
	#connection: IDBDatabase | null = null;
	#opening: Promise<IDBDatabase> | null = null;
	/** The database may lack what the document holds (closed under it): write all of it next. */
	#isWholeStateDue = false;
	/** The load has worked: the document holds its stored rows and legacy rows. */
	#isLoadDone = false;
	/** Legacy rows applied to the document, deleted once stored here. */
	#legacyMoved: Promise<void> = Promise.resolve();
	#closed: Promise<void> | null = null;
	/** Its database was deleted: nothing more is written. */
	#isDeleted = false;
	/** By this tab, which is removing the document. */
	#isDeletedHere = false;
	#isDestroyed = false;

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
		this.#databaseName = documentDatabaseName(db, name);
		this.#onChange = onChange;
		this.whenLoaded = new Promise((resolve) => (this.#resolveLoaded = resolve));
		doc.on('update', this.#onUpdate);
		void this.#load();
	}

	#setState(patch: Partial<DocPersistenceState>) {
		this.state = { ...this.state, ...patch };
		this.#onChange(this.state);
	}

	#report(error: unknown) {
		this.#setState({ issue: reportStorageError(this.name, error) });
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this || this.#isDestroyed) return;
		this.#queue.push(update);
		this.#setState({ unsavedUpdates: this.#unsaved() });
		if (this.#isDeleted) {
			this.#reportUnstored();
			return;
		}
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
		let isLegacyRead = false;
		let legacySeqs: number[] | null = null;
		let legacyUnreadable: unknown = null;
		for (let attempt = 1; !this.#isDestroyed; attempt++) {
			let outcome: Loaded;
			try {
				// Part of the load: a document without its legacy rows is not loaded, and moving or
				// removing it would lose them.
				if (!isLegacyRead) {
					const legacy = await legacyUpdates(this.#db, this.name);
					isLegacyRead = true;
					if (legacy) {
						try {
							decoded(this.name, () =>
								Y.applyUpdate(this.doc, Y.mergeUpdates(legacy.updates), this)
							);
							legacySeqs = legacy.seqs;
						} catch (error) {
							// They never will decode: they stay where they are, and so does the problem.
							legacyUnreadable = error;
						}
					}
				}
				outcome = await this.#loadOnce();
			} catch (error) {
				// Without a cause to show, a problem already shown stays.
				if (!(error instanceof UnexplainedLoadFailure) || !this.state.issue) this.#report(error);
				if (attempt >= LOAD_ATTEMPTS) this.#markLoaded();
				await new Promise((resolve) =>
					setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1)))
				);
				continue;
			}
			this.#isLoadDone = true;
			// Now rather than at the first edit, whose write then starts at once: one that waited
			// for the open would find nothing committed if the page went away meanwhile. A failed
			// open is reported, and tried again by the next write.
			this.#open().catch((error: unknown) => this.#report(error));
			if (outcome.isMissing) this.#queue.push(outcome.missing);
			// Rows it cannot read, now or later: edits are written beside them.
			const unreadable = outcome.unreadable ?? legacyUnreadable;
			if (unreadable) {
				this.#report(unreadable);
			} else if (this.state.issue) {
				clearStorageError(this.name);
				this.#setState({ issue: null });
			}
			if (legacySeqs && !outcome.unreadable) {
				const seqs = legacySeqs;
				// Deleted once what the database lacked, legacy rows included, is committed.
				this.#legacyMoved = (outcome.isMissing ? this.whenStored() : Promise.resolve())
					// A deleted document was not stored: whoever deleted it deletes its legacy rows.
					.then(() => (this.#isDeleted ? undefined : deleteLegacyUpdates(this.#db, seqs)))
					.catch((error: unknown) => this.#report(error));
			}
			if (outcome.isMissing) void this.flush();
			this.#markLoaded();
			return;
		}
	}

	/**
	 * One load through a short-lived `IndexeddbPersistence`; applies what is stored to the
	 * document and says what the database lacks of it. Throws the open's error, or an
	 * `UnexplainedLoadFailure` when y-indexeddb did not load for a reason it keeps to itself (a
	 * write of its own that threw).
	 */
	async #loadOnce(): Promise<Loaded> {
		const mirror = new Y.Doc();
		const persistence = new IndexeddbPersistence(this.#databaseName, mirror);
		let closed: Promise<void> | null = null;
		// Closes its connection (a rejection: it never opened).
		const close = () => (closed ??= persistence.destroy().catch(() => {}));
		try {
			// `get` runs after y-indexeddb's own callback for the new connection, which set `db`
			// and started its load transaction; it rejects when the database cannot be opened
			// (y-indexeddb leaves that rejection unhandled and `whenSynced` pending).
			await persistence.get(OPEN_PROBE);
			const outcome = await afterLoad(persistence, this.name);
			if (outcome === null) throw new UnexplainedLoadFailure(this.name);
			// Closed before the mirror is used below: its handler must not store anything.
			void close();
			if (outcome === 'loaded') {
				const stored = Y.encodeStateAsUpdate(mirror, Y.encodeStateVector(this.doc));
				Y.applyUpdate(this.doc, stored, this);
			}
			const missing = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(mirror));
			let isMissing = false;
			mirror.on('update', () => (isMissing = true));
			Y.applyUpdate(mirror, missing);
			return { missing, isMissing, unreadable: outcome === 'loaded' ? null : outcome };
		} finally {
			void close();
			mirror.destroy();
		}
	}

	#markLoaded() {
		if (this.state.isLoaded) return;
		this.#setState({ isLoaded: true });
		this.#resolveLoaded();
	}

	/**
	 * Starts writing everything queued, now, in its own transaction (writes already under way
	 * are not waited for: closing the tab between two keystrokes must not strand the second).
	 * Resolves when this write is committed, or has failed and been queued again.
	 */
	flush(): Promise<void> {
		if (this.#queue.length === 0 || this.#isDeleted) {
			return Promise.all([...this.#inFlight]).then(() => {});
		}
		if (this.#retryTimer) {
			clearTimeout(this.#retryTimer);
			this.#retryTimer = null;
		}
		const batch = this.#queue;
		this.#queue = [];
		const isWhole = this.#isWholeStateDue;
		this.#isWholeStateDue = false;
		const update = isWhole
			? Y.encodeStateAsUpdate(this.doc)
			: batch.length === 1
				? batch[0]
				: Y.mergeUpdates(batch);
		const write: Promise<void> = this.#write(update).then(
			() => {
				this.#inFlight.delete(write);
				this.#retryDelay = RETRY_FIRST_MS;
				// Rows it cannot read stay unreadable, whatever is written beside them; a load that
				// has not worked yet (legacy rows unread) is still a problem.
				if (this.#isLoadDone && !this.#isDeleted && this.state.issue?.problem !== 'unreadable') {
					if (this.state.issue) clearStorageError(this.name);
					this.#setState({ issue: null });
				}
				this.#setState({ unsavedUpdates: this.#unsaved() });
				if (this.#queue.length === 0 && this.#inFlight.size === 0) this.#resolveWaiters();
			},
			(error: unknown) => {
				// Keep it; row order does not matter to Yjs, only that every update gets stored.
				this.#queue.unshift(update);
				if (isWhole) this.#isWholeStateDue = true;
				this.#inFlight.delete(write);
				if (this.#isDeleted) {
					// Not retried: nothing more is written.
					this.#setState({ unsavedUpdates: this.#unsaved() });
					this.#reportUnstored();
					return;
				}
				this.#report(error);
				this.#setState({ unsavedUpdates: this.#unsaved() });
				if (needsReopen(this.state.issue!.problem)) this.#forget(this.#connection);
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
	 * One update in one transaction, committed explicitly (`commit()`), so the browser finishes
	 * it even if the page is gone before the success event would have reached it. With the
	 * connection open (the usual case) the transaction starts before this returns: a `pagehide`
	 * flush needs nothing more from the event loop.
	 */
	async #write(update: Uint8Array): Promise<void> {
		const connection = this.#connection ?? (await this.#open());
		const tx = connection.transaction('updates', 'readwrite');
		tx.objectStore('updates').add(update);
		tx.commit?.();
		await transactionDone(tx);
	}

	/** The connection writes go through, opened once loaded and again after it was lost. */
	#open(): Promise<IDBDatabase> {
		this.#opening ??= openDocumentDatabase(this.#databaseName)
			.then((connection) => {
				// Closed at once when asked, so another version or a deletion is not blocked.
				connection.onversionchange = (event) => {
					connection.close();
					if (event.newVersion === null) this.#onDeleted(connection);
					else this.#forget(connection);
				};
				// The browser closing it: the next write opens it again.
				connection.onclose = () => this.#forget(connection);
				if (this.#isDestroyed) connection.close();
				else this.#connection = connection;
				return connection;
			})
			.finally(() => (this.#opening = null));
		return this.#opening;
	}

	#forget(connection: IDBDatabase | null) {
		if (!connection || this.#connection !== connection) return;
		connection.close();
		this.#connection = null;
		this.#isWholeStateDue = true;
	}

	#onDeleted(connection: IDBDatabase) {
		if (this.#connection === connection) this.#connection = null;
		if (this.#isDeleted) return;
		this.#isDeleted = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		this.#isDeletedHere = isDeletedHere(this.#databaseName);
		if (this.#isDeletedHere) {
			// This tab is removing the document: nothing of it is kept.
			this.doc.off('update', this.#onUpdate);
			this.#queue = [];
			this.#setState({ unsavedUpdates: this.#unsaved() });
		} else if (this.#queue.length) {
			this.#reportUnstored();
		}
		this.#resolveWaiters();
	}

	/** Deleted by another tab, with changes that will not be stored: shown, not retried. */
	#reportUnstored() {
		if (this.#isDeletedHere || this.state.issue?.problem === 'other') return;
		this.#setState({ issue: reportStorageProblem(this.name, 'other') });
	}

	#scheduleRetry() {
		if (this.#retryTimer || this.#isDestroyed || this.#isDeleted) return;
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

	/**
	 * Resolves once every update so far is committed to IndexedDB (waits through retries), or
	 * once its database is deleted: then nothing more is stored, and `state` says whether that
	 * is a problem.
	 */
	whenStored(): Promise<void> {
		if (this.#isDeleted || (this.#inFlight.size === 0 && this.#queue.length === 0)) {
			return Promise.resolve();
		}
		return new Promise((resolve) => this.#waiters.push(resolve));
	}

	/**
	 * Stops listening; stores what is queued (through retries) and moves legacy rows, then
	 * closes the document's database. The document itself is not destroyed. Every call returns
	 * the same promise.
	 */
	destroy(): Promise<void> {
		this.#closed ??= this.#close();
		return this.#closed;
	}

	async #close(): Promise<void> {
		this.doc.off('update', this.#onUpdate);
		await this.whenLoaded;
		await this.flush();
		await this.whenStored();
		await this.#legacyMoved;
		this.#isDestroyed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		this.#connection?.close();
		this.#connection = null;
	}
}
