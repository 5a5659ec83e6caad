import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import {
	addAction,
	addAgendaItem,
	createMeeting,
	setItemNotes,
	syncDirectoryEntry
} from '$lib/model';
import { PlenaryDatabase } from './db';
import { DocPersistence } from './doc-store';
import { indexMinutes, rebuildMeetingsIndex } from './meetings-index';
import { mergePlans } from '$lib/model/plan-merge';

let db: PlenaryDatabase;
let n = 0;
const GROUP = 'group-aaaaaaaaaaaaaaaa';
const M1 = 'meeting-1111111111111111';
const M2 = 'meeting-2222222222222222';
const M3 = 'meeting-3333333333333333';

beforeEach(async () => {
	db = new PlenaryDatabase(`index-test-${++n}`);
	await db.open();
	await db.groups.put({
		id: GROUP,
		name: 'Chapter',
		relayUrl: null,
		tokens: {},
		role: 'edit',
		joinedAt: new Date().toISOString(),
		isLocal: false
	});
});

afterEach(async () => {
	db.close();
	await db.delete();
});

async function store(name: string, doc: Y.Doc) {
	const persistence = new DocPersistence(name, new Y.Doc(), db);
	await persistence.whenLoaded;
	Y.applyUpdate(persistence.doc, Y.encodeStateAsUpdate(doc));
	await persistence.destroy();
}

test('the index is derived: rebuilt from the stored documents it equals what was kept', async () => {
	const first = new Y.Doc();
	createMeeting(first, { meetingId: M1, title: 'March meeting', date: '2026-03-31' });
	const item = addAgendaItem(first, { title: 'Treasurer report' });
	setItemNotes(first, item, 'The budget for the venue was approved');
	addAction(first, { what: 'Book the hall', owners: ['Sam'] });
	addAction(first, { what: 'Print flyers', done: true });
	const second = new Y.Doc();
	createMeeting(second, { meetingId: M2, title: 'April meeting', date: '2026-04-28' });
	const directory = new Y.Doc();
	syncDirectoryEntry(directory, M1, first);
	syncDirectoryEntry(directory, M2, second);
	const elsewhere = new Y.Doc();
	createMeeting(elsewhere, { meetingId: M3, title: 'May meeting', date: '2026-05-26' });
	syncDirectoryEntry(directory, M3, elsewhere);

	await store(`${GROUP}/${M1}`, first);
	await store(`${GROUP}/${M2}`, second);
	await store(GROUP, directory);
	await indexMinutes(db, GROUP, M1, first);
	await indexMinutes(db, GROUP, M2, second);

	const kept = await db.meetings.get([GROUP, M1]);
	// Indexing again without a change leaves the row as it was.
	await indexMinutes(db, GROUP, M1, first, kept!.updatedAt + 60_000);
	expect((await db.meetings.get([GROUP, M1]))?.updatedAt).toBe(kept!.updatedAt);
	expect(kept).toMatchObject({ title: 'March meeting', date: '2026-03-31', openActions: 1 });
	expect(kept?.searchText).toContain('budget for the venue');

	await db.meetings.clear();
	expect(await rebuildMeetingsIndex(db)).toBe(3);
	const rebuilt = (await db.meetings.where('groupId').equals(GROUP).toArray()).sort((a, b) =>
		a.date.localeCompare(b.date)
	);
	expect(rebuilt.map((m) => [m.title, m.isOnDevice])).toEqual([
		['March meeting', true],
		['April meeting', true],
		['May meeting', false]
	]);
	const { updatedAt: _a, ...rebuiltFirst } = rebuilt[0];
	const { updatedAt: _b, ...keptFirst } = kept!;
	expect(rebuiltFirst).toEqual(keptFirst);
});

test('rebuilding skips the documents of a group no longer on this device', async () => {
	// As a tab that has not yet seen the group left leaves them: stored, and of no group here.
	const gone = 'group-left-bbbbbbbbbbbbb';
	const minutes = new Y.Doc();
	createMeeting(minutes, { meetingId: M1, title: 'Of a group left', date: '2026-03-31' });
	const directory = new Y.Doc();
	syncDirectoryEntry(directory, M2, minutes);
	await store(`${gone}/${M1}`, minutes);
	await store(gone, directory);
	const kept = new Y.Doc();
	createMeeting(kept, { meetingId: M3, title: 'Kept', date: '2026-05-26' });
	await store(`${GROUP}/${M3}`, kept);

	expect(await rebuildMeetingsIndex(db)).toBe(1);
	expect((await db.meetings.toArray()).map((m) => [m.groupId, m.title])).toEqual([[GROUP, 'Kept']]);
});

test('open review comments: counted from the comments document, kept by the minutes, absent when not here', async () => {
	const { addComment, resolveThread } = await import('$lib/model/comments');
	const { indexComments } = await import('./meetings-index');
	const minutes = new Y.Doc();
	createMeeting(minutes, { meetingId: M1, title: 'March meeting', date: '2026-03-31' });
	const comments = new Y.Doc();
	addComment(comments, { author: 'Ana', text: 'Typo in item 2' });
	const { threadId } = addComment(comments, { author: 'Ana', text: 'Who seconded?' });
	addComment(comments, { author: 'Ana', text: 'Nice page', kind: 'public' });
	resolveThread(comments, threadId);

	// The comments document loads first: its count waits in a placeholder row.
	await indexComments(db, GROUP, M1, comments);
	expect(await db.meetings.get([GROUP, M1])).toMatchObject({ openComments: 1, isOnDevice: false });
	await indexMinutes(db, GROUP, M1, minutes);
	expect(await db.meetings.get([GROUP, M1])).toMatchObject({
		title: 'March meeting',
		openComments: 1,
		isOnDevice: true
	});

	const other = new Y.Doc();
	createMeeting(other, { meetingId: M2, title: 'April meeting', date: '2026-04-28' });
	await store(`${GROUP}/${M1}`, minutes);
	await store(`${GROUP}/${M1}/comments`, comments);
	await store(`${GROUP}/${M2}`, other);
	await rebuildMeetingsIndex(db);
	expect((await db.meetings.get([GROUP, M1]))?.openComments).toBe(1);
	// No comments document on this device: unknown, not 0.
	expect((await db.meetings.get([GROUP, M2]))?.openComments).toBeUndefined();
});

test('a next meeting merged into its double leaves the index, on indexing and on a rebuild', async () => {
	const kept = new Y.Doc();
	const merged = new Y.Doc();
	createMeeting(kept, { meetingId: M1, title: 'April' });
	createMeeting(merged, { meetingId: M2, title: 'April (other phone)' });
	await indexMinutes(db, GROUP, M1, kept);
	await indexMinutes(db, GROUP, M2, merged);
	expect(await db.meetings.count()).toBe(2);
	mergePlans(kept, merged);
	expect(await indexMinutes(db, GROUP, M2, merged)).toBeNull();
	expect((await db.meetings.toArray()).map((r) => r.meetingId)).toEqual([M1]);
	await store(`${GROUP}/${M1}`, kept);
	await store(`${GROUP}/${M2}`, merged);
	await rebuildMeetingsIndex(db);
	expect((await db.meetings.toArray()).map((r) => r.meetingId)).toEqual([M1]);
});
