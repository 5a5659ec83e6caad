import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { PlenaryDatabase } from './db';
import { DocPersistence } from './doc-store';
import { storedDocumentNames } from './stored-documents';
import {
	dropStaleTokens,
	leaveLoss,
	newestGeneration,
	removeGroupData,
	removeMeetingFromDevice,
	replaceGroupTokens
} from './group-membership';
import { ensureGroups, saveGroup } from './groups';
import { namesWithLegacyUpdates } from './legacy-updates';
import { LOCAL_NOTEBOOK_ID } from './local-notebook';

let db: PlenaryDatabase;
let n = 0;
const A = 'group-aaaaaaaaaaaaaaaa';
const B = 'group-bbbbbbbbbbbbbbbb';
const SIG = 's'.repeat(43);
const token = (group: string, role: string, generation: number) =>
	`p1.${group}.${role}.${generation}.${SIG}`;

beforeEach(async () => {
	db = new PlenaryDatabase(`membership-test-${++n}`);
	await db.open();
	await ensureGroups(db);
});

afterEach(async () => {
	db.close();
	await db.delete();
});

async function seedDocument(name: string, groupId: string, pending = 0) {
	const meetingId = name.split('/')[1] ?? null;
	await db.documents.put({
		name,
		groupId,
		meetingId,
		kind: name.endsWith('/comments') ? 'comments' : meetingId ? 'minutes' : 'directory',
		relayStateVector: null,
		receiptAt: null,
		pending,
		openedAt: 0
	});
	const doc = new Y.Doc();
	doc.getText('t').insert(0, name);
	const persistence = new DocPersistence(name, new Y.Doc(), db);
	await persistence.whenLoaded;
	Y.applyUpdate(persistence.doc, Y.encodeStateAsUpdate(doc));
	await persistence.destroy();
	// And a row of the legacy table, as a device that has not moved it yet holds.
	await db.updates.add({ name, update: Y.encodeStateAsUpdate(doc) });
}

async function seedMeeting(groupId: string, meetingId: string) {
	await db.meetings.put({
		groupId,
		meetingId,
		title: meetingId,
		date: '',
		status: 'draft',
		categories: [],
		updatedAt: 0,
		openActions: 0,
		searchText: '',
		isOnDevice: true
	});
	await seedDocument(`${groupId}/${meetingId}`, groupId);
}

test('a newer link drops tokens of a rotated-away generation, so its role shows', async () => {
	await saveGroup(db, {
		groupId: A,
		name: 'A',
		relayUrl: 'http://r',
		tokens: { edit: token(A, 'edit', 1) }
	});
	await dropStaleTokens(db, A, 2);
	const record = await saveGroup(db, {
		groupId: A,
		name: 'A',
		relayUrl: 'http://r',
		tokens: { view: token(A, 'view', 2) }
	});
	expect(record.role).toBe('view');
	expect(Object.keys(record.tokens)).toEqual(['view']);
	expect(newestGeneration(record.tokens)).toBe(2);
});

test('rotating replaces every token and keeps the strongest role', async () => {
	await saveGroup(db, { groupId: A, name: 'A', relayUrl: 'http://r', tokens: { edit: 'x' } });
	const next = await replaceGroupTokens(db, A, {
		edit: token(A, 'edit', 2),
		comment: token(A, 'comment', 2),
		view: token(A, 'view', 2)
	});
	expect(next?.role).toBe('edit');
	expect((await db.groups.get(A))?.tokens.view).toBe(token(A, 'view', 2));
});

test('leaving a group says what is lost and removes only that group', async () => {
	await saveGroup(db, { groupId: A, name: 'A', relayUrl: 'http://r', tokens: { view: 'x' } });
	await saveGroup(db, { groupId: B, name: 'B', relayUrl: 'http://r', tokens: { view: 'y' } });
	await db.settings.put({ key: 'current-group', value: A });
	await seedDocument(A, A);
	await seedMeeting(A, 'meeting-1111111111111111');
	await seedDocument(`${A}/meeting-1111111111111111/comments`, A, 2);
	await seedMeeting(B, 'meeting-2222222222222222');
	// A group whose id begins with A's is another group.
	await seedMeeting(`${A}x`, 'meeting-4444444444444444');

	const loss = await leaveLoss(db, A, new Map([[`${A}/meeting-1111111111111111`, 3]]));
	expect(loss).toEqual({ meetings: 1, unsyncedChanges: 5 });

	await removeGroupData(db, A);
	expect(await db.groups.get(A)).toBeUndefined();
	expect(await db.meetings.where('groupId').equals(A).count()).toBe(0);
	expect(await db.documents.where('groupId').equals(A).count()).toBe(0);
	const left = [`${A}x/meeting-4444444444444444`, `${B}/meeting-2222222222222222`];
	expect(await storedDocumentNames(db)).toEqual(left);
	expect(await namesWithLegacyUpdates(db)).toEqual(left);
	expect(await db.meetings.where('groupId').equals(`${A}x`).count()).toBe(1);
	expect(await db.settings.get('current-group')).toBeUndefined();
	await expect(removeGroupData(db, LOCAL_NOTEBOOK_ID)).rejects.toThrow();
});

test('a moved meeting leaves nothing behind in the notebook', async () => {
	await seedMeeting(LOCAL_NOTEBOOK_ID, 'meeting-3333333333333333');
	await removeMeetingFromDevice(db, LOCAL_NOTEBOOK_ID, 'meeting-3333333333333333');
	expect(await db.meetings.count()).toBe(0);
	expect(await db.documents.count()).toBe(0);
	expect(await storedDocumentNames(db)).toEqual([]);
});
