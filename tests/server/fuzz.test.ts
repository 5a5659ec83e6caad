/**
 * Seeded fuzzing of websocket frames. Bad frames close only the connection that sent them; the
 * relay stays up and a healthy pair of clients in another document keeps syncing throughout.
 * Valid but hostile Yjs updates (tests/utils/hostile-updates.ts), sent by every role, close
 * nobody, and the honest clients of their document still converge with the relay.
 * A failing seed goes into SEEDS so that it is tried on every run from then on.
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from '../../server/sync/protocol.ts';
import { hostileUpdate, longHistory } from '../utils/hostile-updates.ts';
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

const SEEDS = [1, 2024, 77_777];
const FRAMES_PER_SEED = 60;
const HOSTILE_PER_SEED = 30;
const MAX_MESSAGE_BYTES = 64 * 1024;

let relay: TestRelay;
let group: Group;
let writer: Client;
let reader: Client;
/** Close codes the healthy pair saw: none is right. */
const healthyCloses: number[] = [];

beforeAll(async () => {
	relay = await startTestRelay({ maxMessageBytes: MAX_MESSAGE_BYTES });
	group = await createGroup(relay.httpUrl);
	const healthy = `${group.groupId}/${randomId()}`;
	writer = connectClient(relay.syncUrl, healthy, group.tokens.edit);
	reader = connectClient(relay.syncUrl, healthy, group.tokens.edit);
	await Promise.all([waitSynced(writer), waitSynced(reader)]);
	for (const client of [writer, reader]) watchCloses(client, healthyCloses);
});

function watchCloses(client: Client, closes: number[]): void {
	client.provider.on('connection-close', (event: { code: number } | null) => {
		if (event) closes.push(event.code);
	});
}

afterAll(async () => {
	writer.destroy();
	reader.destroy();
	await relay.close();
});

interface Attack {
	kind: string;
	frame: Uint8Array | string;
	/** Close codes that are right for it; empty when staying open is right too. */
	codes: number[];
}

function validUpdate(gen: prng.PRNG): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, prng.word(gen, 1, 40));
	doc.getMap('m').set(prng.word(gen, 1, 5), prng.int32(gen, 0, 1000));
	return Y.encodeStateAsUpdate(doc);
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function attack(gen: prng.PRNG): Attack {
	const kinds = [
		'random',
		'truncated update',
		'truncated awareness',
		'unknown type',
		'unknown sync step',
		'oversized',
		'garbage update',
		'flipped update',
		'bad awareness json',
		'text frame',
		'empty'
	];
	const kind = prng.oneOf(gen, kinds);
	switch (kind) {
		case 'random':
			return { kind, frame: prng.uint8Array(gen, prng.int32(gen, 1, 300)), codes: [] };
		case 'truncated update': {
			const full = encodeUpdate(validUpdate(gen));
			return { kind, frame: full.slice(0, prng.int32(gen, 1, full.length - 1)), codes: [1007] };
		}
		case 'truncated awareness': {
			const state = JSON.stringify({ user: { name: prng.word(gen, 1, 10) } });
			const full = encodeAwareness(
				message((encoder) => {
					encoding.writeVarUint(encoder, 1);
					encoding.writeVarUint(encoder, prng.uint32(gen, 1, 2 ** 30));
					encoding.writeVarUint(encoder, 1);
					encoding.writeVarString(encoder, state);
				})
			);
			return { kind, frame: full.slice(0, prng.int32(gen, 1, full.length - 1)), codes: [1007] };
		}
		case 'unknown type':
			return {
				kind,
				frame: message((encoder) => {
					encoding.writeVarUint(encoder, prng.int32(gen, 4, 100_000));
					encoding.writeUint8Array(encoder, prng.uint8Array(gen, prng.int32(gen, 0, 20)));
				}),
				codes: [1003]
			};
		case 'unknown sync step':
			return {
				kind,
				frame: message((encoder) => {
					encoding.writeVarUint(encoder, 0);
					encoding.writeVarUint(encoder, prng.int32(gen, 3, 1000));
					encoding.writeVarUint8Array(encoder, prng.uint8Array(gen, 4));
				}),
				codes: [1003]
			};
		case 'oversized':
			return {
				kind,
				frame: prng.uint8Array(gen, MAX_MESSAGE_BYTES + prng.int32(gen, 1, 1000)),
				codes: [1009]
			};
		case 'garbage update':
			return {
				kind,
				frame: encodeUpdate(prng.uint8Array(gen, prng.int32(gen, 3, 200))),
				codes: []
			};
		case 'flipped update': {
			const update = validUpdate(gen);
			const at = prng.int32(gen, 0, update.length - 1);
			update[at] ^= 1 << prng.int32(gen, 0, 7);
			return { kind, frame: encodeUpdate(update), codes: [] };
		}
		case 'bad awareness json':
			return {
				kind,
				frame: encodeAwareness(
					message((encoder) => {
						encoding.writeVarUint(encoder, 1);
						encoding.writeVarUint(encoder, 7);
						encoding.writeVarUint(encoder, 1);
						encoding.writeVarString(encoder, '{"user":');
					})
				),
				codes: [1007]
			};
		case 'text frame':
			return { kind, frame: prng.word(gen, 1, 50), codes: [1003] };
		default:
			return { kind, frame: new Uint8Array(0), codes: [1007] };
	}
}

async function assertHealthy(label: string): Promise<void> {
	writer.doc.getText('notes').insert(0, `${label};`);
	await waitFor(() => reader.doc.getText('notes').toString().startsWith(`${label};`), {
		message: `healthy clients to sync after ${label}`
	});
}

describe('fuzzed frames', () => {
	it.each(SEEDS)('seed %i: only the sender is closed', async (seed) => {
		const gen = prng.create(seed);
		const target = `${group.groupId}/${randomId()}`;
		for (let batch = 0; batch < FRAMES_PER_SEED / 10; batch++) {
			const attacks = Array.from({ length: 10 }, () => attack(gen));
			const results = await Promise.all(
				attacks.map(async (a) => {
					const raw = openRaw(`${relay.syncUrl}/${target}?token=${group.tokens.edit}`);
					await raw.opened;
					raw.send(a.frame);
					// A frame that must close the socket gets time enough on a busy machine; one that
					// may be harmless leaves it open, so the relay gets a moment to decide.
					const patience = a.codes.length > 0 ? 10_000 : 300;
					const outcome = await Promise.race([
						raw.closed.then(({ code }) => code),
						new Promise<null>((resolve) => setTimeout(() => resolve(null), patience))
					]);
					raw.ws.terminate();
					return { attack: a, code: outcome };
				})
			);
			for (const { attack: a, code } of results) {
				if (a.codes.length > 0) {
					expect({ kind: a.kind, code }).toEqual({ kind: a.kind, code: expect.toBeOneOf(a.codes) });
				} else if (code !== null) {
					expect([1003, 1007, 1008, 1009]).toContain(code);
				}
			}
			await assertHealthy(`seed ${seed} batch ${batch}`);
		}
		expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
		// The fuzzed document still loads for a new client.
		const late = connectClient(relay.syncUrl, target, group.tokens.view);
		await waitSynced(late);
		late.destroy();
	});
});

type Role = keyof Group['tokens'];

/**
 * What a copy of a document holds, to compare copies: its clients' clocks and what it deleted
 * (equal structs and equal deletions show the same content). Pending structs are left out.
 */
function held(doc: Y.Doc): unknown {
	const deleted = Y.createDeleteSetFromStructStore(doc.store);
	return {
		clocks: Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc))),
		deleted: Object.fromEntries(
			[...deleted.clients].map(([client, ranges]) => [
				client,
				ranges.map(({ clock, len }) => [clock, len])
			])
		)
	};
}

describe('hostile updates', () => {
	it.each(SEEDS)(
		'seed %i: nobody is closed and the honest clients converge',
		async (seed) => {
			const gen = prng.create(seed);
			const target = `${group.groupId}/${randomId()}`;
			const alice = connectClient(relay.syncUrl, target, group.tokens.edit);
			const bob = connectClient(relay.syncUrl, target, group.tokens.edit);
			const honestCloses: number[] = [];
			try {
				await Promise.all([waitSynced(alice), waitSynced(bob)]);
				for (const client of [alice, bob]) watchCloses(client, honestCloses);
				// A history to aim delete sets at.
				longHistory(500, alice.doc);
				await waitFor(() => bob.doc.getMap('history').size === alice.doc.getMap('history').size);
				for (let batch = 0; batch < HOSTILE_PER_SEED / 10; batch++) {
					const attacks = Array.from({ length: 10 }, () => ({
						...hostileUpdate(gen, alice.doc),
						role: prng.oneOf(gen, ['edit', 'comment', 'view'] as Role[]),
						isSyncStep2: prng.bool(gen)
					}));
					const results = await Promise.all(
						attacks.map(async (a) => {
							const raw = openRaw(`${relay.syncUrl}/${target}?token=${group.tokens[a.role]}`);
							await raw.opened;
							raw.send(a.isSyncStep2 ? encodeSyncStep2(a.update) : encodeUpdate(a.update));
							const code = await Promise.race([
								raw.closed.then(({ code }) => code),
								sleep(300).then(() => null)
							]);
							raw.ws.terminate();
							return { kind: a.kind, role: a.role, code };
						})
					);
					for (const result of results) expect(result).toEqual({ ...result, code: null });
					alice.doc.getText('notes').insert(0, `${seed}:${batch};`);
					bob.doc.getMap('meta').set(`batch ${batch}`, seed);
					await assertHealthy(`hostile seed ${seed} batch ${batch}`);
				}
				// Their edits may have been deleted by a hostile editor, but each has the other's.
				const hasAllOf = (a: Client, b: Client) =>
					Y.getState(a.doc.store, b.doc.clientID) === Y.getState(b.doc.store, b.doc.clientID);
				await waitFor(
					() =>
						hasAllOf(alice, bob) &&
						hasAllOf(bob, alice) &&
						JSON.stringify(held(alice.doc)) === JSON.stringify(held(bob.doc)),
					{ timeout: 10_000, message: 'the honest clients to converge' }
				);
				await relay.relay.registry.settled();
				const stored = relay.relay.registry.get(target)!.doc;
				expect(held(stored)).toEqual(held(alice.doc));
				expect(honestCloses).toEqual([]);
				expect(healthyCloses).toEqual([]);
				expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
				// A new reader loads what the honest clients see.
				const late = connectClient(relay.syncUrl, target, group.tokens.view);
				await waitSynced(late);
				expect(held(late.doc)).toEqual(held(alice.doc));
				late.destroy();
			} finally {
				alice.destroy();
				bob.destroy();
			}
		},
		60_000
	);
});
