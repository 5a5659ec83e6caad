/**
 * The relay writes a group's directory: its first content when the group is created, and each
 * meeting's entry whenever that meeting's minutes change on the relay, from what was stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createMeeting,
	directory,
	header,
	setStatus,
	setTitle,
	type Directory
} from '../../src/lib/model/index.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import type { Store } from '../../server/storage/store.ts';
import {
	connectClient,
	createGroup,
	randomId,
	removeDir,
	sleep,
	startTestRelay,
	tempDir,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

let relay: TestRelay;
let group: Group;
const clients: Client[] = [];

function client(document: string, token = group.tokens.edit): Client {
	const created = connectClient(relay.syncUrl, document, token);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Chapter Süd');
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

describe('directory', () => {
	it('holds the group name from the moment the group exists', async () => {
		const reader = client(group.groupId, group.tokens.view);
		await waitSynced(reader);
		expect(directory(reader.doc).name).toBe('Chapter Süd');
		expect(directory(reader.doc).schemaVersion).toBe(1);
	});

	it('lists a meeting and follows its title and status', async () => {
		const meetingId = randomId();
		const listing = client(group.groupId, group.tokens.view);
		const minutes = client(`${group.groupId}/${meetingId}`);
		await Promise.all([waitSynced(listing), waitSynced(minutes)]);
		createMeeting(minutes.doc, { meetingId, title: 'March meeting', date: '2026-03-31' });
		const entry = () =>
			(directory(listing.doc) as Directory).meetings.find((m) => m.meetingId === meetingId);
		await waitFor(() => entry()?.title === 'March meeting');
		expect(entry()).toMatchObject({ date: '2026-03-31', status: 'draft' });
		setTitle(minutes.doc, 'March general meeting');
		setStatus(minutes.doc, 'review');
		await waitFor(() => entry()?.title === 'March general meeting' && entry()?.status === 'review');
		// Stored, not only forwarded: a new relay process would list it too.
		await relay.relay.registry.settled();
		const stored = await relay.relay.store.loadDocument(group.groupId);
		expect(stored.length).toBeGreaterThan(1);
	});

	it('writes a pending directory entry before the relay stops', async () => {
		const dataDir = tempDir();
		const first = await startTestRelay({ dataDir, directorySyncDelayMs: 60_000 });
		const own = await createGroup(first.httpUrl, 'Stopping');
		const meetingId = randomId();
		const minutes = connectClient(first.syncUrl, `${own.groupId}/${meetingId}`, own.tokens.edit);
		await waitSynced(minutes);
		createMeeting(minutes.doc, { meetingId, title: 'Last-minute meeting' });
		await waitFor(
			() => first.relay.registry.get(`${own.groupId}/${meetingId}`)?.doc.share.has('meta') ?? false
		);
		await first.relay.registry.settled();
		await first.close();
		minutes.destroy();

		const second = await startTestRelay({ dataDir });
		const listing = connectClient(second.syncUrl, own.groupId, own.tokens.view);
		await waitSynced(listing);
		expect(directory(listing.doc).meetings.map((m) => m.title)).toEqual(['Last-minute meeting']);
		listing.destroy();
		await second.close();
		removeDir(dataDir);
	});

	it('lists only what was stored: a change whose commit fails never reaches the directory', async () => {
		// The SQLite store, except that the minutes' commit can be held, then failed.
		const dataDir = tempDir();
		const inner = openSqliteStore(dataDir);
		let held: { name: string; entered: () => void; outcome: Promise<void> } | undefined;
		const store: Store = {
			...inner,
			async appendMany(batches) {
				const hold = held;
				if (hold && batches.some((batch) => batch.name === hold.name)) {
					hold.entered();
					await hold.outcome;
				}
				return inner.appendMany(batches);
			}
		};
		const own = await startTestRelay({ dataDir, directorySyncDelayMs: 1_000 }, { store });
		const failing = await createGroup(own.httpUrl, 'Failing disk');
		const meetingId = randomId();
		const document = `${failing.groupId}/${meetingId}`;
		const listing = connectClient(own.syncUrl, failing.groupId, failing.tokens.view);
		const minutes = connectClient(own.syncUrl, document, failing.tokens.edit);
		await Promise.all([waitSynced(listing), waitSynced(minutes)]);
		const entry = () => directory(listing.doc).meetings.find((m) => m.meetingId === meetingId);
		const titles: string[] = [];
		listing.doc.on('update', () => {
			const title = entry()?.title;
			if (title && titles.at(-1) !== title) titles.push(title);
		});
		createMeeting(minutes.doc, { meetingId, title: 'March meeting' });
		await waitFor(() => entry()?.title === 'March meeting');

		// Committed: its directory sync is due in a second.
		setTitle(minutes.doc, 'Stored title');
		const room = () => own.relay.registry.get(document);
		await waitFor(() => !!room() && header(room()!.doc).title === 'Stored title');
		await own.relay.registry.settled();
		// The next change waits for its commit, past the sync's time, then fails.
		let entered!: () => void;
		let fail!: (error: Error) => void;
		const isEntered = new Promise<void>((resolve) => (entered = resolve));
		const outcome = new Promise<void>((_, reject) => (fail = reject));
		held = { name: document, entered, outcome };
		setTitle(minutes.doc, 'Never stored');
		await isEntered;
		minutes.destroy(); // or it would send the change again once the room is back
		await sleep(1_500);
		held = undefined;
		fail(new Error('disk I/O error'));

		await waitFor(() => entry()?.title === 'Stored title');
		await own.relay.registry.settled();
		expect(titles).toEqual(['March meeting', 'Stored title']);
		listing.destroy();
		await own.close();
		removeDir(dataDir);
	});
});
