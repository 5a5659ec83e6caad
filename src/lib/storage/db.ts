/**
 * The device database `plenary` on Dexie 4: one `PlenaryDatabase` per tab (`getDatabase()`).
 * Each Yjs document has a y-indexeddb database of its own (doc-store.ts).
 *
 *   table      primary key, indexes     why it is here
 *   groups     &id                      the groups this device belongs to and the local notebook,
 *                                       with their relay and invite tokens (groups.ts)
 *   profile    &id                      one row, 'me': the name and colour others see
 *   meetings   &[groupId+meetingId],    the meetings index, derived from the Yjs documents so that
 *              groupId, updatedAt       lists and search need not open them (meetings-index.ts)
 *   documents  &name, groupId           one row per Yjs document on this device: what the relay
 *                                       last confirmed of it (document-records.ts)
 *   updates    ++seq, name              legacy: Yjs updates as earlier builds kept them; moved into
 *                                       each document's own y-indexeddb database (legacy-updates.ts)
 *   settings   &key                     small flags: the current group, warnings shown
 *
 * Migrations are append-only: a released `version(n)` is never edited; a change is a new
 * `version(n + 1)` with the stores that change and an `upgrade()` for rows that must be
 * rewritten. Dexie opens IndexedDB version 10 × n. docs/client-sync.md ("Storage") says how the
 * connection, transactions, live queries and failures behave.
 */
import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { DocumentKind } from '$lib/protocol/document-names';
import type { AccessRole } from '$lib/protocol/token-format';
import { clearStorageError, reportStorageProblem } from './storage-errors';

export { LOCAL_NOTEBOOK_ID } from './local-notebook';

export interface GroupRecord {
	id: string;
	name: string;
	/** The relay's origin, e.g. `https://minutes.example.org`; null for the local notebook. */
	relayUrl: string | null;
	tokens: Partial<Record<AccessRole, string>>;
	role: AccessRole;
	/** ISO date */
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
	/**
	 * Open review threads, from the meeting's comments document; absent while that document is
	 * not on this device (the list says so rather than show 0). Not indexed: no version change.
	 */
	openComments?: number;
	searchText: string;
	/** false: known from the group's directory only, its minutes not yet on this device */
	isOnDevice: boolean;
}

export interface DocumentRecord {
	name: string;
	groupId: string;
	meetingId: string | null;
	kind: DocumentKind;
	/** The relay's state vector in its last receipt. */
	relayStateVector: Uint8Array | null;
	receiptAt: number | null;
	/** Changes the relay had not confirmed when the document was last closed. */
	pending: number;
	openedAt: number;
}

export interface UpdateRecord {
	/** Given by the table on `add`. */
	seq?: number;
	name: string;
	update: Uint8Array;
}

export interface SettingRecord {
	key: string;
	value: unknown;
}

/** The storage issue shown while opening waits for another tab (storage-errors.ts). */
const BLOCKED_SUBJECT = 'database';

export class PlenaryDatabase extends Dexie {
	groups!: EntityTable<GroupRecord, 'id'>;
	profile!: EntityTable<ProfileRecord, 'id'>;
	meetings!: Table<MeetingIndexRecord, [string, string]>;
	documents!: EntityTable<DocumentRecord, 'name'>;
	updates!: EntityTable<UpdateRecord, 'seq'>;
	settings!: EntityTable<SettingRecord, 'key'>;

	constructor(name = 'plenary', options?: DexieOptions) {
		super(name, options);
		this.version(1).stores({
			groups: '&id',
			profile: '&id',
			meetings: '&[groupId+meetingId], groupId, updatedAt',
			documents: '&name, groupId',
			updates: '++seq, name',
			settings: '&key'
		});
		// The same tables: each Yjs document now lives in a database of its own and `updates` is
		// only drained. A tab still running a build that reads and writes `updates` is told to
		// reload (versionchange) instead of showing documents that moved as empty.
		this.version(2).stores({});
		// Fires when this tab's open (an upgrade) waits for a connection of another tab that does
		// not close. Without a word on screen the app would say "Loading…" for as long as that
		// tab stays open. A blocked `delete()` (tests) has no new version and is not reported.
		this.on('blocked', (event) => {
			if (!event.newVersion) return;
			reportStorageProblem(BLOCKED_SUBJECT, 'blocked');
			const settled = () => clearStorageError(BLOCKED_SUBJECT);
			// The open under way: opened or failed, it no longer waits.
			this.open().then(settled, settled);
		});
	}
}

let instance: PlenaryDatabase | undefined;

/** The database of this tab; Dexie opens it on first use. */
export function getDatabase(): PlenaryDatabase {
	instance ??= new PlenaryDatabase();
	return instance;
}

/** Tests: use another database (e.g. one on fake-indexeddb) as the singleton. */
export function setDatabase(next: PlenaryDatabase | undefined): void {
	instance = next;
}
