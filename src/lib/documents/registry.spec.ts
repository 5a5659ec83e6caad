import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createMeeting, directory, setTitle } from '$lib/model';
import { PlenaryDatabase, LOCAL_NOTEBOOK_ID } from '$lib/storage/db';
import { ensureGroups, saveGroup } from '$lib/storage/groups';
import { readStoredDocument } from '$lib/storage/stored-documents';
import {
	connectClient,
	createGroup,
	randomId,
	startTestRelay,
	waitFor,
	type TestRelay
} from '../../../tests/utils/relay';
import { openDocument, openDocumentCount, whenAllClosed } from './registry';

let db: PlenaryDatabase;
let n = 0;
let relay: TestRelay;

beforeAll(async () => {
	// Node 20 has no WebSocket; the app's provider uses the global one.
	(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
	relay = await startTestRelay();
});

afterAll(async () => {
	await relay.close();
});

beforeEach(async () => {
	db = new PlenaryDatabase(`documents-test-${++n}`);
	await db.open();
	await ensureGroups(db);
});

afterEach(async () => {
	await waitFor(() => openDocumentCount() === 0, { message: 'every document released' });
	await whenAllClosed();
	db.close();
	await db.delete();
});

describe('openDocument', () => {
	test('one Y.Doc per name, kept until the last release, stored and loaded again', async () => {
		const name = `${LOCAL_NOTEBOOK_ID}/${randomId()}`;
		const a = openDocument(name, { db });
		const b = openDocument(name, { db });
		expect(a.doc).toBe(b.doc);
		await a.whenLoaded;
		createMeeting(a.doc, { title: 'Local minutes' });
		a.release();
		expect(b.doc.isDestroyed).toBe(false);
		await b.whenStored();
		b.release();
		await waitFor(() => openDocumentCount() === 0);

		const again = openDocument(name, { db });
		await again.whenLoaded;
		expect(again.doc).not.toBe(a.doc);
		expect(again.doc.getMap('header').get('title')?.toString()).toBe('Local minutes');
		// The local notebook has no relay: settled as soon as it is stored.
		await expect(again.whenSettled()).resolves.toBe(true);
		expect(again.getStatus().relay).toBeNull();
		again.release();
	});

	test('the last release resolves once the document is closed, its changes stored', async () => {
		const name = `${LOCAL_NOTEBOOK_ID}/${randomId()}`;
		const a = openDocument(name, { db });
		const b = openDocument(name, { db });
		await a.whenLoaded;
		createMeeting(a.doc, { title: 'Closed' });
		await a.release();
		expect(b.doc.isDestroyed).toBe(false);
		await b.release();
		expect(b.doc.isDestroyed).toBe(true);
		const stored = await readStoredDocument(db, name);
		expect(stored.getMap('header').get('title')?.toString()).toBe('Closed');
	});

	test('a group document syncs through its relay and keeps the directory entry current', async () => {
		const group = await createGroup(relay.httpUrl, 'Chapter');
		await saveGroup(db, {
			groupId: group.groupId,
			name: group.name,
			relayUrl: relay.httpUrl,
			tokens: { edit: group.tokens.edit }
		});
		const meetingId = randomId();
		const handle = openDocument(`${group.groupId}/${meetingId}`, { db });
		await handle.whenLoaded;
		createMeeting(handle.doc, { meetingId, title: 'Draft' });
		setTitle(handle.doc, 'June meeting');
		await expect(handle.whenSettled()).resolves.toBe(true);
		expect(handle.getStatus().relay).toMatchObject({ phase: 'connected', pending: 0 });

		const reader = connectClient(relay.syncUrl, group.groupId, group.tokens.view);
		await waitFor(() => directory(reader.doc).meetings.some((m) => m.title === 'June meeting'), {
			message: 'directory entry on the relay'
		});
		expect(directory(reader.doc).meetings.map((m) => m.meetingId)).toEqual([meetingId]);
		reader.destroy();
		handle.release();
	});
});
