/**
 * Awareness (presence): a connection sets and removes only the states it owns. Attempts on other
 * clients' states change nothing anyone sees; y-websocket's habit of sending back every state it
 * hears is ignored without closing anyone; a client that reconnects before the relay noticed its
 * old connection die gets its presence back within seconds.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwareness } from '../../server/sync/protocol.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	randomId,
	sleep,
	startTestRelay,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type RawClient,
	type TestRelay
} from '../utils/relay.ts';

const ALIVE_CHECK_MS = 300;

let relay: TestRelay;
let group: Group;
const clients: Client[] = [];
const raws: RawClient[] = [];

beforeAll(async () => {
	relay = await startTestRelay({ aliveCheckMs: ALIVE_CHECK_MS });
	group = await createGroup(relay.httpUrl);
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	for (const raw of raws) raw.ws.terminate();
	await relay.close();
});

function client(document: string, token: string, name: string, doc = new Y.Doc()): Client {
	const created = connectClient(relay.syncUrl, document, token, doc);
	created.provider.awareness.setLocalState({ user: { name } });
	clients.push(created);
	return created;
}

function raw(document: string, token: string): RawClient {
	const opened = openRaw(`${relay.syncUrl}/${document}?token=${token}`);
	raws.push(opened);
	return opened;
}

function awareness(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const [clientId, clock, state] of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encodeAwareness(encoding.toUint8Array(encoder));
}

/** The name `observer` shows for `clientId`, or undefined when it shows nobody. */
function seen(observer: Client, clientId: number): string | undefined {
	const state = observer.provider.awareness.getStates().get(clientId) as
		{ user?: { name?: string } } | undefined;
	return state?.user?.name;
}

function clockOf(observer: Client, clientId: number): number {
	return observer.provider.awareness.meta.get(clientId)?.clock ?? 0;
}

describe('awareness ownership', () => {
	it("a view connection can neither set nor remove another client's state", async () => {
		const document = `${group.groupId}/${randomId()}`;
		const alice = client(document, group.tokens.edit, 'Alice');
		const bob = client(document, group.tokens.view, 'Bob');
		await Promise.all([waitSynced(alice), waitSynced(bob)]);
		const aliceId = alice.doc.clientID;
		const bobId = bob.doc.clientID;
		await waitFor(() => seen(alice, bobId) === 'Bob' && seen(bob, aliceId) === 'Alice');

		const mallory = raw(document, group.tokens.view);
		await mallory.opened;
		const malloryId = 424_242;
		mallory.send(
			awareness([
				[aliceId, clockOf(bob, aliceId) + 10, { user: { name: 'Mallory' } }],
				[bobId, clockOf(alice, bobId), null],
				[bobId, clockOf(alice, bobId) + 10, null]
			])
		);
		// Its own state is shared: once others see it, the relay has handled everything before.
		mallory.send(awareness([[malloryId, 1, { user: { name: 'Mallory herself' } }]]));
		await waitFor(
			() => seen(alice, malloryId) === 'Mallory herself' && seen(bob, malloryId) !== undefined
		);
		// Time enough for the relay to find out that Alice is still there.
		await sleep(ALIVE_CHECK_MS * 3);
		expect(seen(bob, aliceId)).toBe('Alice');
		expect(seen(alice, bobId)).toBe('Bob');
		expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
		expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);

		// It may still remove its own.
		mallory.send(awareness([[malloryId, 2, null]]));
		await waitFor(() => seen(alice, malloryId) === undefined);
		expect(seen(bob, malloryId)).toBeUndefined();
	});

	it('ignores the states y-websocket clients send back, closing nobody', async () => {
		const document = `${group.groupId}/${randomId()}`;
		const tokens = [group.tokens.edit, group.tokens.view, group.tokens.comment];
		const room = Array.from({ length: 8 }, (_, n) =>
			client(document, tokens[n % tokens.length], `Person ${n}`)
		);
		const closes: number[] = [];
		for (const member of room) {
			member.provider.on('connection-close', (event: { code: number } | null) => {
				if (event) closes.push(event.code);
			});
		}
		await Promise.all(room.map((member) => waitSynced(member)));
		const everyoneSeesEveryone = (suffix: string) =>
			room.every((observer) =>
				room.every(
					(member) => seen(observer, member.doc.clientID) === `${member.doc.clientID}${suffix}`
				)
			);
		// Cursor moves: each change is sent back by every other member.
		for (let round = 0; round < 5; round++) {
			for (const member of room) {
				member.provider.awareness.setLocalState({
					user: { name: `${member.doc.clientID}:${round}` }
				});
			}
			await waitFor(() => everyoneSeesEveryone(`:${round}`), { timeout: 10_000 });
		}
		// A member whose own timer gave up on someone (a sleeping laptop) sends that state's
		// removal: the relay must not remove a present member for everyone.
		const [sleeper, absent, observer] = room;
		removeAwarenessStates(sleeper.provider.awareness, [absent.doc.clientID], 'timeout');
		const marker = 'after the removal';
		sleeper.provider.awareness.setLocalState({ user: { name: marker } });
		await waitFor(() => seen(observer, sleeper.doc.clientID) === marker);
		expect(seen(observer, absent.doc.clientID)).toBe(`${absent.doc.clientID}:4`);
		expect(closes).toEqual([]);
		expect(room.every((member) => member.provider.wsconnected)).toBe(true);
	});

	it('gives a reconnecting client its state back once its old connection is found dead', async () => {
		const document = `${group.groupId}/${randomId()}`;
		const observer = client(document, group.tokens.view, 'Observer');
		await waitSynced(observer);
		// The old connection: it announced the client's state, then its network went silent.
		const clientId = 777_777;
		const old = raw(document, group.tokens.edit);
		await old.opened;
		old.send(awareness([[clientId, 3, { user: { name: 'before' } }]]));
		await waitFor(() => seen(observer, clientId) === 'before');
		(old.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		// The same client, reconnected: same document, same client id, a newer clock.
		const doc = new Y.Doc();
		doc.clientID = clientId;
		const reconnected = connectClient(relay.syncUrl, document, group.tokens.edit, doc);
		clients.push(reconnected);
		// Its clock went on while it was away.
		for (let n = 0; n < 5; n++)
			reconnected.provider.awareness.setLocalState({ user: { name: 'after' } });
		await waitFor(() => seen(observer, clientId) === 'after', { timeout: 10_000 });
		expect(reconnected.provider.wsconnected).toBe(true);
		// The old connection was asked whether it was still there, and dropped.
		const rejected = await relay.relay.metrics.rejected.get();
		expect(rejected.values.find((value) => value.labels.reason === 'dead_connection')?.value).toBe(
			1
		);
	});
});
