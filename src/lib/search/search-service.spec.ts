import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, createMeeting, setItemNotes } from '$lib/model';
import { PlenaryDatabase } from '$lib/storage/db';
import { DocPersistence } from '$lib/storage/doc-store';
import { rebuildMeetingsIndex } from '$lib/storage/meetings-index';
import { deleteStoredDocuments } from '$lib/storage/stored-documents';
import { feedSearch } from './search-feed';
import { SearchService } from './search-service';
import { SearchStore } from './search-store';

const G = 'group-aaaaaaaaaaaaaaaa';
const VIEWED = 'group-vvvvvvvvvvvvvvvv';
const M1 = 'meeting-1111111111111111';
const M2 = 'meeting-2222222222222222';

let db: PlenaryDatabase;
let n = 0;
const services: SearchService[] = [];

beforeEach(async () => {
	db = new PlenaryDatabase(`search-test-${++n}`);
	await db.open();
	for (const [id, role] of [
		[G, 'edit'],
		[VIEWED, 'view']
	] as const) {
		await db.groups.put({
			id,
			name: id,
			relayUrl: null,
			tokens: {},
			role,
			joinedAt: new Date().toISOString(),
			isLocal: false
		});
	}
});

afterEach(async () => {
	for (const s of services.splice(0)) s.close();
	db.close();
	await db.delete();
	await new SearchStore(db.name).delete();
});

async function store(name: string, doc: Y.Doc) {
	const persistence = new DocPersistence(name, new Y.Doc(), db);
	await persistence.whenLoaded;
	Y.applyUpdate(persistence.doc, Y.encodeStateAsUpdate(doc));
	await persistence.destroy();
}

function meeting(meetingId: string, title: string, item: string, notes: string) {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId, title, date: '2026-03-31' });
	const id = addAgendaItem(doc, { title: item });
	setItemNotes(doc, id, notes);
	return { doc, itemId: id };
}

async function openService() {
	const service = new SearchService(db);
	services.push(service);
	await service.open();
	return service;
}

test('built from the documents on the device, a viewed group’s meetings too', async () => {
	const a = meeting(M1, 'March meeting', 'Treasurer report', 'Budget for the festival');
	const b = meeting(M2, 'Viewed meeting', 'Hall booking', 'The library hall is free');
	await store(`${G}/${M1}`, a.doc);
	await store(`${VIEWED}/${M2}`, b.doc);
	await store(`group-gonegonegonegone/${M1}`, a.doc);
	const service = await openService();
	expect(service.search('festival').map((h) => [h.groupId, h.target])).toEqual([
		[G, `item-${a.itemId}`]
	]);
	expect(service.search('library')[0]).toMatchObject({ groupId: VIEWED, meetingId: M2 });
	// A group not on this device (left) is not searched.
	expect(service.index.meetingKeys().sort()).toEqual([`${G}/${M1}`, `${VIEWED}/${M2}`]);
});

test('rebuilt from the documents when the saved index is missing or corrupt', async () => {
	const a = meeting(M1, 'March meeting', 'Treasurer report', 'Budget for the festival');
	await store(`${G}/${M1}`, a.doc);
	const first = await openService();
	await first.save();
	first.close();

	const storeOnly = new SearchStore(db.name);
	expect(await storeOnly.load()).toContain('festival');
	await storeOnly.saveRaw({ key: 'index', json: '{"version":1,"meetings":[["x"', savedAt: 1 });
	storeOnly.close();
	const afterCorruption = await openService();
	expect(afterCorruption.wasRebuilt).toBe(true);
	expect(afterCorruption.search('festivl')[0]?.target).toBe(`item-${a.itemId}`);
	afterCorruption.close();

	const deleting = new SearchStore(db.name);
	await deleting.delete();
	const afterLoss = await openService();
	expect(afterLoss.search('treasurer')).toHaveLength(1);
});

test('a loaded index re-reads only meetings whose words changed, and drops removed ones', async () => {
	const a = meeting(M1, 'March meeting', 'Treasurer report', 'Budget for the festival');
	const b = meeting(M2, 'April meeting', 'Garden', 'Watering rota');
	await store(`${G}/${M1}`, a.doc);
	await store(`${G}/${M2}`, b.doc);
	await rebuildMeetingsIndex(db);
	const first = await openService();
	await first.save();
	first.close();

	// Changed while no index was open (another tab, a sync without search loaded).
	setItemNotes(a.doc, a.itemId, 'Accounts were audited');
	await store(`${G}/${M1}`, a.doc);
	await rebuildMeetingsIndex(db);
	await deleteStoredDocuments(db, [`${G}/${M2}`]);
	const second = await openService();
	expect(second.search('audited')[0]?.meetingId).toBe(M1);
	expect(second.search('watering')).toEqual([]);
	expect(second.index.meetingKeys()).toEqual([`${G}/${M1}`]);
});

test('updated by remote changes to an open document: old words gone, new ones found', async () => {
	const local = meeting(M1, 'March meeting', 'Treasurer report', 'Budget for the festival');
	await store(`${G}/${M1}`, local.doc);
	const service = await openService();
	const stop = feedSearch(G, M1, local.doc);

	// Another device edits the same meeting; its update arrives as the relay delivers it.
	const remote = new Y.Doc();
	Y.applyUpdate(remote, Y.encodeStateAsUpdate(local.doc));
	setItemNotes(remote, local.itemId, 'Zucchini harvest shared among volunteers');
	addAgendaItem(remote, { title: 'Quarterly newsletter' });
	Y.applyUpdate(local.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(local.doc)), 'relay');

	await expect.poll(() => service.search('zucchini').length, { timeout: 10_000 }).toBe(1);
	expect(service.search('zucchini')[0].target).toBe(`item-${local.itemId}`);
	expect(service.search('festival')).toEqual([]);
	expect(service.search('newslett')).toHaveLength(1);
	stop();
});
