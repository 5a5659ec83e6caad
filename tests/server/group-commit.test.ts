/**
 * Group commit on real sockets and real SQLite: the updates of several rooms that arrive in one
 * event-loop turn are committed in one transaction, each still before it is forwarded; a
 * failed transaction fails every room in it (1011, unloaded) and the relay carries on; the
 * updates of one room are stored and forwarded in the order they came.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import type { DocumentUpdates, Store } from '../../server/storage/store.ts';
import { decodeMessage, encodeUpdate } from '../../server/sync/protocol.ts';
import {
	createGroup,
	openRaw,
	randomId,
	removeDir,
	sleep,
	startTestRelay,
	tempDir,
	waitFor,
	type Group,
	type RawClient,
	type TestRelay
} from '../utils/relay.ts';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The SQLite store, recording which documents each transaction held; `failWith` fails them. */
function recordingStore(dataDir: string) {
	const inner = openSqliteStore(dataDir);
	const transactions: string[][] = [];
	const control = { failWith: undefined as Error | undefined };
	const record = (batches: readonly DocumentUpdates[]) => {
		transactions.push(batches.map((batch) => batch.name));
		if (control.failWith) throw control.failWith;
	};
	const store: Store = {
		...inner,
		async appendMany(batches) {
			record(batches);
			return inner.appendMany(batches);
		}
	};
	return { store, inner, transactions, control };
}

async function setUp() {
	const dataDir = tempDir();
	const recording = recordingStore(dataDir);
	const lines: string[] = [];
	const relay = await startTestRelay(
		{ dataDir },
		{ store: recording.store, logger: createLogger('debug', (line) => lines.push(line)) }
	);
	cleanups.push(() => removeDir(dataDir));
	cleanups.push(() => relay.close());
	const group = await createGroup(relay.httpUrl);
	const events = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
	return { relay, group, events, ...recording };
}

interface Room {
	document: string;
	writer: RawClient;
	observer: RawClient;
}

/** A minutes document with a writing and a reading raw connection, loaded and answered. */
async function openRoom(relay: TestRelay, group: Group): Promise<Room> {
	const document = `${group.groupId}/${randomId()}`;
	const writer = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.edit}`);
	const observer = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.view}`);
	cleanups.push(() => {
		writer.ws.terminate();
		observer.ws.terminate();
	});
	await Promise.all([writer.opened, observer.opened]);
	// Each has its sync step 1: the document is loaded and both are in the room.
	await waitFor(() => writer.frames.length > 0 && observer.frames.length > 0);
	return { document, writer, observer };
}

/**
 * Blocks this process (and so the relay in it) for `ms`: frames sent just before are all in
 * the relay's socket buffers when the event loop polls again, so they are read in one turn.
 */
function blockFor(ms: number): void {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// busy on purpose
	}
}

/** The document updates among `frames`, in the order they came. */
function updatesIn(frames: Uint8Array[]): Uint8Array[] {
	return frames.flatMap((frame) => {
		const message = decodeMessage(frame);
		return message.type === 'update' ? [message.update] : [];
	});
}

function textUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('notes').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

function textOf(updates: Uint8Array[]): string {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('notes').toString();
}

describe('group commit', () => {
	it('commits the updates of several rooms that arrive in one turn in one transaction', async () => {
		const { relay, group, inner, transactions } = await setUp();
		const rooms: Room[] = [];
		for (let n = 0; n < 5; n++) rooms.push(await openRoom(relay, group));
		await relay.relay.registry.settled();

		// When an observer is sent an update, the store must already hold it.
		const storedWhenForwarded = new Map<string, Promise<Uint8Array[]>>();
		for (const { document, observer } of rooms) {
			observer.ws.on('message', (data: Buffer) => {
				if (decodeMessage(new Uint8Array(data)).type !== 'update') return;
				// The SQLite store reads synchronously, when called.
				if (!storedWhenForwarded.has(document)) {
					storedWhenForwarded.set(document, inner.loadDocument(document));
				}
			});
		}
		transactions.length = 0;
		rooms.forEach(({ writer }, n) => writer.send(encodeUpdate(textUpdate(`room ${n}`))));
		blockFor(50);

		await waitFor(() => rooms.every(({ observer }) => updatesIn(observer.frames).length === 1));
		expect(transactions).toEqual([rooms.map((room) => room.document)]);
		for (const [n, { document, observer }] of rooms.entries()) {
			expect(textOf(updatesIn(observer.frames))).toBe(`room ${n}`);
			expect(textOf(await storedWhenForwarded.get(document)!)).toBe(`room ${n}`);
		}
		const persisted = await relay.relay.metrics.updatesPersisted.get();
		expect(persisted.values[0].value).toBe(5 + 1); // and the directory's name, at creation
	});

	it('fails every room of a failed transaction and carries on', async () => {
		const { relay, group, transactions, control, events, inner } = await setUp();
		const rooms: Room[] = [];
		for (let n = 0; n < 3; n++) rooms.push(await openRoom(relay, group));
		const bystander = await openRoom(relay, group);
		await relay.relay.registry.settled();
		const framesBefore = rooms.map(({ observer }) => observer.frames.length);

		transactions.length = 0;
		control.failWith = new Error('disk I/O error');
		rooms.forEach(({ writer }, n) => writer.send(encodeUpdate(textUpdate(`lost ${n}`))));
		blockFor(50);

		for (const { writer, observer } of rooms) {
			expect((await writer.closed).code).toBe(1011);
			expect((await observer.closed).code).toBe(1011);
		}
		expect(transactions).toEqual([rooms.map((room) => room.document)]);
		// Nothing of the failed transaction was forwarded or stored.
		rooms.forEach(({ observer }, n) => {
			expect(updatesIn(observer.frames.slice(framesBefore[n]))).toEqual([]);
		});
		for (const { document } of rooms) {
			expect(await inner.loadDocument(document)).toEqual([]);
			expect(relay.relay.registry.get(document)).toBeUndefined();
		}
		const failed = events().filter((entry) => entry.event === 'room_failed');
		expect(failed.map((entry) => entry.doc).sort()).toEqual(rooms.map((r) => r.document).sort());
		// Said once, by the room: the writers' messages did not fail, their room did.
		expect(events().filter((entry) => entry.event === 'message_failed')).toEqual([]);
		const gauge = await relay.relay.metrics.documentsLoaded.get();
		expect(gauge.values[0].value).toBe(1);

		// The relay is still up: the room outside the transaction works, a failed one loads again.
		control.failWith = undefined;
		expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
		expect(bystander.writer.ws.readyState).toBe(bystander.writer.ws.OPEN);
		bystander.writer.send(encodeUpdate(textUpdate('still here')));
		await waitFor(() => textOf(updatesIn(bystander.observer.frames)) === 'still here');
		const again = rooms[0].document;
		const writer = openRaw(`${relay.syncUrl}/${again}?token=${group.tokens.edit}`);
		const observer = openRaw(`${relay.syncUrl}/${again}?token=${group.tokens.view}`);
		cleanups.push(() => {
			writer.ws.terminate();
			observer.ws.terminate();
		});
		await Promise.all([writer.opened, observer.opened]);
		await waitFor(() => writer.frames.length > 0 && observer.frames.length > 0);
		writer.send(encodeUpdate(textUpdate('sent again')));
		await waitFor(() => textOf(updatesIn(observer.frames)) === 'sent again');
		expect(textOf(await inner.loadDocument(again))).toBe('sent again');
	});

	it('stores and forwards the updates of each room in the order they came', async () => {
		const { relay, group, inner, transactions } = await setUp();
		const rooms: Room[] = [];
		for (let n = 0; n < 3; n++) rooms.push(await openRoom(relay, group));
		await relay.relay.registry.settled();
		transactions.length = 0;

		// Each room's writer types one character per update, each update depending on the one
		// before: applied out of order, Yjs would keep the later ones pending.
		const typists = rooms.map(() => new Y.Doc());
		const sent = typists.map(() => [] as Uint8Array[]);
		typists.forEach((doc, n) => doc.on('update', (update: Uint8Array) => sent[n].push(update)));
		const words = ['first room. ', 'second room! ', 'third room? '];
		for (let turn = 0; turn < 12; turn++) {
			rooms.forEach(({ writer }, n) => {
				// A few keystrokes per room and turn, all rooms in the same turn.
				for (let k = 0; k < 3; k++) {
					const text = typists[n].getText('notes');
					text.insert(text.length, words[n][(turn * 3 + k) % words[n].length]);
					writer.send(encodeUpdate(sent[n].at(-1)!));
				}
			});
			blockFor(5);
			await sleep(turn % 3 === 0 ? 0 : 5);
		}

		const expected = typists.map((doc) => doc.getText('notes').toString());
		await waitFor(() =>
			rooms.every(({ observer }, n) => textOf(updatesIn(observer.frames)) === expected[n])
		);
		await relay.relay.registry.settled();
		for (const [n, { document, observer }] of rooms.entries()) {
			for (const updates of [updatesIn(observer.frames), await inner.loadDocument(document)]) {
				const doc = new Y.Doc();
				for (const update of updates) {
					Y.applyUpdate(doc, update);
					expect(doc.store.pendingStructs).toBeNull();
				}
				expect(doc.getText('notes').toString()).toBe(expected[n]);
			}
		}
		// Fewer transactions than room batches: several rooms went together.
		const roomBatches = transactions.flat().length;
		expect(transactions.length).toBeLessThan(roomBatches);
	});
});
