/**
 * The app's one IndexedDB database, `plenary` (Dexie). Every table of the device lives here,
 * including the Yjs updates of every document (see doc-store.ts for why not y-indexeddb).
 *
 *   groups     &id                  a group this device belongs to, or the local notebook
 *              { id, name, relayUrl: string | null, tokens: { edit?, comment?, view? },
 *                role: 'edit' | 'comment' | 'view', joinedAt: ISO string, isLocal: boolean }
 *   profile    &id                  one row, id 'me': { id, displayName, colour }
 *   meetings   &[groupId+meetingId], groupId, updatedAt
 *              the derived meetings index: { groupId, meetingId, title, date, status,
 *              categories, updatedAt, openActions, searchText, isOnDevice }; rebuilt from the
 *              Yjs documents at any time (meetings-index.ts), never the source of truth
 *   documents  &name, groupId       one row per Yjs document stored on this device:
 *              { name, groupId, meetingId: string | null, kind, relayStateVector: Uint8Array |
 *                null (the last receipt), receiptAt: number | null, pending: number (changes the
 *                relay had not confirmed when the document was last closed), openedAt }
 *   updates    ++seq, name          Yjs updates of every document, appended, compacted on load:
 *              { seq, name, update: Uint8Array }
 *   settings   &key                 small flags: { key, value }
 *
 * Migrations are append-only: never edit a `version(n)` once released; add `version(n + 1)`
 * with the new stores and an `upgrade()` when rows need rewriting.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Role } from '$lib/sync/token-format';

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
	seq?: number;
	name: string;
	update: Uint8Array;
}

export interface SettingRecord {
	key: string;
	value: unknown;
}

export class PlenaryDatabase extends Dexie {
	groups!: EntityTable<GroupRecord, 'id'>;
	profile!: EntityTable<ProfileRecord, 'id'>;
	meetings!: Dexie.Table<MeetingIndexRecord, [string, string]>;
	documents!: EntityTable<DocumentRecord, 'name'>;
	updates!: EntityTable<UpdateRecord, 'seq'>;
	settings!: EntityTable<SettingRecord, 'key'>;

	constructor(name = 'plenary', options?: ConstructorParameters<typeof Dexie>[1]) {
		super(name, options);
		this.version(1).stores({
			groups: '&id',
			profile: '&id',
			meetings: '&[groupId+meetingId], groupId, updatedAt',
			documents: '&name, groupId',
			updates: '++seq, name',
			settings: '&key'
		});
	}
}

let instance: PlenaryDatabase | undefined;

/** The database of this tab, opened on first use. */
export function getDatabase(): PlenaryDatabase {
	instance ??= new PlenaryDatabase();
	return instance;
}

/** Tests: use another database (e.g. one on fake-indexeddb) as the singleton. */
export function setDatabase(next: PlenaryDatabase | undefined): void {
	instance = next;
}
