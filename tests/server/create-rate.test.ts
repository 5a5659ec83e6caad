/**
 * Anyone may create a group on a relay with the default settings, so creation is limited per
 * client address (`CREATE_GROUP_RATE`, 20 a minute by default; `TRUST_PROXY=1` counts the last
 * hop of `X-Forwarded-For`): past it, 429 with `Retry-After`. Only groups actually created
 * count.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
	removeDir,
	spawnRelay,
	startTestRelay,
	tempDir,
	type ChildRelay,
	type TestRelay
} from '../utils/relay.ts';

const relays: TestRelay[] = [];
const children: ChildRelay[] = [];
const dirs: string[] = [];

afterEach(async () => {
	for (const relay of relays.splice(0)) await relay.close();
	for (const child of children.splice(0)) {
		child.child.kill('SIGTERM');
		await child.exited;
	}
	for (const dir of dirs.splice(0)) removeDir(dir);
});

async function relayWith(config: Parameters<typeof startTestRelay>[0] = {}) {
	const relay = await startTestRelay(config);
	relays.push(relay);
	return relay;
}

interface Answer {
	status: number;
	retryAfter: string | undefined;
	body: { error?: string; groupId?: string };
}

function create(
	httpUrl: string,
	options: { headers?: Record<string, string>; body?: string; from?: string } = {}
): Promise<Answer> {
	const body = options.body ?? JSON.stringify({ name: 'Anonymous chapter' });
	return new Promise((resolve, reject) => {
		const req = request(
			`${httpUrl}/api/groups`,
			{
				method: 'POST',
				localAddress: options.from,
				headers: { 'Content-Type': 'application/json', ...options.headers }
			},
			(res) => {
				let text = '';
				res.on('data', (chunk: Buffer) => (text += chunk.toString()));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						retryAfter: res.headers['retry-after'],
						body: JSON.parse(text)
					})
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

describe('group creation per client address', () => {
	it('allows 20 a minute by default, then answers 429 with Retry-After', async () => {
		const relay = await relayWith();
		// A minute's 20 earn one back every 3 s: a busy machine may take longer than that to
		// make them, so what counts is that creation stops at 20 plus what was earned meanwhile.
		const started = performance.now();
		let created = 0;
		let refused = await create(relay.httpUrl);
		while (refused.status === 201 && created < 40) {
			created++;
			refused = await create(relay.httpUrl);
		}
		const earned = Math.floor((performance.now() - started) / 3_000);
		expect(created).toBeGreaterThanOrEqual(20);
		expect(created).toBeLessThanOrEqual(20 + earned);
		expect(refused.status).toBe(429);
		const refusedAt = performance.now();
		expect(refused.retryAfter).toMatch(/^[1-9][0-9]*$/);
		expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
		expect(refused.body.error).toMatch(/too many/);
		// Another address still creates.
		expect((await create(relay.httpUrl, { from: '127.0.0.2' })).status).toBe(201);
		const again = await create(relay.httpUrl);
		// Unless the first address earned one back meanwhile, it is still refused.
		if (performance.now() - refusedAt < 3_000) expect(again.status).toBe(429);
	});

	it('counts only groups created: refused requests cost nothing, parallel ones never overshoot', async () => {
		const relay = await relayWith({ createGroupRate: 3 });
		for (const body of ['not json', '{}', JSON.stringify({ name: '' })]) {
			expect((await create(relay.httpUrl, { body })).status).toBe(400);
		}
		const plain = await create(relay.httpUrl, { headers: { 'Content-Type': 'text/plain' } });
		expect(plain.status).toBe(415);
		const statuses = await Promise.all(
			Array.from({ length: 10 }, async () => (await create(relay.httpUrl)).status)
		);
		expect(statuses.filter((status) => status === 201)).toHaveLength(3);
		expect(statuses.filter((status) => status === 429)).toHaveLength(7);
	});

	it('has no limit at 0', async () => {
		const relay = await relayWith({ createGroupRate: 0 });
		for (let n = 0; n < 25; n++) expect((await create(relay.httpUrl)).status).toBe(201);
	});

	it('behind a proxy, counts the last hop of X-Forwarded-For and only that', async () => {
		const relay = await relayWith({ createGroupRate: 1, trustProxy: true });
		const via = (forwarded: string) =>
			create(relay.httpUrl, { headers: { 'X-Forwarded-For': forwarded } });
		expect((await via('203.0.113.7')).status).toBe(201);
		expect((await via('203.0.113.7')).status).toBe(429);
		// The hops before the last are the client's own words.
		expect((await via('198.51.100.1, 203.0.113.7')).status).toBe(429);
		expect((await via('203.0.113.7, 203.0.113.8')).status).toBe(201);
		// One IPv6 subscriber's /64 counts once.
		expect((await via('2001:db8:1:2::1')).status).toBe(201);
		expect((await via('2001:db8:1:2::ffff')).status).toBe(429);

		const direct = await relayWith({ createGroupRate: 1 });
		const spoofed = (forwarded: string) =>
			create(direct.httpUrl, { headers: { 'X-Forwarded-For': forwarded } });
		expect((await spoofed('203.0.113.1')).status).toBe(201);
		expect((await spoofed('203.0.113.2')).status).toBe(429);
	});

	it('reads CREATE_GROUP_RATE and TRUST_PROXY from the environment, and refuses bad values', async () => {
		const dataDir = tempDir();
		dirs.push(dataDir);
		const child = await spawnRelay({
			DATA_DIR: dataDir,
			CREATE_GROUP_RATE: '1',
			TRUST_PROXY: '1'
		});
		children.push(child);
		const via = (forwarded: string) =>
			create(child.httpUrl, { headers: { 'X-Forwarded-For': forwarded } });
		expect((await via('203.0.113.7')).status).toBe(201);
		expect((await via('203.0.113.7')).status).toBe(429);
		expect((await via('203.0.113.8')).status).toBe(201);

		const refused: Record<string, string>[] = [
			{ CREATE_GROUP_RATE: 'many' },
			{ CREATE_GROUP_RATE: '-1' },
			{ TRUST_PROXY: 'yes' }
		];
		for (const env of refused) {
			await expect(spawnRelay({ DATA_DIR: dataDir, ...env })).rejects.toThrow(
				/start_failed.*invalid (createGroupRate|trustProxy)/
			);
		}
	});
});
