import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { PlenaryDatabase, LOCAL_NOTEBOOK_ID } from '$lib/storage/db';
import { whenAllClosed } from '$lib/sync/documents';
import { Workspace } from './workspace.svelte';

let db: PlenaryDatabase;
let workspace: Workspace;
let n = 0;

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
