/**
 * The app's IndexedDB database, `plenary` (through `idb`, a thin promise wrapper): every store of
 * the device but the Yjs documents, each of which has a y-indexeddb database of its own
 * (doc-store.ts).
 *
 *   store      key path                 indexes       rows
 *   groups     id                                     a group this device belongs to, or the
 *              local notebook: { id, name, relayUrl: string | null, tokens: { edit?, comment?,
 *              view? }, role: 'edit' | 'comment' | 'view', joinedAt: ISO string, isLocal }
 *   profile    id                                     one row, id 'me': { id, displayName, colour }
 *   meetings   [groupId, meetingId]     groupId,      the derived meetings index: { groupId,
 *                                       updatedAt     meetingId, title, date, status, categories,
 *              updatedAt, openActions, searchText, isOnDevice }; rebuilt from the Yjs documents
 *              at any time (meetings-index.ts), never the source of truth; every write to it is
 *              announced (meetings-events.ts)
 *   documents  name                     groupId       one row per Yjs document stored on this
 *              device: { name, groupId, meetingId: string | null, kind, relayStateVector:
 *              Uint8Array | null (the last receipt), receiptAt: number | null, pending: number
 *              (changes the relay had not confirmed when the document was last closed), openedAt }
 *   updates    seq (auto-increment)     name          legacy: Yjs updates of documents, { seq,
 *              name, update: Uint8Array }, moved into each document's own database when it
 *              opens and at start-up, then deleted (legacy-updates.ts); nothing adds rows
 *   settings   key                                    small flags: { key, value }
 *
 * An index is named after its key path. The app first used Dexie, whose `version(1)` is
 * IndexedDB version 10 (Dexie multiplies by ten) with exactly these stores and indexes, so a
 * device that ran it opens here without an upgrade and keeps its data.
 *
 * Migrations are append-only: never edit an `if (oldVersion < n)` step of `migrate` once
 * released; raise SCHEMA_VERSION and add a step below the last.
 *
 * One `PlenaryDatabase` per tab (`getDatabase()`); it opens its connection on first use and
 * again after the browser closed it (`terminated`: iOS "Connection to Indexed Database server
 * lost", storage cleared) or another tab asked for a newer version (`blocking`: closed at once
 * so that tab's upgrade is never held up).
 */
import {
	deleteDB,
	openDB,
	type DBSchema,
	type IDBPDatabase,
	type IDBPTransaction,
	type StoreNames
} from 'idb';
import type { Role } from '$lib/sync/token-format';
import { clearStorageError, reportStorageProblem } from './storage-errors';

export { LOCAL_NOTEBOOK_ID } from './local-notebook';

export interface GroupRecord {
	id: string;
	name: string;
	/** The relay's origin, e.g. `https://minutes.example.org`; null for the local notebook. */
	relayUrl: string | null;
	tokens: Partial<Record<Role, string>>;
	role: Role;
	joinedAt: string;
	isLocal: boolean;
}

export interface ProfileRecord {
	id: 'me';
	displayName: string;
	colour: string;
}

export interface MeetingIndexRecord {
	groupId: string;
	meetingId: string;
	title: string;
	/** 'YYYY-MM-DD' or '' */
	date: string;
	status: string;
	categories: string[];
	/** ms since the epoch: when this device last saw the meeting change */
	updatedAt: number;
	openActions: number;
	searchText: string;
	/** false: known from the group's directory only, its minutes not yet on this device */
	isOnDevice: boolean;
}

export type DocumentKind = 'directory' | 'minutes' | 'comments';

export interface DocumentRecord {
	name: string;
	groupId: string;
	meetingId: string | null;
	kind: DocumentKind;
	relayStateVector: Uint8Array | null;
	receiptAt: number | null;
	pending: number;
	openedAt: number;
}

export interface UpdateRecord {
	/** Given by the store on `add`. */
	seq?: number;
	name: string;
	update: Uint8Array;
}

export interface SettingRecord {
	key: string;
	value: unknown;
}

export interface PlenarySchema extends DBSchema {
	groups: { key: string; value: GroupRecord };
	profile: { key: string; value: ProfileRecord };
	meetings: {
		key: [string, string];
		value: MeetingIndexRecord;
		indexes: { groupId: string; updatedAt: number };
	};
	documents: { key: string; value: DocumentRecord; indexes: { groupId: string } };
	updates: { key: number; value: UpdateRecord; indexes: { name: string } };
	settings: { key: string; value: SettingRecord };
}

export type PlenaryStore = StoreNames<PlenarySchema>;
/** An open connection: idb's `get`, `put`, `getAllFromIndex`, `transaction`… */
export type PlenaryConnection = IDBPDatabase<PlenarySchema>;
export type PlenaryTransaction<
	Stores extends readonly PlenaryStore[],
	Mode extends IDBTransactionMode
> = IDBPTransaction<PlenarySchema, Stores, Mode>;

export const SCHEMA_VERSION = 10;
/** The storage issue shown while opening waits for another tab (storage-errors.ts). */
const BLOCKED_SUBJECT = 'database';

function migrate(db: PlenaryConnection, oldVersion: number): void {
	if (oldVersion < 10) {
		// Dexie's version(1): `groups: '&id', profile: '&id', meetings: '&[groupId+meetingId],
		// groupId, updatedAt', documents: '&name, groupId', updates: '++seq, name',
		// settings: '&key'`. Nothing older than 10 ever held stores.
		db.createObjectStore('groups', { keyPath: 'id' });
		db.createObjectStore('profile', { keyPath: 'id' });
		const meetings = db.createObjectStore('meetings', { keyPath: ['groupId', 'meetingId'] });
		meetings.createIndex('groupId', 'groupId');
		meetings.createIndex('updatedAt', 'updatedAt');
		const documents = db.createObjectStore('documents', { keyPath: 'name' });
		documents.createIndex('groupId', 'groupId');
		const updates = db.createObjectStore('updates', { keyPath: 'seq', autoIncrement: true });
		updates.createIndex('name', 'name');
		db.createObjectStore('settings', { keyPath: 'key' });
	}
}

export class PlenaryDatabase {
	readonly name: string;
	#connection: PlenaryConnection | null = null;
	#opening: Promise<PlenaryConnection> | null = null;
	/** Counts `close()` calls, so an open that was under way is not kept. */
	#epoch = 0;

	constructor(name = 'plenary') {
		this.name = name;
	}

	/** The open connection, or null until `open()` has made one (or after it was lost). */
	get connection(): PlenaryConnection | null {
		return this.#connection;
	}

	/**
	 * The connection, opened (and created or upgraded) on first use and again after it was
	 * closed or lost. Rejects with IndexedDB's error (e.g. `VersionError` when a newer version of
	 * the app upgraded the database, `UnknownError` when the browser cannot read it); the next
	 * call tries again.
	 */
	open(): Promise<PlenaryConnection> {
		if (this.#connection) return Promise.resolve(this.#connection);
		if (!this.#opening) {
			const opening: Promise<PlenaryConnection> = this.#connect().finally(() => {
				if (this.#opening === opening) this.#opening = null;
			});
			this.#opening = opening;
		}
		return this.#opening;
	}

	async #connect(): Promise<PlenaryConnection> {
		const epoch = this.#epoch;
		let opened: PlenaryConnection | null = null;
		const forget = () => {
			if (opened && this.#connection === opened) this.#connection = null;
		};
		try {
			opened = await openDB<PlenarySchema>(this.name, SCHEMA_VERSION, {
				upgrade: migrate,
				blocked: (current) => {
					console.warn(
						`Plenary: storage waits for another tab to close version ${current} of the database`
					);
					reportStorageProblem(BLOCKED_SUBJECT, 'blocked');
				},
				blocking: () => {
					// Another tab opens a newer version: let it, and reopen on next use (which then
					// fails with a VersionError until this tab is reloaded with the newer app).
					opened?.close();
					forget();
				},
				terminated: () => {
					console.warn('Plenary: the browser closed the database; it is reopened on next use');
					forget();
				}
			});
		} finally {
			// Opened or failed, it no longer waits for another tab.
			clearStorageError(BLOCKED_SUBJECT);
		}
		if (epoch !== this.#epoch) {
			// close() was called while it opened: this connection is not the tab's any more.
			opened.close();
			throw new DOMException('The database was closed while it opened.', 'InvalidStateError');
		}
		this.#connection = opened;
		return opened;
	}

	/** Closes the connection; the next `open()` makes a new one. */
	close(): void {
		this.#epoch++;
		this.#connection?.close();
		this.#connection = null;
		this.#opening = null;
	}

	/** Tests: closes and deletes the whole database. */
	async delete(): Promise<void> {
		this.close();
		await deleteDB(this.name);
	}

	/**
	 * Runs `work` in one transaction over `stores` and resolves with its result once the
	 * transaction has committed. When `work` throws or a request fails, the transaction is
	 * aborted (nothing of it is written) and this rejects with that error. IndexedDB commits a
	 * transaction as soon as no request of it is pending, so `work` may await only requests of
	 * `tx`: never a fetch, a timer or another transaction.
	 */
	async transaction<
		const Stores extends readonly PlenaryStore[],
		Mode extends IDBTransactionMode,
		T
	>(
		stores: Stores,
		mode: Mode,
		work: (tx: PlenaryTransaction<Stores, Mode>) => Promise<T>
	): Promise<T> {
		const connection = await this.open();
		const tx = connection.transaction(stores, mode);
		// Awaited below; handled now so that a failure while `work` runs is never unhandled.
		tx.done.catch(() => {});
		let result: T;
		try {
			result = await work(tx);
		} catch (error) {
			try {
				tx.abort();
			} catch {
				// Already committed or aborted.
			}
			throw error;
		}
		await tx.done;
		return result;
	}
}

let instance: PlenaryDatabase | undefined;

/** The database of this tab; its connection opens on first use. */
export function getDatabase(): PlenaryDatabase {
	instance ??= new PlenaryDatabase();
	return instance;
}

/** Tests: use another database (e.g. one on fake-indexeddb) as the singleton. */
export function setDatabase(next: PlenaryDatabase | undefined): void {
	instance = next;
}
