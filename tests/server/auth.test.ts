import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate, MESSAGE_AUTH, MESSAGE_SYNC } from '../../server/sync/protocol.ts';
import { SOCKET_PROTOCOL, socketProtocolsFor } from '../../src/lib/protocol/socket-protocols.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	type RawClient,
	randomId,
	startTestRelay,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

let relay: TestRelay;
let group: Group;
let other: Group;
const clients: Client[] = [];

function client(document: string, token: string, doc?: Y.Doc): Client {
	const created = connectClient(relay.syncUrl, document, token, doc);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Chapter');
	other = await createGroup(relay.httpUrl, 'Other chapter');
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

/** Fills a document through an edit client, so that a leak would have bytes to leak. */
async function seed(document: string): Promise<void> {
	const writer = client(document, group.tokens.edit);
	await waitSynced(writer);
	writer.doc.getText('notes').insert(0, 'SECRET-MINUTES');
	await waitFor(() => (relay.relay.registry.get(document)?.doc.getText('notes').length ?? 0) > 0);
}

async function expectRefused(url: string, status: number): Promise<void> {
	const raw = openRaw(url);
	const refusal = await raw.refusal;
	expect(refusal?.status).toBe(status);
	expect(JSON.parse(refusal!.body)).toHaveProperty('error');
	expect(refusal!.body).not.toContain('SECRET');
	await raw.closed;
	expect(raw.frames).toEqual([]);
}

describe('refusals at the upgrade', () => {
	it('refuses a missing, invalid, forged or foreign token and a malformed name', async () => {
		const meeting = randomId();
		const document = `${group.groupId}/${meeting}`;
		await seed(document);
		const base = `${relay.syncUrl}/${document}`;
		await expectRefused(base, 401);
		await expectRefused(`${base}?token=`, 401);
		await expectRefused(`${base}?token=nonsense`, 401);
		const forged = group.tokens.view.replace('.view.', '.edit.');
		await expectRefused(`${base}?token=${forged}`, 401);
		const flipped =
			group.tokens.edit.slice(0, -2) + (group.tokens.edit.endsWith('AA') ? 'BB' : 'AA');
		await expectRefused(`${base}?token=${flipped}`, 401);
		await expectRefused(`${base}?token=${other.tokens.edit}`, 403);
		for (const bad of [
			'short',
			`${group.groupId}/${meeting}/notes`,
			`${group.groupId}/${meeting}/comments/x`,
			`${group.groupId}/bad$id${meeting}`,
			`${group.groupId}/..${meeting}`,
			`${group.groupId}%2F${meeting}%2Fcomments%2F`,
			`%${group.groupId.charCodeAt(0).toString(16)}${group.groupId.slice(1)}/${meeting}`,
			`${group.groupId}//${meeting}`,
			'%E0%A4%A'
		]) {
			await expectRefused(`${relay.syncUrl}/${bad}?token=${group.tokens.edit}`, 400);
		}
		await expectRefused(`${relay.syncUrl}?token=${group.tokens.edit}`, 400);
		await expectRefused(`${relay.syncUrl}/?token=${group.tokens.edit}`, 400);
		const rejected =
			await relay.relay.metrics.registry.getSingleMetricAsString('relay_rejected_total');
		expect(rejected).toContain('reason="bad_token"');
		expect(rejected).toContain('reason="other_group"');
		expect(rejected).toContain('reason="bad_name"');
	});
});

function authMessages(frames: Uint8Array[]): string[] {
	return frames
		.filter((frame) => frame[0] === MESSAGE_AUTH)
		.map((frame) => {
			const decoder = decoding.createDecoder(frame);
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
			return decoding.readVarString(decoder);
		});
}

/** A raw client writes one update; returns what it heard back. */
async function attemptWrite(document: string, token: string): Promise<Uint8Array[]> {
	const raw = openRaw(`${relay.syncUrl}/${document}?token=${token}`);
	await raw.opened;
	const doc = new Y.Doc();
	doc.getText('notes').insert(0, 'INTRUDER');
	raw.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
	// Either a refusal or a receipt (a second sync step 1) answers the write.
	const isAnswered = () =>
		authMessages(raw.frames).length > 0 ||
		raw.frames.filter((frame) => frame[0] === MESSAGE_SYNC && frame[1] === 0).length > 1;
	await waitFor(isAnswered, { message: 'an answer to the write' });
	raw.ws.close();
	return raw.frames;
}

describe('the token as a subprotocol', () => {
	function openWithProtocols(document: string, protocols: string[]): RawClient {
		return openRaw(`${relay.syncUrl}/${document}`, {}, protocols);
	}

	it('accepts the token offered as a protocol and answers with `plenary` alone', async () => {
		const document = `${group.groupId}/${randomId()}`;
		await seed(document);
		const raw = openWithProtocols(document, socketProtocolsFor(group.tokens.view));
		await raw.opened;
		expect(raw.ws.protocol).toBe(SOCKET_PROTOCOL);
		await waitFor(() => raw.frames.length > 0);
		raw.ws.close();
	});

	it('refuses a bad or foreign token offered as a protocol, as in the query', async () => {
		const document = `${group.groupId}/${randomId()}`;
		await seed(document);
		const forged = group.tokens.view.replace('.view.', '.edit.');
		for (const [token, status] of [
			[forged, 401],
			['nonsense', 401],
			[other.tokens.edit, 403]
		] as const) {
			const raw = openWithProtocols(document, socketProtocolsFor(token));
			expect((await raw.refusal)?.status).toBe(status);
			await raw.closed;
			expect(raw.frames).toEqual([]);
		}
	});
});

describe('roles', () => {
	const table = [
		{ role: 'edit', kind: 'directory', canWrite: true },
		{ role: 'edit', kind: 'minutes', canWrite: true },
		{ role: 'edit', kind: 'comments', canWrite: true },
		{ role: 'comment', kind: 'directory', canWrite: false },
		{ role: 'comment', kind: 'minutes', canWrite: false },
		{ role: 'comment', kind: 'comments', canWrite: true },
		{ role: 'view', kind: 'directory', canWrite: false },
		{ role: 'view', kind: 'minutes', canWrite: false },
		{ role: 'view', kind: 'comments', canWrite: false },
		{ role: 'edit', kind: 'floor', canWrite: true },
		{ role: 'comment', kind: 'floor', canWrite: true },
		{ role: 'view', kind: 'floor', canWrite: false }
	] as const;

	it.each(table)('$role on $kind: write $canWrite', async ({ role, kind, canWrite }) => {
		// A group of its own, so that every case starts from an empty directory.
		const own = await createGroup(relay.httpUrl, `${role} on ${kind}`);
		const meeting = randomId();
		const document =
			kind === 'directory'
				? own.groupId
				: kind === 'minutes'
					? `${own.groupId}/${meeting}`
					: `${own.groupId}/${meeting}/${kind}`;
		const watcher = client(document, own.tokens.edit);
		await waitSynced(watcher);
		const frames = await attemptWrite(document, own.tokens[role]);
		if (canWrite) {
			await waitFor(() => watcher.doc.getText('notes').toString().includes('INTRUDER'));
			expect(authMessages(frames)).toEqual([]);
		} else {
			expect(authMessages(frames)).toEqual(['permission denied']);
			// Give a wrongly forwarded update time to arrive, then check it did not.
			const probe = client(document, own.tokens.view);
			await waitSynced(probe);
			expect(watcher.doc.getText('notes').toString()).not.toContain('INTRUDER');
			expect(probe.doc.getText('notes').toString()).not.toContain('INTRUDER');
			expect(
				relay.relay.registry.get(document)?.doc.getText('notes').toString() ?? ''
			).not.toContain('INTRUDER');
		}
	});

	it('lets a read-only client read, share awareness, and sync without being denied', async () => {
		const document = `${group.groupId}/${randomId()}`;
		const writer = client(document, group.tokens.edit);
		await waitSynced(writer);
		writer.doc.getText('notes').insert(0, 'hello there');
		writer.doc.getText('notes').delete(0, 6);
		const reader = client(document, group.tokens.view);
		let denied = 0;
		reader.provider.messageHandlers[MESSAGE_AUTH] = () => denied++;
		await waitFor(() => reader.doc.getText('notes').toString() === 'there');
		reader.provider.awareness.setLocalStateField('user', { name: 'Reader' });
		await waitFor(() => writer.provider.awareness.getStates().has(reader.doc.clientID));
		// Reconnecting repeats the delete set in its sync step 2: not a write.
		reader.provider.disconnect();
		reader.provider.connect();
		await waitSynced(reader);
		writer.doc.getText('notes').insert(0, 'still ');
		await waitFor(() => reader.doc.getText('notes').toString() === 'still there');
		expect(denied).toBe(0);
	});
});

describe('rotation', () => {
	it('closes open connections with 4401 and refuses the old tokens', async () => {
		const fresh = await createGroup(relay.httpUrl, 'Rotating chapter');
		const document = `${fresh.groupId}/${randomId()}`;
		const editor = client(document, fresh.tokens.edit);
		const viewer = client(document, fresh.tokens.view);
		await Promise.all([waitSynced(editor), waitSynced(viewer)]);
		const closes: number[] = [];
		editor.provider.on('closed', (event) => closes.push(event.code));
		viewer.provider.on('closed', (event) => closes.push(event.code));
		// An unrelated group's client stays connected.
		const bystander = client(group.groupId, group.tokens.view);
		await waitSynced(bystander);

		const refused = await fetch(`${relay.httpUrl}/api/groups/${fresh.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${fresh.tokens.comment}` }
		});
		expect(refused.status).toBe(403);

		const response = await fetch(`${relay.httpUrl}/api/groups/${fresh.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${fresh.tokens.edit}` }
		});
		expect(response.status).toBe(200);
		const body = (await response.json()) as { tokens: Group['tokens'] };
		expect(body.tokens.edit).not.toBe(fresh.tokens.edit);
		await waitFor(() => closes.length === 2);
		expect(closes).toEqual([4401, 4401]);
		expect(bystander.provider.wsconnected).toBe(true);

		await expectRefused(`${relay.syncUrl}/${document}?token=${fresh.tokens.edit}`, 401);
		const again = await fetch(`${relay.httpUrl}/api/groups/${fresh.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${fresh.tokens.edit}` }
		});
		expect(again.status).toBe(401);

		const renewed = client(document, body.tokens.edit);
		await waitSynced(renewed);
		expect(renewed.provider.wsconnected).toBe(true);
	});
});
