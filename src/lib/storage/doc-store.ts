/**
 * Persistence of one Yjs document on this device: y-indexeddb's `IndexeddbPersistence`, one
 * IndexedDB database per document, named `<device database>/<document name>` (e.g.
 * `plenary/<groupId>/<meetingId>`), whose store `updates` holds one Yjs update per row. What the
 * app needs beyond it is built on what y-indexeddb exposes: its connection `db`, `synced`,
 * `get()` and `destroy()` (docs/dependencies.md, "y-indexeddb: what the app builds around it").
 *
 * - A mirror. y-indexeddb persists a `Y.Doc` of its own, which receives every update of the
 *   document at once (so y-indexeddb starts the write in the same task). Its update handler throws
 *   when a write cannot start (a closed connection, a store that refuses the row), and after one
 *   throwing `update` listener a `Y.Doc` never emits an update again: only the mirror may break.
 * - Saved on this device. y-indexeddb writes each update in a readwrite transaction of its own
 *   on `updates`. A readwrite transaction on that store created afterwards (a marker) completes
 *   only once those have finished, since IndexedDB runs them in order of creation; a write that
 *   failed has by then fired `error` and `abort` at the connection. `whenStored()` and
 *   `state.unsavedUpdates` follow the markers.
 * - Failures. A write that throws or fails is reported (storage-errors.ts); the persistence and
 *   its mirror are dropped and made again, with backoff, until a load and a marker succeed. The
 *   new one loads what is stored and writes whatever the document holds beyond it: nothing is
 *   dropped. A connection the browser or another tab closes (`close`, `versionchange`) is made
 *   again at once when something is unsaved, else at the next update.
 * - No growth on open. y-indexeddb adds a row with the mirror's state on every open, which is
 *   empty (the mirror starts empty). The first transaction after its load deletes empty rows and,
 *   past `COMPACT_AT` rows, replaces the rows it read by their merge (safe with several tabs: it
 *   deletes only what it read).
 * - Connections. `destroy()` closes the document's database; background sync opens and closes
 *   dozens of documents one after the other.
 * - Rows of the device database's legacy table (legacy-updates.ts) are applied before the
 *   document opens, stored with the rest, and deleted once a marker has confirmed them.
 *
 * `flush()` is called on `pagehide` and `visibilitychange` → hidden by the registry
 * (documents.ts): writes start with each update, so it only cuts a retry's backoff short.
 */
import * as Y from 'yjs';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type { PlenaryDatabase } from './db';
import { recordedDocumentNames } from './document-records';
import { deleteLegacyUpdates, legacyUpdates, namesWithLegacyUpdates } from './legacy-updates';
import { clearStorageError, reportStorageError, type StorageIssue } from './storage-errors';

/** Rows past which loading compacts a document into one row. */
export const COMPACT_AT = 50;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;
/** Failed loads after which the document is shown with what it holds; retries go on. */
const LOAD_ATTEMPTS = 5;
/** Origin of the document's updates applied to the mirror (y-indexeddb skips only its own). */
const FORWARDED = Symbol('forwarded to y-indexeddb');
/** A key never set in y-indexeddb's `custom` store (see `#connect`). */
const OPEN_PROBE = 'plenary-open-probe';

export interface DocPersistenceState {
	isLoaded: boolean;
	/** Updates in memory that are not committed to IndexedDB yet. */
	unsavedUpdates: number;
	issue: StorageIssue | null;
}

/** The IndexedDB database that holds document `name` of the device database `db`. */
export function documentDatabaseName(db: PlenaryDatabase, name: string): string {
	return `${db.name}/${name}`;
}

/** One `IndexeddbPersistence` with its mirror, from its open until it fails or is closed. */
interface Binding {
	mirror: Y.Doc;
	persistence: IndexeddbPersistence;
	connection: IDBDatabase | null;
	/** Loaded; the document's updates go to the mirror. */
	isReady: boolean;
	isMarkerScheduled: boolean;
	/** Updates the mirror passed on to y-indexeddb. */
	writes: number;
	/** This module's transactions, whose events are handled where they are made. */
	own: WeakSet<IDBTransaction>;
	stopWatching(): void;
}

/** Why y-indexeddb did not load: the rows do not decode, or null when they do. */
type LoadOutcome = 'loaded' | Error | null;

export class DocPersistence {
	readonly name: string;
	readonly doc: Y.Doc;
	/** Resolves once the document holds what is stored (or loading failed several times). */
	readonly whenLoaded: Promise<void>;
	state: DocPersistenceState = { isLoaded: false, unsavedUpdates: 0, issue: null };

	#db: PlenaryDatabase;
	#databaseName: string;
	#onChange: (state: DocPersistenceState) => void;
	#binding: Binding | null = null;
	#connecting: Promise<void> | null = null;
	/** Updates of the document so far (and one per catch-up write), and how many are committed. */
	#latest = 0;
	#stored = 0;
	#waiters: { upTo: number; resolve: () => void; isFlush: boolean }[] = [];
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#retryDelay = RETRY_FIRST_MS;
	#failedLoads = 0;
	#resolveLoaded: () => void = () => {};
	/** Keys of legacy rows applied to the document, deleted once they are stored here. */
	#legacySeqs: number[] | null = null;
	#legacyMoved: Promise<void> = Promise.resolve();
	#isClosing = false;
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
		void this.#start();
	}

	#setState(patch: Partial<DocPersistenceState>) {
		this.state = { ...this.state, ...patch };
		this.#onChange(this.state);
	}

	#unsaved() {
		return this.#latest - this.#stored;
	}

	async #start() {
		try {
			const legacy = await legacyUpdates(this.#db, this.name);
			if (legacy) {
				decoded(this.name, () => Y.applyUpdate(this.doc, Y.mergeUpdates(legacy.updates), this));
				this.#legacySeqs = legacy.seqs;
			}
		} catch (error) {
			// The legacy rows stay; the document opens with what y-indexeddb holds.
			this.#setState({ issue: reportStorageError(this.name, error) });
		}
		void this.#reconnect();
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this || this.#isDestroyed) return;
		this.#latest++;
		this.#setState({ unsavedUpdates: this.#unsaved() });
		const binding = this.#binding;
		if (binding?.isReady) {
			if (this.#forward(binding, update)) this.#scheduleMarker(binding);
		} else if (!binding && !this.#connecting && !this.#retryTimer) {
			// The connection was closed under it (see #detach): open it again to store this.
			void this.#reconnect();
		}
	};

	/** Hands an update to y-indexeddb; false when its write could not start (then retried). */
	#forward(binding: Binding, update: Uint8Array): boolean {
		try {
			Y.applyUpdate(binding.mirror, update, FORWARDED);
			return true;
		} catch (error) {
			this.#fail(binding, error);
			return false;
		}
	}

	/** One marker for the updates of one task. */
	#scheduleMarker(binding: Binding) {
		if (binding.isMarkerScheduled) return;
		binding.isMarkerScheduled = true;
		queueMicrotask(() => {
			binding.isMarkerScheduled = false;
			void this.#confirm(binding, this.#latest);
		});
	}

	/**
	 * Resolves true once every write y-indexeddb started before this call has committed, and
	 * then counts updates up to `upTo` as stored; false when a write failed or the persistence
	 * was dropped meanwhile.
	 */
	#confirm(binding: Binding, upTo: number): Promise<boolean> {
		return new Promise((resolve) => {
			if (binding !== this.#binding || !binding.connection) return resolve(false);
			let marker: IDBTransaction;
			try {
				marker = binding.connection.transaction('updates', 'readwrite');
				// A request, so that it waits its turn even where empty transactions would not.
				marker.objectStore('updates').count();
			} catch (error) {
				this.#fail(binding, error);
				return resolve(false);
			}
			binding.own.add(marker);
			marker.oncomplete = () => {
				if (binding !== this.#binding) return resolve(false);
				this.#markStored(upTo);
				resolve(true);
			};
			marker.onabort = () => {
				this.#fail(binding, marker.error ?? new DOMException('marker aborted', 'AbortError'));
				resolve(false);
			};
		});
	}

	#markStored(upTo: number) {
		this.#stored = Math.max(this.#stored, upTo);
		this.#retryDelay = RETRY_FIRST_MS;
		let issue = this.state.issue;
		// Unreadable rows stay unreadable, whatever is written next to them.
		if (issue && issue.problem !== 'unreadable') {
			clearStorageError(this.name);
			issue = null;
		}
		this.#setState({ unsavedUpdates: this.#unsaved(), issue });
		this.#settleWaiters(false);
	}

	#settleWaiters(isFailure: boolean) {
		const waiting = this.#waiters;
		this.#waiters = [];
		for (const waiter of waiting) {
			if (waiter.upTo <= this.#stored || (isFailure && waiter.isFlush)) waiter.resolve();
			else this.#waiters.push(waiter);
		}
	}

	#markLoaded() {
		if (this.state.isLoaded) return;
		this.#setState({ isLoaded: true });
		this.#resolveLoaded();
	}

	#reconnect(): Promise<void> {
		this.#connecting ??= this.#connect()
			.catch((error: unknown) => {
				// An observer of the document threw while the stored state was applied.
				if (this.#binding) this.#fail(this.#binding, error);
			})
			.finally(() => (this.#connecting = null));
		return this.#connecting;
	}

	/** Opens a new persistence, loads it into the document and stores what it lacks. */
	async #connect(): Promise<void> {
		if (this.#isDestroyed) return;
		void this.#teardown();
		const mirror = new Y.Doc();
		const persistence = new IndexeddbPersistence(this.#databaseName, mirror);
		const binding: Binding = {
			mirror,
			persistence,
			connection: null,
			isReady: false,
			isMarkerScheduled: false,
			writes: 0,
			own: new WeakSet(),
			stopWatching: () => {}
		};
		// After y-indexeddb's listener, so it counts only updates whose write started.
		mirror.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === FORWARDED) binding.writes++;
		});
		this.#binding = binding;
		let outcome: LoadOutcome;
		try {
			// `get` runs after y-indexeddb's own callback for the new connection, which set `db` and
			// started its load transaction; it rejects when the database cannot be opened (y-indexeddb
			// leaves that rejection unhandled and `whenSynced` pending).
			await persistence.get(OPEN_PROBE);
			if (binding !== this.#binding) return;
			binding.connection = persistence.db;
			this.#watch(binding);
			outcome = await this.#afterLoad(binding);
		} catch (error) {
			this.#fail(binding, error);
			return;
		}
		if (binding !== this.#binding) return;
		const isLoaded = outcome === 'loaded';
		if (outcome === null) {
			this.#fail(binding, null);
			return;
		}
		if (outcome instanceof Error) {
			// Its rows cannot be read, now or later: keep writing next to them, show the problem.
			this.#setState({ issue: reportStorageError(this.name, outcome) });
		} else {
			Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(mirror, Y.encodeStateVector(this.doc)), this);
		}
		binding.isReady = true;
		const writes = binding.writes;
		// What the document holds beyond the stored rows: edits made meanwhile, legacy rows,
		// everything after a failure.
		if (!this.#forward(binding, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(mirror)))) {
			return;
		}
		if (binding.writes > writes) {
			this.#latest++;
			this.#setState({ unsavedUpdates: this.#unsaved() });
		}
		this.#markLoaded();
		const isConfirmed = await this.#confirm(binding, this.#latest);
		if (isConfirmed && isLoaded && this.#legacySeqs) {
			const seqs = this.#legacySeqs;
			this.#legacySeqs = null;
			this.#legacyMoved = deleteLegacyUpdates(this.#db, seqs).catch((error: unknown) => {
				// They are stored here already: applied again at the next open, which changes nothing.
				this.#setState({ issue: reportStorageError(this.name, error) });
			});
		}
	}

	/**
	 * The first transaction after y-indexeddb's load (it runs once that one has finished):
	 * whether the load worked, and tidying the rows it read (see the header).
	 */
	#afterLoad(binding: Binding): Promise<LoadOutcome> {
		return new Promise((resolve) => {
			const tx = binding.connection!.transaction('updates', 'readwrite');
			binding.own.add(tx);
			const store = tx.objectStore('updates');
			const keys = store.getAllKeys();
			const rows = store.getAll();
			let outcome: LoadOutcome = 'loaded';
			rows.onsuccess = () => {
				const updates = rows.result as Uint8Array[];
				const isSynced = binding.persistence.synced;
				if (!isSynced) outcome = whyNotLoaded(this.name, updates);
				const merged = isSynced && updates.length > COMPACT_AT ? mergedOrNull(updates) : null;
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
			// Tidying is best effort (a full disk refuses the merged row): the load is what counts.
			tx.onabort = () => {
				if (binding.persistence.synced) resolve('loaded');
				else resolve(outcome === 'loaded' ? null : outcome);
			};
		});
	}

	#watch(binding: Binding) {
		const connection = binding.connection!;
		const onFailure = (event: Event) => {
			const target = event.target as IDBRequest | IDBTransaction;
			const tx = target instanceof IDBTransaction ? target : target.transaction;
			// Before it is ready, the only write is y-indexeddb's row for the empty mirror.
			if (!binding.isReady || (tx && binding.own.has(tx))) return;
			this.#fail(binding, target.error ?? new DOMException('write aborted', 'AbortError'));
		};
		const onLost = () => this.#detach(binding);
		connection.addEventListener('error', onFailure);
		connection.addEventListener('abort', onFailure);
		connection.addEventListener('close', onLost);
		connection.addEventListener('versionchange', onLost);
		binding.stopWatching = () => {
			connection.removeEventListener('error', onFailure);
			connection.removeEventListener('abort', onFailure);
			connection.removeEventListener('close', onLost);
			connection.removeEventListener('versionchange', onLost);
		};
	}

	/**
	 * A write failed, or the load did (`error` null: y-indexeddb kept the cause to itself, and a
	 * problem already shown stays). Drops the persistence and tries again after the backoff.
	 */
	#fail(binding: Binding, error: unknown) {
		if (binding !== this.#binding) return;
		void this.#teardown();
		if (error !== null || !this.state.issue) {
			const cause = error ?? new Error(`y-indexeddb did not load ${this.name}`);
			this.#setState({ issue: reportStorageError(this.name, cause) });
		}
		this.#settleWaiters(true);
		if (!this.state.isLoaded && ++this.#failedLoads >= LOAD_ATTEMPTS) this.#markLoaded();
		this.#scheduleRetry();
	}

	/**
	 * The connection was closed: by another tab deleting or upgrading the database, or by the
	 * browser. Reopening at once when nothing waits would bring back a database another tab
	 * has just deleted, so that waits for the next update.
	 */
	#detach(binding: Binding) {
		if (binding !== this.#binding) return;
		void this.#teardown();
		if (this.#unsaved() > 0 || !this.state.isLoaded) this.#scheduleRetry();
	}

	#scheduleRetry() {
		if (this.#isDestroyed || this.#retryTimer) return;
		const delay = this.#retryDelay;
		this.#retryDelay = Math.min(RETRY_MAX_MS, this.#retryDelay * 2);
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			void this.#reconnect();
		}, delay);
	}

	/** Drops the current persistence and its mirror; resolves once its connection is closed. */
	#teardown(): Promise<void> {
		const binding = this.#binding;
		if (!binding) return Promise.resolve();
		this.#binding = null;
		binding.isReady = false;
		binding.stopWatching();
		// Rejects when the database never opened: then there is nothing to close.
		const closed = binding.persistence.destroy().catch(() => {});
		binding.mirror.destroy();
		return closed;
	}

	#wait(isFlush: boolean): Promise<void> {
		const upTo = this.#latest;
		if (this.#stored >= upTo) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push({ upTo, resolve, isFlush }));
	}

	/**
	 * Writes start with each update; this retries a failed one now instead of after the backoff.
	 * Resolves when everything so far is committed, or a write has failed (and is retried).
	 */
	flush(): Promise<void> {
		if (this.#isDestroyed) return Promise.resolve();
		if (this.#retryTimer) {
			clearTimeout(this.#retryTimer);
			this.#retryTimer = null;
			void this.#reconnect();
		} else if (!this.#binding && this.#unsaved() > 0) {
			void this.#reconnect();
		}
		return this.#wait(true);
	}

	/** Resolves once every update so far is committed to IndexedDB (waits through retries). */
	whenStored(): Promise<void> {
		return this.#wait(false);
	}

	/**
	 * Stops listening, stores what is unsaved, moves legacy rows, then closes the document's
	 * database. The document itself is not destroyed.
	 */
	async destroy(): Promise<void> {
		if (this.#isClosing) return;
		this.#isClosing = true;
		this.doc.off('update', this.#onUpdate);
		await this.whenLoaded;
		await this.flush();
		await this.whenStored();
		// A load under way finishes first: it deletes the legacy rows it has stored.
		await this.#connecting;
		await this.#legacyMoved;
		this.#isDestroyed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		await this.#teardown();
	}
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
function decoded<T>(name: string, decode: () => T): T {
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
function readRows(databaseName: string): Promise<Uint8Array[]> {
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

/** Reads a document's stored state without keeping it open (the meetings index, tests). */
export async function readStoredDocument(db: PlenaryDatabase, name: string): Promise<Y.Doc> {
	const [rows, legacy] = await Promise.all([
		readRows(documentDatabaseName(db, name)),
		legacyUpdates(db, name)
	]);
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
		// An open persistence of it closes its connection when asked (`versionchange`).
		await clearDocument(documentDatabaseName(db, name));
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
