import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
	dumpDatabase,
	restoreDatabase,
	type DatabaseDump
} from '../../../tests/fixtures/database-dump';
import written from '../../../tests/fixtures/plenary-database-v10.json';
import { PlenaryDatabase, type GroupRecord } from './db';
import { documentsWithPending } from './document-records';
import { getProfile, listGroups, localNotebook } from './groups';
import { shouldWarnAboutPersistence } from './persistence';
import { classifyStorageError, currentStorageIssues } from './storage-errors';

let n = 0;
let name: string;
let db: PlenaryDatabase;

beforeEach(() => {
	name = `db-test-${++n}`;
	db = new PlenaryDatabase(name);
});

afterEach(async () => {
	vi.restoreAllMocks();
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
 * What today's device database holds, read back from IndexedDB (version 10): the stores and
 * indexes every device with data has, which `version(1)` must match exactly.
 */
const VERSION_1_SCHEMA = {
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

/** The database as today's build wrote it (tests/fixtures/README.md). */
const fixture = written as unknown as DatabaseDump;

const bytes = (value: unknown) =>
	Uint8Array.from(Buffer.from((value as { $bytes: string }).$bytes, 'base64'));

/** The fixture's rows of one store, as written (byte arrays still as `{ $bytes }`). */
function fixtureRows<T>(store: string): T[] {
	return fixture.stores[store].rows.map((row) => row.value as T);
}

describe('the database', () => {
	test('a fresh database has exactly the stores and indexes of version(1), at IndexedDB version 20', async () => {
		await db.open();
		expect(db.verno).toBe(2);
		expect(db.backendDB().version).toBe(20);
		expect(describeSchema(db.backendDB())).toEqual(VERSION_1_SCHEMA);
	});

	test('a device with the data the earlier build wrote keeps every row through the upgrade', async () => {
		const warn = vi.spyOn(console, 'warn');
		const dump = { ...fixture, name };
		await restoreDatabase(indexedDB, dump);

		const groups = fixtureRows<GroupRecord>('groups');
		const local = groups.find((g) => g.isLocal)!;
		const hillside = groups.find((g) => g.name === 'Hillside chapter')!;
		expect(await listGroups(db)).toEqual([local, hillside]);
		expect(hillside.tokens.edit).toMatch(/^p1\./);
		expect(db.backendDB().version).toBe(20);
		expect(describeSchema(db.backendDB())).toEqual(VERSION_1_SCHEMA);
		// Dexie says so, and upgrades, when the stores differ from what it declares.
		expect(warn).not.toHaveBeenCalled();

		expect(await getProfile(db)).toEqual(fixtureRows('profile')[0]);
		const meetings = fixtureRows<{ groupId: string; title: string }>('meetings');
		for (const group of groups) {
			expect(await db.meetings.where('groupId').equals(group.id).toArray()).toEqual(
				meetings.filter((m) => m.groupId === group.id)
			);
		}
		expect((await db.meetings.toArray()).map((m) => m.title).sort()).toEqual([
			'Budget review',
			'Notebook draft'
		]);

		const documents = fixtureRows<Record<string, unknown>>('documents');
		expect(await db.documents.toArray()).toEqual(
			documents.map((d) => ({
				...d,
				relayStateVector: d.relayStateVector && bytes(d.relayStateVector)
			}))
		);
		expect(documents.filter((d) => d.relayStateVector).length).toBe(2);
		expect(await documentsWithPending(db)).toEqual([]);

		expect(await db.settings.toArray()).toEqual(fixtureRows('settings'));
		expect(await shouldWarnAboutPersistence(db)).toBe(false);

		const updates = fixtureRows<{ seq: number; name: string; update: unknown }>('updates');
		expect(updates.length).toBe(152);
		expect(await db.updates.count()).toBe(updates.length);
		expect(await db.updates.toArray()).toEqual(
			updates.map((u) => ({ ...u, update: bytes(u.update) }))
		);

		// Read through every table, the database still holds exactly what the old build wrote,
		// at the version that tells a tab of that build to reload.
		db.close();
		expect(await dumpDatabase(indexedDB, name)).toEqual({ ...dump, version: 20 });
	});

	test('a database without stores (a bare indexedDB.open made it) gets them', async () => {
		(await request(indexedDB.open(name))).close();
		await db.open();
		expect(describeSchema(db.backendDB())).toEqual(VERSION_1_SCHEMA);
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
		await opening;
		expect(db.backendDB().version).toBe(20);
		expect(currentStorageIssues()).toEqual([]);
	});

	test('a connection the browser closed (iOS "server lost") is opened again on next use', async () => {
		await db.open();
		const first = db.backendDB();
		const closed = new Promise((resolve) => db.on('close', resolve));
		// fake-indexeddb declares its parameter as the class, not a connection.
		forceCloseDatabase(first as unknown as typeof IDBDatabase);
		await closed;
		expect(db.isOpen()).toBe(false);
		expect((await listGroups(db)).length).toBe(0);
		expect(db.isOpen()).toBe(true);
		expect(db.backendDB()).not.toBe(first);
	});

	test('a connection closed under Dexie (InvalidStateError) is reopened at the next query', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		await db.open();
		const first = db.backendDB();
		first.close();
		expect(await db.groups.toArray()).toEqual([]);
		expect(db.backendDB()).not.toBe(first);
	});

	test('another tab’s upgrade is not held up, and this tab goes on with the upgraded database', async () => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
		await db.groups.put(localNotebook());
		const upgrade = indexedDB.open(name, 21);
		const isBlocked = vi.fn();
		upgrade.onblocked = isBlocked;
		(await request(upgrade)).close();
		expect(isBlocked).not.toHaveBeenCalled();
		expect(db.isOpen()).toBe(false);
		// Dexie 4 opens a newer version whose stores hold what version(1) declares.
		expect((await listGroups(db)).map((g) => g.id)).toEqual([localNotebook().id]);
		expect(db.backendDB().version).toBe(21);
	});
});

describe('a database closed on purpose', () => {
	test('fails its queries as "closed" until it is opened again', async () => {
		await db.open();
		db.close();
		const error = await db.groups.toArray().catch((e: unknown) => e);
		expect(error).toMatchObject({ name: 'DatabaseClosedError' });
		expect(classifyStorageError(error)).toBe('closed');
		await db.open();
		expect(await db.groups.toArray()).toEqual([]);
	});
});

describe('transactions', () => {
	test('work that throws writes nothing of what it did before', async () => {
		const failing = db.transaction('rw', db.groups, db.settings, async () => {
			await db.groups.put(localNotebook());
			await db.settings.put({ key: 'current-group', value: 'x' });
			throw new Error('halfway');
		});
		await expect(failing).rejects.toThrow('halfway');
		expect(await db.groups.count()).toBe(0);
		expect(await db.settings.count()).toBe(0);
	});

	test('a failed request fails the whole transaction, with the request’s error', async () => {
		await db.settings.put({ key: 'a', value: 1 });
		const failing = db.transaction('rw', db.settings, async () => {
			await db.settings.put({ key: 'b', value: 2 });
			await db.settings.add({ key: 'a', value: 3 });
		});
		await expect(failing).rejects.toMatchObject({ name: 'ConstraintError' });
		expect(await db.settings.toArray()).toEqual([{ key: 'a', value: 1 }]);
	});

	test('resolves with what the work returns, once committed', async () => {
		const result = await db.transaction('rw', db.settings, async () => {
			await db.settings.put({ key: 'a', value: 1 });
			return 'done';
		});
		expect(result).toBe('done');
		expect(await db.settings.get('a')).toEqual({ key: 'a', value: 1 });
	});
});
