/**
 * One connection flooding the relay with cheap messages that are costly to handle must not stall
 * anyone else: while it floods a document with a long history, a healthy pair of clients in
 * another document keeps delivering and /healthz keeps answering. The bounds are generous (a busy
 * two-core machine passes them); the attacks' cost is measured by the bench, not here.
 */
import { get } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../../server/sync/protocol.ts';
import { startFlood, type FloodResult } from '../utils/flood-client.ts';
import { longHistory } from '../utils/hostile-updates.ts';
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
	type TestRelay
} from '../utils/relay.ts';

const HISTORY_STRUCTS = 50_000;
const ATTACK_MS = 6_000;
const BOUND_MS = 3_000;
const AFTERMATH_MS = 3_000;
const FLOOD_PER_SECOND = 6_000;

let relay: TestRelay;
let group: Group;
let writer: Client;
let reader: Client;
let history: Y.Doc;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl);
	const healthy = `${group.groupId}/${randomId()}`;
	writer = connectClient(relay.syncUrl, healthy, group.tokens.edit);
	reader = connectClient(relay.syncUrl, healthy, group.tokens.edit);
	await Promise.all([waitSynced(writer), waitSynced(reader)]);
	history = longHistory(HISTORY_STRUCTS);
});

afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

afterAll(async () => {
	writer.destroy();
	reader.destroy();
	await relay.close();
});

/**
 * A document of the group holding `history`, written by an edit connection that stays open (a
 * document that unloads and loads again costs its whole size once more, which is not what these
 * tests measure).
 */
async function documentWithHistory(): Promise<string> {
	const name = `${group.groupId}/${randomId()}`;
	const seed = openRaw(`${relay.syncUrl}/${name}?token=${group.tokens.edit}`);
	await seed.opened;
	seed.send(encodeUpdate(Y.encodeStateAsUpdate(history)));
	await waitFor(
		() =>
			Y.getState(
				relay.relay.registry.get(name)?.doc.store ?? new Y.Doc().store,
				history.clientID
			) >= Y.getState(history.store, history.clientID),
		{ timeout: 20_000, message: 'the history to be stored' }
	);
	cleanups.push(() => seed.ws.close());
	return name;
}

/** GET /healthz on a connection of its own (a kept-alive one may be closed by the relay meanwhile). */
function healthz(): Promise<number> {
	return new Promise((resolve) => {
		const request = get(`${relay.httpUrl}/healthz`, { agent: false }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', () => resolve(0));
	});
}

async function rejected(reason: string): Promise<number> {
	const metric = await relay.relay.metrics.rejected.get();
	return metric.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

interface Liveness {
	deliveries: number[];
	health: number[];
}

/**
 * Runs `attack` while the healthy pair keeps writing to each other and /healthz is asked, one
 * after the other, and for a while after it (a backlog may still be worked off); returns how long
 * each delivery and health check took, counted from when it was due, so that a stall that holds
 * up the probes themselves counts too.
 */
async function liveness(attack: () => Promise<unknown>): Promise<Liveness> {
	const result: Liveness = { deliveries: [], health: [] };
	let isAttacking = true;
	let until = Infinity;
	const done = attack().finally(() => {
		isAttacking = false;
		until = Date.now() + AFTERMATH_MS;
	});
	const repeat = async (periodMs: number, probe: (due: number) => Promise<void>) => {
		let due = performance.now();
		while (isAttacking || Date.now() < until) {
			await probe(due);
			due = performance.now() + periodMs;
			await sleep(periodMs);
		}
	};
	const deliver = async (due: number) => {
		const mark = `${randomId()};`;
		writer.doc.getText('probe').insert(0, mark);
		await waitFor(() => reader.doc.getText('probe').toString().startsWith(mark), {
			timeout: 20_000,
			message: 'the healthy pair to deliver'
		});
		result.deliveries.push(performance.now() - due);
	};
	const health = async (due: number) => {
		const status = await healthz();
		result.health.push(status === 200 ? performance.now() - due : Infinity);
	};
	await Promise.all([done, repeat(100, deliver), repeat(200, health)]);
	return result;
}

describe('hostile load', () => {
	it('a view connection flooding delete sets at a long history stalls no other room', async () => {
		const name = await documentWithHistory();
		let flood: FloodResult = { sent: 0, closeCode: null };
		const result = await liveness(async () => {
			// 13-byte frames naming a deleted entry of the history.
			flood = await startFlood({
				url: `${relay.syncUrl}/${name}?token=${group.tokens.view}`,
				perSecond: FLOOD_PER_SECOND,
				durationMs: ATTACK_MS,
				kind: 'delete-set',
				range: [history.clientID, 3, 1]
			});
		});
		expect(flood.sent).toBeGreaterThan(1000);
		expect(Math.max(...result.deliveries)).toBeLessThan(BOUND_MS);
		expect(Math.max(...result.health)).toBeLessThan(BOUND_MS);
	}, 90_000);

	it('a view connection asking for a long history again and again stalls no other room', async () => {
		const name = await documentWithHistory();
		let flood: FloodResult = { sent: 0, closeCode: null };
		const result = await liveness(async () => {
			// 4-byte frames (sync step 1, empty state vector), each answered with 2 MB.
			flood = await startFlood({
				url: `${relay.syncUrl}/${name}?token=${group.tokens.view}`,
				perSecond: 200,
				durationMs: ATTACK_MS,
				kind: 'sync-step-1'
			});
		});
		expect(flood.sent).toBeGreaterThan(100);
		expect(Math.max(...result.deliveries)).toBeLessThan(BOUND_MS);
		expect(Math.max(...result.health)).toBeLessThan(BOUND_MS);
		expect(await rejected('work_limit')).toBeGreaterThan(0);
	}, 90_000);

	it('an edit connection flooding tiny updates stalls no other room', async () => {
		const name = await documentWithHistory();
		let flood: FloodResult = { sent: 0, closeCode: null };
		const result = await liveness(async () => {
			// 21-byte inserts, each between the same two characters.
			flood = await startFlood({
				url: `${relay.syncUrl}/${name}?token=${group.tokens.edit}`,
				perSecond: FLOOD_PER_SECOND,
				durationMs: ATTACK_MS,
				kind: 'siblings',
				between: [
					{ client: history.clientID, clock: 0 },
					{ client: history.clientID, clock: 1 }
				]
			});
		});
		expect(flood.sent).toBeGreaterThan(1000);
		expect(Math.max(...result.deliveries)).toBeLessThan(BOUND_MS);
		expect(Math.max(...result.health)).toBeLessThan(BOUND_MS);
		expect(await rejected('work_limit')).toBeGreaterThan(0);
	}, 90_000);
});
