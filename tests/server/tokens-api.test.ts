/**
 * `GET /api/groups/<id>/tokens`: an editor (who may have joined with the edit link only) gets
 * every link of the group's current generation; nobody else learns the edit token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGroup,
	openRaw,
	startTestRelay,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

let relay: TestRelay;
let group: Group;
let other: Group;

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Chapter');
	other = await createGroup(relay.httpUrl, 'Other chapter');
});

afterAll(async () => {
	await relay.close();
});

function getTokens(groupId: string, token?: string) {
	return fetch(`${relay.httpUrl}/api/groups/${groupId}/tokens`, {
		headers: token ? { Authorization: `Bearer ${token}` } : {}
	});
}

async function expectError(response: Response, status: number): Promise<void> {
	expect(response.status).toBe(status);
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	const text = await response.text();
	expect(JSON.parse(text)).toHaveProperty('error');
	expect(text).not.toContain(group.tokens.edit);
	expect(text).not.toMatch(/at .*\.ts/);
}

describe('GET /api/groups/<id>/tokens', () => {
	it('gives an edit token every link of the group', async () => {
		const response = await getTokens(group.groupId, group.tokens.edit);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({
			groupId: group.groupId,
			name: 'Chapter',
			tokens: group.tokens
		});
	});

	it('never gives the links to a comment or view token, or to another group', async () => {
		await expectError(await getTokens(group.groupId, group.tokens.comment), 403);
		await expectError(await getTokens(group.groupId, group.tokens.view), 403);
		await expectError(await getTokens(group.groupId, other.tokens.edit), 403);
	});

	it('refuses a missing or invalid token with 401', async () => {
		await expectError(await getTokens(group.groupId), 401);
		await expectError(await getTokens(group.groupId, 'nonsense'), 401);
		const forged = group.tokens.view.replace('.view.', '.edit.');
		await expectError(await getTokens(group.groupId, forged), 401);
	});

	it('refuses a rotated token; the new edit token gets the new links, which open websockets', async () => {
		const fresh = await createGroup(relay.httpUrl, 'Rotating chapter');
		const rotated = await fetch(`${relay.httpUrl}/api/groups/${fresh.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${fresh.tokens.edit}` }
		});
		expect(rotated.status).toBe(200);
		const { tokens: next } = (await rotated.json()) as Group;

		await expectError(await getTokens(fresh.groupId, fresh.tokens.edit), 401);
		const response = await getTokens(fresh.groupId, next.edit);
		expect(response.status).toBe(200);
		const body = (await response.json()) as Group;
		expect(body.tokens).toEqual(next);

		for (const token of [body.tokens.edit, body.tokens.comment, body.tokens.view]) {
			const raw = openRaw(`${relay.syncUrl}/${fresh.groupId}?token=${token}`);
			await raw.opened;
			expect(await raw.refusal).toBeNull();
			raw.ws.close();
			await raw.closed;
		}
		const stale = openRaw(`${relay.syncUrl}/${fresh.groupId}?token=${fresh.tokens.view}`);
		expect((await stale.refusal)?.status).toBe(401);
		await stale.closed;
	});
});
