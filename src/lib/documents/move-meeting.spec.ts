import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, agendaList, createMeeting, directory, header } from '$lib/model';
import { PlenaryDatabase, LOCAL_NOTEBOOK_ID } from '$lib/storage/db';
import { namesWithLegacyUpdates } from '$lib/storage/legacy-updates';
import { readStoredDocument, storedDocumentNames } from '$lib/storage/stored-documents';
import { ensureGroups } from '$lib/storage/groups';
import { openDocument, whenAllClosed } from './registry';
import { moveMeeting } from './move-meeting';

let db: PlenaryDatabase;
let n = 0;
const TARGET = 'target-group-aaaaaaaaaa';
const MEETING = 'meeting-bbbbbbbbbbbbbbbbbb';

beforeEach(async () => {
	db = new PlenaryDatabase(`move-test-${++n}`);
	await db.open();
	await ensureGroups(db);
	// A second group without a relay keeps this test off the network.
	await db.groups.put({
		id: TARGET,
		name: 'Chapter',
		relayUrl: null,
		tokens: {},
		role: 'edit',
		joinedAt: new Date().toISOString(),
		isLocal: false
	});
});

afterEach(async () => {
	await whenAllClosed();
	db.close();
	await db.delete();
});

test('a meeting moves from the local notebook into a group whole, listed there and gone here', async () => {
	const local = openDocument(`${LOCAL_NOTEBOOK_ID}/${MEETING}`, { db });
	await local.whenLoaded;
	createMeeting(local.doc, { meetingId: MEETING, title: 'Notebook meeting' });
	addAgendaItem(local.doc, { title: 'Kept item' });
	await local.whenStored();
	local.release();
	await whenAllClosed();

	await moveMeeting(db, MEETING, LOCAL_NOTEBOOK_ID, TARGET);
	await whenAllClosed();

	const moved = await readStoredDocument(db, `${TARGET}/${MEETING}`);
	expect(header(moved).title).toBe('Notebook meeting');
	expect(agendaList(moved).map((i) => i.title)).toEqual(['Kept item']);
	const targetDirectory = await readStoredDocument(db, TARGET);
	expect(directory(targetDirectory).meetings.map((m) => m.meetingId)).toEqual([MEETING]);
	expect(await db.meetings.get([TARGET, MEETING])).toMatchObject({
		title: 'Notebook meeting'
	});

	const left = await readStoredDocument(db, `${LOCAL_NOTEBOOK_ID}/${MEETING}`);
	expect(Y.encodeStateAsUpdate(left).length).toBeLessThanOrEqual(2);
	expect(await db.meetings.get([LOCAL_NOTEBOOK_ID, MEETING])).toBeUndefined();
	const localDirectory = await readStoredDocument(db, LOCAL_NOTEBOOK_ID);
	expect(directory(localDirectory).meetings).toEqual([]);
});

test('a meeting not read whole on this device is not moved, and nothing of it is deleted', async () => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
	const name = `${LOCAL_NOTEBOOK_ID}/${MEETING}`;
	const local = openDocument(name, { db });
	await local.whenLoaded;
	createMeeting(local.doc, { meetingId: MEETING, title: 'Notebook meeting' });
	await local.whenStored();
	local.release();
	await whenAllClosed();
	// Rows of the legacy table that do not decode: the only copy of whatever they hold.
	await db.updates.add({ name, update: new Uint8Array([1, 2, 3]) });

	await expect(moveMeeting(db, MEETING, LOCAL_NOTEBOOK_ID, TARGET)).rejects.toThrow(
		/could not be read whole on this device/
	);
	await whenAllClosed();
	expect(await namesWithLegacyUpdates(db)).toEqual([name]);
	const stored = await storedDocumentNames(db);
	expect(stored).toContain(name);
	expect(stored.filter((other) => other.startsWith(TARGET))).toEqual([]);
	expect(await db.meetings.get([LOCAL_NOTEBOOK_ID, MEETING])).toMatchObject({
		title: 'Notebook meeting'
	});
	expect(directory(await readStoredDocument(db, LOCAL_NOTEBOOK_ID)).meetings).toHaveLength(1);
});
