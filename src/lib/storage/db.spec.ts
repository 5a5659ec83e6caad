import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { PlenaryDatabase, SCHEMA_VERSION, type GroupRecord, type MeetingIndexRecord } from './db';
import { DocPersistence, readStoredDocument } from './doc-store';
import { documentsWithPending } from './document-records';
import { getProfile, listGroups } from './groups';
import { localNotebook } from './groups';
import { classifyStorageError, currentStorageIssues } from './storage-errors';

let n = 0;
let name: string;
let db: PlenaryDatabase;

beforeEach(() => {
	name = `db-test-${++n}`;
	db = new PlenaryDatabase(name);
});

afterEach(async () => {
	await db.delete();
});

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** Every store with its key path, auto-increment and indexes, as the browser reports them. */
function describeSchema(idb: IDBDatabase) {
	const stores = [...idb.objectStoreNames];
	const tx = idb.transaction(stores);
	return Object.fromEntries(
		stores.map((storeName) => {
			const store = tx.objectStore(storeName);
			const indexes = [...store.indexNames].map((indexName) => {
				const index = store.index(indexName);
				return {
					name: index.name,
					keyPath: index.keyPath,
					unique: index.unique,
					multi: index.multiEntry
				};
			});
			return [storeName, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
		})
	);
}

/**
 * What Dexie 4.4.7 made of the app's `version(1).stores({ groups: '&id', profile: '&id',
 * meetings: '&[groupId+meetingId], groupId, updatedAt', documents: '&name, groupId',
 * updates: '++seq, name', settings: '&key' })`, read back from IndexedDB (version 10).
 */
const DEXIE_SCHEMA = {
	documents: {
		keyPath: 'name',
		autoIncrement: false,
		indexes: [{ name: 'groupId', keyPath: 'groupId', unique: false, multi: false }]
	},
	groups: { keyPath: 'id', autoIncrement: false, indexes: [] },
	meetings: {
		keyPath: ['groupId', 'meetingId'],
		autoIncrement: false,
		indexes: [
			{ name: 'groupId', keyPath: 'groupId', unique: false, multi: false },
			{ name: 'updatedAt', keyPath: 'updatedAt', unique: false, multi: false }
		]
	},
	profile: { keyPath: 'id', autoIncrement: false, indexes: [] },
	settings: { keyPath: 'key', autoIncrement: false, indexes: [] },
	updates: {
		keyPath: 'seq',
		autoIncrement: true,
		indexes: [{ name: 'name', keyPath: 'name', unique: false, multi: false }]
	}
};

/** The database as the Dexie version of the app left it, made with IndexedDB's own calls. */
async function createDexieDatabase(rows: (stores: (name: string) => IDBObjectStore) => void) {
	const open = indexedDB.open(name, 10);
	open.onupgradeneeded = () => {
		const idb = open.result;
		idb.createObjectStore('groups', { keyPath: 'id' });
		idb.createObjectStore('profile', { keyPath: 'id' });
		const meetings = idb.createObjectStore('meetings', { keyPath: ['groupId', 'meetingId'] });
		meetings.createIndex('groupId', 'groupId');
		meetings.createIndex('updatedAt', 'updatedAt');
		idb.createObjectStore('documents', { keyPath: 'name' }).createIndex('groupId', 'groupId');
		idb
			.createObjectStore('updates', { keyPath: 'seq', autoIncrement: true })
			.createIndex('name', 'name');
		idb.createObjectStore('settings', { keyPath: 'key' });
	};
	const idb = await request(open);
	const tx = idb.transaction([...idb.objectStoreNames], 'readwrite');
	rows((store) => tx.objectStore(store));
	await new Promise((resolve, reject) => {
		tx.oncomplete = resolve;
		tx.onabort = () => reject(tx.error);
	});
	idb.close();
}

const GROUP = 'group-aaaaaaaaaaaaaaaa';
const MEETING = 'meeting-1111111111111111';

function meetingRow(patch: Partial<MeetingIndexRecord> = {}): MeetingIndexRecord {
	return {
		groupId: GROUP,
		meetingId: MEETING,
		title: 'March meeting',
		date: '2026-03-31',
		status: 'draft',
		categories: ['board'],
		updatedAt: 1_700_000_000_000,
		openActions: 1,
		searchText: 'march meeting',
		isOnDevice: true,
		...patch
	};
}

describe('the database', () => {
	test('a fresh database has exactly the stores and indexes Dexie made, at version 10', async () => {
		const connection = await db.open();
		expect(connection.version).toBe(SCHEMA_VERSION);
		expect(SCHEMA_VERSION).toBe(10);
		expect(describeSchema(unwrap(connection))).toEqual(DEXIE_SCHEMA);
	});

	test('a device that ran the Dexie version keeps every row; its updates move to their document', async () => {
		const relayGroup: GroupRecord = {
			id: GROUP,
			name: 'Chapter',
			relayUrl: 'https://minutes.example.org',
			tokens: { edit: 'p1.token' },
			role: 'edit',
			joinedAt: '2026-01-01T00:00:00.000Z',
			isLocal: false
		};
		const minutes = new Y.Doc();
		minutes.getText('t').insert(0, 'kept ');
		const first = Y.encodeStateAsUpdate(minutes);
		const before = Y.encodeStateVector(minutes);
		minutes.getText('t').insert(5, 'through the upgrade');
		const second = Y.encodeStateAsUpdate(minutes, before);
		const documentName = `${GROUP}/${MEETING}`;
		await createDexieDatabase((store) => {
			store('groups').put(localNotebook());
			store('groups').put(relayGroup);
			store('profile').put({ id: 'me', displayName: 'Sam', colour: '#2a9d8f' });
			store('meetings').put(meetingRow());
			store('meetings').put(meetingRow({ groupId: 'other-group-aaaaaaaaa', title: 'Other' }));
			store('documents').put({
				name: documentName,
				groupId: GROUP,
				meetingId: MEETING,
				kind: 'minutes',
				relayStateVector: new Uint8Array([0]),
				receiptAt: 1_700_000_000_000,
				pending: 2,
				openedAt: 1_700_000_000_000
			});
			store('updates').add({ name: documentName, update: first });
			store('updates').add({ name: documentName, update: second });
			store('settings').put({ key: 'current-group', value: GROUP });
		});

		const connection = await db.open();
		expect(connection.version).toBe(10);
		expect(describeSchema(unwrap(connection))).toEqual(DEXIE_SCHEMA);
		expect((await listGroups(db)).map((g) => g.id)).toEqual([localNotebook().id, GROUP]);
		expect(await connection.get('groups', GROUP)).toEqual(relayGroup);
		expect(await getProfile(db)).toEqual({ id: 'me', displayName: 'Sam', colour: '#2a9d8f' });
		expect(await connection.getAllFromIndex('meetings', 'groupId', GROUP)).toEqual([meetingRow()]);
		expect((await documentsWithPending(db)).map((d) => [d.name, d.pending])).toEqual([
			[documentName, 2]
		]);
		expect(await connection.get('settings', 'current-group')).toEqual({
			key: 'current-group',
			value: GROUP
		});
		expect((await readStoredDocument(db, documentName)).getText('t').toString()).toBe(
			'kept through the upgrade'
		);

		const doc = new Y.Doc();
		const store = new DocPersistence(documentName, doc, db);
		await store.whenLoaded;
		doc.getText('t').insert(0, 'Still ');
		await store.destroy();
		// Its updates moved into the document's own database (doc-store.ts).
		expect(await connection.getAllKeysFromIndex('updates', 'name', documentName)).toEqual([]);
		expect((await readStoredDocument(db, documentName)).getText('t').toString()).toBe(
			'Still kept through the upgrade'
		);
	});

	test('a database without stores (a bare indexedDB.open made it) gets them', async () => {
		(await request(indexedDB.open(name))).close();
		const connection = await db.open();
		expect(describeSchema(unwrap(connection))).toEqual(DEXIE_SCHEMA);
	});

	test('an open held up by another tab’s older connection is said on screen until it goes on', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		// A tab (or any script of the origin) holding version 1 and not letting go.
		const holder = await request(indexedDB.open(name));
		const opening = db.open();
		await vi.waitFor(() =>
			expect(currentStorageIssues()).toEqual([
				expect.objectContaining({ subject: 'database', problem: 'blocked' })
			])
		);
		expect(currentStorageIssues()[0].message).toMatch(/another tab .* Close or reload that tab/);
		holder.close();
		expect((await opening).version).toBe(SCHEMA_VERSION);
		expect(currentStorageIssues()).toEqual([]);
	});

	test('a connection the browser closed (iOS "server lost") is opened again on next use', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		const first = await db.open();
		// fake-indexeddb declares its parameter as the class, not a connection.
		forceCloseDatabase(unwrap(first) as unknown as typeof IDBDatabase);
		await vi.waitFor(() => expect(db.connection).toBeNull());
		expect((await listGroups(db)).length).toBe(0);
		expect(db.connection).not.toBe(first);
		expect(db.connection).not.toBeNull();
	});

	test('another tab’s upgrade is not held up; afterwards this tab says to reload', async () => {
		await db.open();
		const upgrade = indexedDB.open(name, SCHEMA_VERSION + 1);
		const isBlocked = vi.fn();
		upgrade.onblocked = isBlocked;
		(await request(upgrade)).close();
		expect(isBlocked).not.toHaveBeenCalled();
		expect(db.connection).toBeNull();
		const error = await db.open().then(
			() => null,
			(e: unknown) => e
		);
		expect((error as DOMException).name).toBe('VersionError');
		expect(classifyStorageError(error)).toBe('newer-version');
	});

	test('a connection closed under the app fails as "closed", and reopening works', async () => {
		const connection = await db.open();
		connection.close();
		const error = await db
			.transaction(['groups'], 'readonly', (tx) => tx.store.getAll())
			.catch((e: unknown) => e);
		expect(classifyStorageError(error)).toBe('closed');
		db.close();
		expect(await db.transaction(['groups'], 'readonly', (tx) => tx.store.getAll())).toEqual([]);
	});

	test('close() while opening: that open fails as "closed" and the next one works', async () => {
		const opening = db.open();
		db.close();
		await expect(opening).rejects.toMatchObject({ name: 'InvalidStateError' });
		expect((await db.open()).version).toBe(SCHEMA_VERSION);
	});
});

describe('transaction()', () => {
	test('work that throws writes nothing of what it did before', async () => {
		const failing = db.transaction(['groups', 'settings'], 'readwrite', async (tx) => {
			await tx.objectStore('groups').put(localNotebook());
			await tx.objectStore('settings').put({ key: 'current-group', value: 'x' });
			throw new Error('halfway');
		});
		await expect(failing).rejects.toThrow('halfway');
		const connection = await db.open();
		expect(await connection.count('groups')).toBe(0);
		expect(await connection.count('settings')).toBe(0);
	});

	test('a failed request fails the whole transaction, with the request’s error', async () => {
		await (await db.open()).put('settings', { key: 'a', value: 1 });
		const failing = db.transaction(['settings'], 'readwrite', async (tx) => {
			await tx.store.put({ key: 'b', value: 2 });
			await tx.store.add({ key: 'a', value: 3 });
		});
		await expect(failing).rejects.toMatchObject({ name: 'ConstraintError' });
		expect(await (await db.open()).getAll('settings')).toEqual([{ key: 'a', value: 1 }]);
	});

	test('resolves with what the work returns, once committed', async () => {
		const result = await db.transaction(['settings'], 'readwrite', async (tx) => {
			await tx.store.put({ key: 'a', value: 1 });
			return 'done';
		});
		expect(result).toBe('done');
		expect(await (await db.open()).get('settings', 'a')).toEqual({ key: 'a', value: 1 });
	});
});
