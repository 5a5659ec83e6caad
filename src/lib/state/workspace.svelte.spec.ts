import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { PlenaryDatabase, LOCAL_NOTEBOOK_ID } from '$lib/storage/db';
import { whenAllClosed } from '$lib/sync/documents';
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
