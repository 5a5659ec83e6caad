import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, expect, onTestFinished, test, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { PlenaryDatabase, LOCAL_NOTEBOOK_ID, type MeetingIndexRecord } from '$lib/storage/db';
import { readStoredDocument, storedDocumentNames } from '$lib/storage/stored-documents';
import { removeGroupData, removeMeetingFromDevice } from '$lib/storage/group-membership';
import { saveGroup } from '$lib/storage/groups';
import { namesWithLegacyUpdates } from '$lib/storage/legacy-updates';
import { clearStorageError, reportStorageError } from '$lib/storage/storage-errors';
import { isDocumentOpen, whenAllClosed } from '$lib/documents/registry';
import { groupPresence } from './group-presence.svelte';
import { Workspace } from './workspace.svelte';

let db: PlenaryDatabase;
let workspace: Workspace;
let n = 0;

beforeAll(() => {
	// Node 20 has no WebSocket; the app's provider uses the global one.
	(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
});

beforeEach(async () => {
	db = new PlenaryDatabase(`workspace-test-${++n}`);
	await db.open();
});

afterEach(async () => {
	workspace?.destroy();
	await whenAllClosed();
	db.close();
	await db.delete();
});

async function until(condition: () => boolean) {
	const deadline = Date.now() + 3_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

test('first run: the local notebook, "Saved on this device", and a meeting made offline is listed', async () => {
	workspace = new Workspace({ db });
	expect(workspace.status.text).toBe('Loading…');
	await workspace.whenReady;
	expect(workspace.groups.map((g) => g.id)).toEqual([LOCAL_NOTEBOOK_ID]);
	expect(workspace.currentGroup?.relayUrl).toBeNull();
	expect(workspace.status.text).toBe('Saved on this device');
	await until(() => workspace.isReady);
	expect(workspace.meetings).toEqual([]);

	const { groupId, meetingId } = await workspace.createMeeting({ title: 'Kitchen table' });
	expect(groupId).toBe(LOCAL_NOTEBOOK_ID);
	await until(() => workspace.meetings.length === 1);
	expect(workspace.meetings[0]).toMatchObject({
		meetingId,
		title: 'Kitchen table',
		status: 'draft'
	});
});

test('documents still in the legacy table move into their own databases at start-up', async () => {
	const notes = new Y.Doc();
	notes.getText('t').insert(0, 'never opened again');
	const name = `${LOCAL_NOTEBOOK_ID}/meeting-legacy-aaaaaaaaa`;
	await db.updates.add({ name, update: Y.encodeStateAsUpdate(notes) });
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	await vi.waitFor(async () => expect(await namesWithLegacyUpdates(db)).toEqual([]));
	expect(await storedDocumentNames(db)).toEqual([name]);
	expect((await readStoredDocument(db, name)).getText('t').toString()).toBe('never opened again');
});

test('a view-only group cannot get new meetings from this device', async () => {
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	await workspace.addGroup({
		groupId: 'group-readonly-aaaaaaaa',
		name: 'Read only',
		relayUrl: 'http://127.0.0.1:9',
		tokens: { view: 'p1.group-readonly-aaaaaaaa.view.1.x' }
	});
	expect(workspace.currentGroupId).toBe('group-readonly-aaaaaaaa');
	expect(workspace.canEdit).toBe(false);
	await expect(workspace.createMeeting()).rejects.toThrow(/read/);
});

test('with a relay group already on the device, the workspace starts and makes meetings', async () => {
	await db.groups.put({
		id: 'group-relay-aaaaaaaaaaaa',
		name: 'Chapter',
		relayUrl: 'http://127.0.0.1:9',
		tokens: { edit: 'p1.group-relay-aaaaaaaaaaaa.edit.1.x' },
		role: 'edit',
		joinedAt: new Date().toISOString(),
		isLocal: false
	});
	await db.settings.put({ key: 'current-group', value: 'group-relay-aaaaaaaaaaaa' });
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	expect(workspace.currentGroupId).toBe('group-relay-aaaaaaaaaaaa');
	const made = await workspace.createMeeting({ title: 'Offline in a group' });
	expect(made.groupId).toBe('group-relay-aaaaaaaaaaaa');
	await until(() => workspace.meetings.length === 1);
	expect(workspace.meetings[0].title).toBe('Offline in a group');
});

function indexRow(groupId: string, meetingId: string, title: string): MeetingIndexRecord {
	return {
		groupId,
		meetingId,
		title,
		date: '2026-05-01',
		status: 'draft',
		categories: [],
		updatedAt: Date.now(),
		openActions: 0,
		searchText: title.toLowerCase(),
		isOnDevice: false
	};
}

test('the meetings list follows the index, written by this tab’s storage code or another connection', async () => {
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	await until(() => workspace.isReady);
	expect(workspace.meetings).toEqual([]);

	// Another connection to the same database, as another tab has (across tabs Dexie carries
	// the change over a BroadcastChannel: tests/e2e/durability.e2e.ts).
	const otherTab = new PlenaryDatabase(db.name);
	try {
		const meetingId = 'meeting-from-another-tab';
		await otherTab.meetings.put(indexRow(LOCAL_NOTEBOOK_ID, meetingId, 'Elsewhere'));
		await until(() => workspace.meetings.length === 1);
		expect(workspace.meetings[0]).toMatchObject({ meetingId, title: 'Elsewhere' });

		// Rows of another group are not this list's.
		await otherTab.meetings.put(indexRow('group-elsewhere-aaaaaa', 'meeting-other', 'Other'));
		await db.meetings.put(indexRow(LOCAL_NOTEBOOK_ID, 'meeting-here', 'Here'));
		await until(() => workspace.meetings.length === 2);
		expect(workspace.meetings.map((m) => m.title).sort()).toEqual(['Elsewhere', 'Here']);

		// Removing meetings, as moving one does.
		await removeMeetingFromDevice(db, LOCAL_NOTEBOOK_ID, 'meeting-here');
		await removeMeetingFromDevice(otherTab, LOCAL_NOTEBOOK_ID, meetingId);
		await until(() => workspace.meetings.length === 0);
	} finally {
		otherTab.close();
	}
});

test('the groups follow what another tab joins and leaves; a group left there is left here too', async () => {
	const otherTab = new PlenaryDatabase(db.name);
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	await saveGroup(otherTab, {
		groupId: 'group-joined-elsewhere-a',
		name: 'Joined elsewhere',
		relayUrl: 'http://127.0.0.1:9',
		tokens: { view: 'p1.group-joined-elsewhere-a.view.1.x' }
	});
	await until(() => workspace.groups.length === 2);
	expect(workspace.groups.map((g) => g.name)).toEqual(['On this device', 'Joined elsewhere']);

	await workspace.selectGroup('group-joined-elsewhere-a');
	expect(workspace.currentGroup?.name).toBe('Joined elsewhere');
	await removeGroupData(otherTab, 'group-joined-elsewhere-a');
	await until(() => workspace.groups.length === 1);
	await until(() => workspace.currentGroupId === LOCAL_NOTEBOOK_ID);
	expect(workspace.currentGroup?.isLocal).toBe(true);
	otherTab.close();
});

test('a relay group left in another tab stops syncing here, so nothing of it is written back', async () => {
	const groupId = 'group-left-elsewhere-aa';
	await saveGroup(db, {
		groupId,
		name: 'Left elsewhere',
		relayUrl: 'http://127.0.0.1:9',
		tokens: { edit: `p1.${groupId}.edit.1.x` }
	});
	workspace = new Workspace({ db });
	await workspace.whenReady;
	const isSyncing = () => isDocumentOpen(groupId);
	await until(isSyncing);
	const otherTab = new PlenaryDatabase(db.name);
	await removeGroupData(otherTab, groupId);
	otherTab.close();
	await until(() => !isSyncing());
	expect(workspace.groups.map((g) => g.id)).toEqual([LOCAL_NOTEBOOK_ID]);
});

test('a group left in another tab ends this device’s presence in it, so its directory closes', async () => {
	const groupId = 'group-present-elsewhere';
	await saveGroup(db, {
		groupId,
		name: 'Present elsewhere',
		relayUrl: 'http://127.0.0.1:9',
		tokens: { view: `p1.${groupId}.view.1.x` }
	});
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	groupPresence(groupId, async () => ({ name: 'Sam', color: '#2a9d8f' }));
	await until(() => isDocumentOpen(groupId));
	const otherTab = new PlenaryDatabase(db.name);
	await removeGroupData(otherTab, groupId);
	otherTab.close();
	await until(() => !isDocumentOpen(groupId));
	expect(workspace.groups.map((g) => g.id)).toEqual([LOCAL_NOTEBOOK_ID]);
});

test('switching group lists that group’s meetings, and follows it rather than the old one', async () => {
	await db.groups.put({
		id: 'group-second-aaaaaaaaaa',
		name: 'Second',
		relayUrl: null,
		tokens: {},
		role: 'edit',
		joinedAt: new Date().toISOString(),
		isLocal: false
	});
	await db.meetings.put(indexRow('group-second-aaaaaaaaaa', 'meeting-s1', 'S1'));
	workspace = new Workspace({ db, isSyncing: false });
	await workspace.whenReady;
	await until(() => workspace.isReady);
	expect(workspace.meetings).toEqual([]);
	await workspace.selectGroup('group-second-aaaaaaaaaa');
	await until(() => workspace.meetings.length === 1);
	expect(workspace.meetings[0].title).toBe('S1');
	await db.meetings.put(indexRow(LOCAL_NOTEBOOK_ID, 'meeting-n1', 'In the notebook'));
	await db.meetings.put(indexRow('group-second-aaaaaaaaaa', 'meeting-s2', 'S2'));
	await until(() => workspace.meetings.length === 2);
	expect(workspace.meetings.map((m) => m.title).sort()).toEqual(['S1', 'S2']);
});

test('a meetings list that cannot be read is reported, and read again until it can', async () => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
	await db.meetings.put(indexRow(LOCAL_NOTEBOOK_ID, 'meeting-x', 'Kept'));
	const proto = globalThis.IDBIndex.prototype;
	const realGetAll = proto.getAll;
	let failures = 1;
	proto.getAll = function (this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
		if (this.objectStore.name === 'meetings' && failures-- > 0) {
			throw new DOMException('Connection to Indexed Database server lost.', 'UnknownError');
		}
		return realGetAll.apply(this, args);
	};
	onTestFinished(() => {
		proto.getAll = realGetAll;
	});
	workspace = new Workspace({ db, isSyncing: false });
	await until(() => workspace.storageIssues.some((i) => i.subject === 'meetings list'));
	expect(workspace.storageIssues.find((i) => i.subject === 'meetings list')?.problem).toBe(
		'connection-lost'
	);
	await until(() => workspace.meetings.length === 1);
	expect(workspace.storageIssues.map((i) => i.subject)).not.toContain('meetings list');
});

test('a full disk failing several documents is one notice, there until every write works', async () => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
	workspace = new Workspace({ db, isSyncing: false });
	const full = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
	reportStorageError('group/minutes', full());
	reportStorageError('group', full());
	reportStorageError('meetings index', new DOMException('closing', 'InvalidStateError'));
	expect(workspace.storageIssues.map((i) => [i.subject, i.problem])).toEqual([
		['group/minutes', 'quota'],
		['meetings index', 'closed']
	]);
	clearStorageError('group/minutes');
	clearStorageError('meetings index');
	expect(workspace.storageIssues.map((i) => [i.subject, i.problem])).toEqual([['group', 'quota']]);
	clearStorageError('group');
	expect(workspace.storageIssues).toEqual([]);
});
