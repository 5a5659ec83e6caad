/**
 * No writer can make a document too large to load: an update that would take it past its bound
 * is refused ("permission denied: document too large"), neither applied nor forwarded, and the
 * connection stays open; a document of any size up to the bound loads in a fresh client, while
 * other traffic flows; everything the product itself makes stays well within the bounds.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RelayConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import {
	addComment,
	createMeeting,
	directoryEntry,
	header,
	setHeader,
	setStatus,
	setTitle,
	syncDirectoryEntry
} from '../../src/lib/model/index.ts';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../../server/sync/protocol.ts';
import { benchId, typeMeeting } from '../bench/meetings.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	randomId,
	removeDir,
	spawnRelay,
	startTestRelay,
	tempDir,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type RawClient,
	type TestRelay
} from '../utils/relay.ts';

const MiB = 1024 * 1024;
const KiB = 1024;
const TOO_LARGE = 'permission denied: document too large';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
	config: Partial<RelayConfig> = {}
): Promise<{ relay: TestRelay; group: Group }> {
	const relay = await startTestRelay(config);
	cleanups.push(() => relay.close());
	return { relay, group: await createGroup(relay.httpUrl) };
}

function client(relay: TestRelay, document: string, token: string): Client {
	const created = connectClient(relay.syncUrl, document, token);
	cleanups.push(() => created.destroy());
	return created;
}

function raw(relay: TestRelay, document: string, token: string): RawClient {
	const created = openRaw(`${relay.syncUrl}/${document}?token=${token}`);
	cleanups.push(() => created.ws.terminate());
	return created;
}

/** The reasons of the auth messages among `frames`. */
function authReasons(frames: Uint8Array[]): string[] {
	return frames.flatMap((frame) => {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== 2 || decoding.readVarUint(decoder) !== 0) return [];
		return [decoding.readVarString(decoder)];
	});
}

/** An awareness message setting the state of `clientId`. */
function awareness(clientId: number, clock: number, state: unknown): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clientId);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarString(encoder, JSON.stringify(state));
	return encodeAwareness(encoding.toUint8Array(encoder));
}

/** An update of a fresh client that inserts `text` into the text `t`. */
function insertion(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

async function rejected(relay: TestRelay, reason: string): Promise<number> {
	const metric = await relay.relay.metrics.rejected.get();
	return metric.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

/** The document as the store holds it. */
async function stored(relay: TestRelay, document: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	const updates = await relay.relay.store.loadDocument(document);
	if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
	return doc;
}

const textOf = (doc: Y.Doc) => doc.getText('t').toString();

describe('document size', () => {
	it('refuses an editor’s updates past the bound, keeps the connection, forwards and stores none of them', async () => {
		const { relay, group } = await setup({ maxDocumentBytes: 1 * MiB, maxMessageBytes: 1 * MiB });
		const document = `${group.groupId}/${randomId()}`;
		const observer = client(relay, document, group.tokens.view);
		await waitSynced(observer);
		const writer = raw(relay, document, group.tokens.edit);
		await writer.opened;

		writer.send(encodeUpdate(insertion('a'.repeat(600 * KiB))));
		await waitFor(() => textOf(observer.doc).length === 600 * KiB);
		writer.send(encodeUpdate(insertion('b'.repeat(600 * KiB))));
		writer.send(encodeUpdate(insertion('c'.repeat(500 * KiB))));
		await waitFor(() => authReasons(writer.frames).length === 2, { message: 'two refusals' });
		expect(authReasons(writer.frames)).toEqual([TOO_LARGE, TOO_LARGE]);
		expect(await rejected(relay, 'document_too_large')).toBe(2);

		// A later small update still goes through, on the same connection.
		writer.send(encodeUpdate(insertion('small')));
		await waitFor(() => textOf(observer.doc).includes('small'));
		expect(writer.ws.readyState).toBe(writer.ws.OPEN);
		for (const doc of [observer.doc, await stored(relay, document)]) {
			expect(textOf(doc)).not.toMatch(/[bc]/);
			expect(textOf(doc).length).toBe(600 * KiB + 'small'.length);
		}
	});

	it('refuses, in words, what a writer builds on its refused update, and takes it once resent small', async () => {
		const { relay, group } = await setup({ maxDocumentBytes: 1 * MiB, maxMessageBytes: 2 * MiB });
		const document = `${group.groupId}/${randomId()}`;
		const observer = client(relay, document, group.tokens.view);
		await waitSynced(observer);
		const writer = raw(relay, document, group.tokens.edit);
		await writer.opened;
		const device = new Y.Doc();
		const sent: Uint8Array[] = [];
		device.on('update', (update: Uint8Array) => sent.push(update));
		const text = device.getText('t');
		text.insert(0, 'big '.repeat(300 * KiB));
		writer.send(encodeUpdate(sent.pop()!));
		await waitFor(() => authReasons(writer.frames).length === 1, { message: 'the refusal' });
		// Typing after it: each update builds on the refused one.
		for (const word of [' one', ' two', ' three']) {
			text.insert(text.length, word);
			writer.send(encodeUpdate(sent.pop()!));
		}
		await waitFor(() => authReasons(writer.frames).length === 4, { message: 'four refusals' });
		expect(authReasons(writer.frames)).toEqual([TOO_LARGE, TOO_LARGE, TOO_LARGE, TOO_LARGE]);
		// The device removes what was too large and sends what the relay lacks, as on reconnecting.
		text.delete(0, 'big '.repeat(300 * KiB).length);
		writer.send(encodeUpdate(Y.encodeStateAsUpdate(device, Y.encodeStateVector(observer.doc))));
		await waitFor(() => textOf(observer.doc) === ' one two three');
		expect(authReasons(writer.frames)).toHaveLength(4);
	});

	it('reads MAX_DOCUMENT_BYTES from the environment, and refuses a value that is not one', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		const relay = await spawnRelay({ DATA_DIR: dataDir, MAX_DOCUMENT_BYTES: String(1 * MiB) });
		cleanups.push(async () => {
			relay.child.kill('SIGTERM');
			await relay.exited;
		});
		const group = await createGroup(relay.httpUrl);
		const writer = openRaw(
			`${relay.syncUrl}/${group.groupId}/${randomId()}?token=${group.tokens.edit}`
		);
		cleanups.push(() => writer.ws.terminate());
		await writer.opened;
		writer.send(encodeUpdate(insertion('m'.repeat(1.5 * MiB))));
		await waitFor(() => authReasons(writer.frames).length === 1);
		expect(authReasons(writer.frames)).toEqual([TOO_LARGE]);
		await expect(spawnRelay({ DATA_DIR: dataDir, MAX_DOCUMENT_BYTES: 'lots' })).rejects.toThrow(
			/invalid maxDocumentBytes: NaN/
		);
	});

	it('bounds a comment token on comments per update and in total; an editor may go further', async () => {
		const { relay, group } = await setup({ maxDocumentBytes: 1 * MiB });
		const document = `${group.groupId}/${randomId()}/comments`;
		const observer = client(relay, document, group.tokens.view);
		await waitSynced(observer);
		const commenter = raw(relay, document, group.tokens.comment);
		await commenter.opened;

		// One update over a sixteenth of the bound: refused.
		commenter.send(encodeUpdate(insertion('x'.repeat(100 * KiB))));
		await waitFor(() => authReasons(commenter.frames).length === 1);
		// Updates of 60 KiB: accepted until the document would pass half the bound.
		for (let n = 0; n < 12; n++) commenter.send(encodeUpdate(insertion('y'.repeat(60 * KiB))));
		await waitFor(async () => {
			const refusals = authReasons(commenter.frames).length - 1;
			return textOf(observer.doc).length + refusals * 60 * KiB === 12 * 60 * KiB;
		});
		const accepted = textOf(observer.doc).length / (60 * KiB);
		expect(accepted).toBeGreaterThanOrEqual(7);
		expect(accepted).toBeLessThanOrEqual(8);
		expect(authReasons(commenter.frames).every((reason) => reason === TOO_LARGE)).toBe(true);
		expect(commenter.ws.readyState).toBe(commenter.ws.OPEN);
		// A small comment still goes through.
		commenter.send(encodeUpdate(insertion('small')));
		await waitFor(() => textOf(observer.doc).includes('small'));

		// An editor may grow the comments past the comment role's share.
		const editor = raw(relay, document, group.tokens.edit);
		await editor.opened;
		editor.send(encodeUpdate(insertion('e'.repeat(100 * KiB))));
		await waitFor(() => textOf(observer.doc).includes('e'));
		expect(textOf(observer.doc)).not.toContain('x');
		expect(textOf(await stored(relay, document))).toBe(textOf(observer.doc));
		expect(authReasons(editor.frames)).toEqual([]);
	});

	it('bounds a comment token on the floor more tightly than on comments; an editor may go further', async () => {
		const { relay, group } = await setup({ maxDocumentBytes: 1 * MiB });
		const document = `${group.groupId}/${randomId()}/floor`;
		const observer = client(relay, document, group.tokens.view);
		await waitSynced(observer);
		const member = raw(relay, document, group.tokens.comment);
		await member.opened;

		// One update over a sixty-fourth of the bound (16 KiB): refused.
		member.send(encodeUpdate(insertion('x'.repeat(20 * KiB))));
		await waitFor(() => authReasons(member.frames).length === 1);
		// Updates of 12 KiB: accepted until the floor would pass an eighth (128 KiB).
		for (let n = 0; n < 14; n++) member.send(encodeUpdate(insertion('y'.repeat(12 * KiB))));
		await waitFor(async () => {
			const refusals = authReasons(member.frames).length - 1;
			return textOf(observer.doc).length + refusals * 12 * KiB === 14 * 12 * KiB;
		});
		const accepted = textOf(observer.doc).length / (12 * KiB);
		expect(accepted).toBeGreaterThanOrEqual(8);
		expect(accepted).toBeLessThanOrEqual(11);
		expect(authReasons(member.frames).every((reason) => reason === TOO_LARGE)).toBe(true);

		// The facilitator (edit) may still write past the member's share.
		const editor = raw(relay, document, group.tokens.edit);
		await editor.opened;
		editor.send(encodeUpdate(insertion('e'.repeat(40 * KiB))));
		await waitFor(() => textOf(observer.doc).includes('e'));
		expect(textOf(observer.doc)).not.toContain('x');
		expect(authReasons(editor.frames)).toEqual([]);
	});

	it('answers an import that would make a document too large with 413, storing nothing', async () => {
		const { relay, group } = await setup({ maxDocumentBytes: 1 * MiB });
		const paragraph = 'word '.repeat(50_000) + '\n\n';
		const response = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${group.tokens.edit}`, 'Content-Type': 'text/markdown' },
			body: `# Long meeting\n\n## Item\n\n${paragraph.repeat(5)}`
		});
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({ error: 'document too large' });
		const listing = client(relay, group.groupId, group.tokens.view);
		await waitSynced(listing);
		expect(listing.doc.getMap('meetings').size).toBe(0);
		// Nothing of it was stored, and the relay carries on.
		const db = new Database(join(relay.dataDir, DATABASE_FILE), { readonly: true });
		const documents = db.prepare('SELECT DISTINCT doc FROM updates').pluck().all();
		db.close();
		expect(documents).toEqual([group.groupId]);
		expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
	});

	it('answers an import the directory could not list with 413, storing nothing', async () => {
		const { relay, group } = await setup();
		const categories = Array.from({ length: 3_000 }, (_, i) => `category ${i}`).join(', ');
		const response = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${group.tokens.edit}`, 'Content-Type': 'text/markdown' },
			body: `# Meeting\n\nCategories: ${categories}\n\n## Item\n\nNotes.\n`
		});
		expect(response.status).toBe(413);
		expect(((await response.json()) as { error: string }).error).toMatch(
			/too long for the meeting list/
		);
		const db = new Database(join(relay.dataDir, DATABASE_FILE), { readonly: true });
		const documents = db.prepare('SELECT DISTINCT doc FROM updates').pluck().all();
		db.close();
		expect(documents).toEqual([group.groupId]);
	});

	it('does not copy a giant title into the directory', async () => {
		const warnings: string[] = [];
		const logger = createLogger('warn', (line) => warnings.push(JSON.parse(line).event));
		const relay = await startTestRelay({ directorySyncDelayMs: 10 }, { logger });
		cleanups.push(() => relay.close());
		const group = await createGroup(relay.httpUrl);
		const meetingId = randomId();
		const minutes = client(relay, `${group.groupId}/${meetingId}`, group.tokens.edit);
		const listing = client(relay, group.groupId, group.tokens.view);
		await Promise.all([waitSynced(minutes), waitSynced(listing)]);
		const listed = () => directoryEntry(listing.doc, meetingId)?.title;
		createMeeting(minutes.doc, { meetingId, title: 'March meeting' });
		await waitFor(() => listed() === 'March meeting');
		setTitle(minutes.doc, 'T'.repeat(20_000));
		const room = () => relay.relay.registry.get(`${group.groupId}/${meetingId}`);
		await waitFor(() => header(room()!.doc).title.length === 20_000);
		await waitFor(() => warnings.includes('directory_entry_refused'), { timeout: 10_000 });
		await relay.relay.registry.settled();
		expect(directoryEntry(relay.relay.registry.get(group.groupId)!.doc, meetingId)?.title).toBe(
			'March meeting'
		);
		expect(listed()).toBe('March meeting');
		setTitle(minutes.doc, 'April meeting');
		await waitFor(() => listed() === 'April meeting');
	});

	it('bounds what may wait for missing dependencies (pending structs)', async () => {
		const { relay, group } = await setup({ maxDocumentBytes: 1 * MiB });
		const document = `${group.groupId}/${randomId()}`;
		const observer = client(relay, document, group.tokens.view);
		await waitSynced(observer);
		const writer = raw(relay, document, group.tokens.edit);
		await writer.opened;
		// Every update depends on the one before it, and the first one never comes.
		const source = new Y.Doc();
		source.getText('t').insert(0, 'never sent');
		for (let n = 0; n < 10; n++) {
			const before = Y.encodeStateVector(source);
			source.getText('t').insert(0, 'p'.repeat(20 * KiB));
			writer.send(encodeUpdate(Y.encodeStateAsUpdate(source, before)));
		}
		// A sixteenth of the bound may wait: three of them, not ten.
		await waitFor(() => authReasons(writer.frames).length === 7);
		expect(authReasons(writer.frames).every((reason) => reason === TOO_LARGE)).toBe(true);
		const room = relay.relay.registry.get(document)!;
		expect(room.doc.store.pendingStructs!.update.length).toBeLessThanOrEqual(64 * KiB);
		// Others still write.
		writer.send(encodeUpdate(insertion('small')));
		await waitFor(() => textOf(observer.doc) === 'small');
	});

	it('loads a document near the bound in a fresh client, with traffic flowing, past a small outgoing buffer', async () => {
		const { relay, group } = await setup({
			maxDocumentBytes: 2 * MiB,
			maxMessageBytes: 256 * KiB,
			maxBufferedBytes: 512 * KiB,
			awarenessBurst: 10_000,
			awarenessPerSecond: 10_000
		});
		const document = `${group.groupId}/${randomId()}`;
		const writer = raw(relay, document, group.tokens.edit);
		await writer.opened;
		for (let n = 0; n < 9; n++) writer.send(encodeUpdate(insertion('z'.repeat(200 * KiB))));
		const room = () => relay.relay.registry.get(document);
		await waitFor(() => !!room() && textOf(room()!.doc).length === 9 * 200 * KiB);
		expect(Y.encodeStateAsUpdate(room()!.doc).length).toBeGreaterThan(3 * 512 * KiB);

		// Other traffic: an editor typing all along (it loaded the document too).
		const typist = client(relay, document, group.tokens.edit);
		await waitSynced(typist, 10_000);
		const typing = setInterval(() => typist.doc.getText('typed').insert(0, 'k'), 2);
		cleanups.push(() => clearInterval(typing));

		const fresh = client(relay, document, group.tokens.view);
		await waitSynced(fresh, 10_000);
		expect(textOf(fresh.doc)).toBe(textOf(room()!.doc));
		const typed = fresh.doc.getText('typed').length;
		await waitFor(() => fresh.doc.getText('typed').length > typed + 10);

		// A reader that asks for the whole document and then reads nothing is still closed.
		const stalled = raw(relay, document, group.tokens.view);
		await stalled.opened;
		stalled.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
		await waitFor(() => room()!.peers.size === 4);
		(stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		const talker = raw(relay, document, group.tokens.view);
		await talker.opened;
		const state = 'a'.repeat(60 * KiB);
		for (let clock = 1; clock < 1000 && (await rejected(relay, 'slow_consumer')) === 0; clock++) {
			talker.send(awareness(4242, clock, { state }));
			await new Promise((resolve) => setTimeout(resolve, 1));
		}
		await waitFor(async () => (await rejected(relay, 'slow_consumer')) === 1);
		expect(await rejected(relay, 'slow_consumer')).toBe(1);
		expect(fresh.provider.wsconnected && typist.provider.wsconnected).toBe(true);
	});

	it('keeps a document loadable at the default bounds when an editor sends 7.5 MiB updates', async () => {
		const { relay, group } = await setup();
		// The group's directory takes a quarter of the bound.
		const lister = raw(relay, group.groupId, group.tokens.edit);
		await lister.opened;
		lister.send(encodeUpdate(insertion('d'.repeat(5 * MiB))));
		await waitFor(() => authReasons(lister.frames).length === 1, { timeout: 10_000 });

		const document = `${group.groupId}/${randomId()}`;
		const writer = raw(relay, document, group.tokens.edit);
		await writer.opened;
		for (let n = 0; n < 5; n++) {
			writer.send(encodeUpdate(insertion(String(n).repeat(7.5 * MiB))));
		}
		await waitFor(() => authReasons(writer.frames).length === 3, {
			timeout: 20_000,
			message: 'three refusals'
		});
		const fresh = client(relay, document, group.tokens.view);
		await waitSynced(fresh, 20_000);
		expect(textOf(fresh.doc).length).toBe(2 * 7.5 * MiB);
		expect(Y.encodeStateAsUpdate(fresh.doc).length).toBeLessThanOrEqual(16 * MiB);
	}, 60_000);

	it('accepts what the product makes at the default bounds', async () => {
		// Fast enough to send a meeting's every keystroke without waiting for the rate limit.
		const { relay, group } = await setup({ messageBurst: 1_000_000, messagesPerSecond: 1_000_000 });

		// A 3-hour meeting typed one keystroke at a time: its whole uncompacted history.
		const minutesName = `${group.groupId}/${randomId()}`;
		const minutes = client(relay, minutesName, group.tokens.edit);
		await waitSynced(minutes);
		const meeting = typeMeeting({ items: 300, characters: 100_000, doc: minutes.doc });
		expect(meeting.updateBytes).toBeGreaterThan(2 * MiB);

		// A directory of a thousand meetings, each entry rewritten six times.
		const listing = client(relay, group.groupId, group.tokens.edit);
		await waitSynced(listing);
		for (let i = 0; i < 1000; i++) {
			const doc = new Y.Doc();
			const meetingId = createMeeting(doc, { meetingId: benchId('listed', i), date: '2026-11-27' });
			for (const title of ['', 'Chapter meeting', `Chapter meeting ${i}: budget and festival`]) {
				setHeader(doc, { title, categories: ['general', 'budget'] });
				syncDirectoryEntry(listing.doc, meetingId, doc);
			}
			for (const status of ['review', 'approved', 'published'] as const) {
				setStatus(doc, status);
				syncDirectoryEntry(listing.doc, meetingId, doc);
			}
		}

		// Years of comments: 5,000 of 350 characters, by the comment role.
		const commentsName = `${minutesName}/comments`;
		const comments = client(relay, commentsName, group.tokens.comment);
		await waitSynced(comments);
		const text = 'The budget line for the festival should be checked before we approve it. '.repeat(
			5
		);
		for (let thread = 0; thread < 1000; thread++) {
			const { threadId } = addComment(comments.doc, { author: `Member ${thread}`, text });
			for (let reply = 0; reply < 4; reply++) {
				addComment(comments.doc, { author: 'Someone', text, threadId });
			}
		}

		const isStored = (name: string, doc: Y.Doc) => {
			const room = relay.relay.registry.get(name);
			return !!room && Y.encodeStateVector(room.doc).join() === Y.encodeStateVector(doc).join();
		};
		await waitFor(
			() =>
				isStored(minutesName, minutes.doc) &&
				isStored(group.groupId, listing.doc) &&
				isStored(commentsName, comments.doc),
			{ timeout: 25_000, message: 'every change on the relay' }
		);
		await relay.relay.registry.settled();
		expect(await rejected(relay, 'document_too_large')).toBe(0);
		for (const [name, doc] of [
			[minutesName, minutes.doc],
			[group.groupId, listing.doc],
			[commentsName, comments.doc]
		] as const) {
			expect(Y.encodeStateVector(await stored(relay, name))).toEqual(Y.encodeStateVector(doc));
		}
	}, 60_000);
});
