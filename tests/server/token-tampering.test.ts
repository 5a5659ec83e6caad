/**
 * Only the exact token verifies: one-character changes of a valid token are refused, over HTTP
 * and at the websocket upgrade. The last base64url character of a 32-byte signature
 * carries 2 unused bits, so a decoder that ignores them accepts four spellings of one signature.
 */
import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGroup, startTestRelay, type Group, type TestRelay } from '../utils/relay.ts';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let relay: TestRelay;
let group: Group;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Tampered');
});

afterAll(async () => {
	agent.destroy();
	await relay.close();
});

/**
 * Tokens that differ from `token` in one character: every other character of the alphabet in
 * the last place (where the unused bits live) and one at every other place. The signer's own
 * test (server/auth/tokens.spec.ts) goes through every character at every place.
 */
function oneCharacterChanges(token: string): string[] {
	const alphabet = BASE64URL + '.';
	const changed = new Set<string>();
	const last = token.length - 1;
	for (const character of alphabet) {
		if (character !== token[last]) changed.add(token.slice(0, last) + character);
	}
	for (let index = 0; index < last; index++) {
		const shift = 1 + (index % (alphabet.length - 1));
		const character = alphabet[(alphabet.indexOf(token[index]) + shift) % alphabet.length];
		changed.add(token.slice(0, index) + character + token.slice(index + 1));
	}
	return [...changed];
}

/** Runs `check` over `items`, `width` at a time. */
async function inParallel<T, R>(items: T[], width: number, check: (item: T) => Promise<R>) {
	const results: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await check(items[index]);
			}
		})
	);
	return results;
}

function statusOf(path: string, token: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			`${relay.httpUrl}${path}`,
			{ agent, headers: { Authorization: `Bearer ${token}` } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('error', reject);
		req.end();
	});
}

function upgradeStatus(document: string, token: string): Promise<number> {
	return new Promise((resolve) => {
		const ws = new WebSocket(`${relay.syncUrl}/${document}?token=${token}`);
		ws.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			ws.terminate();
		});
		ws.on('open', () => {
			resolve(101);
			ws.terminate();
		});
		ws.on('error', () => {});
	});
}

describe('token tampering', () => {
	it('refuses one-character changes of a token over HTTP', async () => {
		const path = `/api/groups/${group.groupId}/tokens`;
		expect(await statusOf(path, group.tokens.edit)).toBe(200);
		const changed = oneCharacterChanges(group.tokens.edit);
		const statuses = await inParallel(changed, 16, (token) => statusOf(path, token));
		const accepted = changed.filter((_, index) => statuses[index] === 200);
		expect(accepted).toEqual([]);
		expect(new Set(statuses)).toEqual(new Set([401]));
	});

	it('refuses one-character changes of a token at the websocket upgrade', async () => {
		expect(await upgradeStatus(group.groupId, group.tokens.view)).toBe(101);
		const changed = oneCharacterChanges(group.tokens.view);
		const statuses = await inParallel(changed, 16, (token) => upgradeStatus(group.groupId, token));
		const accepted = changed.filter((_, index) => statuses[index] === 101);
		expect(accepted).toEqual([]);
		expect(new Set(statuses)).toEqual(new Set([401]));
	});
});
