import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createMeeting, header } from '$lib/model';
import { PlenaryDatabase } from '$lib/storage/db';
import { readStoredDocument } from '$lib/storage/stored-documents';
import { ensureGroups, saveGroup } from '$lib/storage/groups';
import {
	connectClient,
	createGroup,
	randomId,
	startTestRelay,
	waitFor,
	waitSynced,
	type TestRelay
} from '../../../tests/utils/relay';
import { GroupSync, type SyncProgress } from './background-sync';
import { whenAllClosed } from './registry';

let relay: TestRelay;
let db: PlenaryDatabase;
let n = 0;

beforeAll(async () => {
	(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
	relay = await startTestRelay();
});

afterAll(async () => {
	await relay.close();
});

beforeEach(async () => {
	db = new PlenaryDatabase(`background-test-${++n}`);
	await db.open();
	await ensureGroups(db);
});

afterEach(async () => {
	await whenAllClosed();
	db.close();
	await db.delete();
});

test('the directory first, then every meeting it lists comes onto the device, with progress', async () => {
	const group = await createGroup(relay.httpUrl, 'Background');
	const titles = ['One', 'Two', 'Three'];
	const ids: string[] = [];
	for (const title of titles) {
		const meetingId = randomId();
		ids.push(meetingId);
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId, title });
		const client = connectClient(
			relay.syncUrl,
			`${group.groupId}/${meetingId}`,
			group.tokens.edit,
			doc
		);
		await waitSynced(client);
		// The relay lists a meeting in the directory once it has stored its minutes.
		const reader = connectClient(relay.syncUrl, group.groupId, group.tokens.view);
		await waitFor(() => (reader.doc.getMap('meetings').get(meetingId) ?? null) !== null, {
			message: 'directory entry'
		});
		reader.destroy();
		client.destroy();
	}
	const record = await saveGroup(db, {
		groupId: group.groupId,
		name: group.name,
		relayUrl: relay.httpUrl,
		tokens: { edit: group.tokens.edit }
	});

	const seen: (SyncProgress | null)[] = [];
	const sync = new GroupSync(record, db, (progress) => seen.push(progress));
	await waitFor(() => seen.length > 1 && seen.at(-1) === null, {
		timeout: 15_000,
		message: 'a full pass'
	});
	expect(seen.filter(Boolean).at(-1)).toEqual({ groupId: group.groupId, done: 3, total: 3 });
	for (const [index, meetingId] of ids.entries()) {
		const stored = await readStoredDocument(db, `${group.groupId}/${meetingId}`);
		expect(header(stored).title).toBe(titles[index]);
		await waitFor(
			async () => (await db.meetings.get([group.groupId, meetingId]))?.isOnDevice === true
		);
	}
	sync.destroy();
}, 30_000);
