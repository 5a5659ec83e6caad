/**
 * A hostile Markdown import does not freeze the relay: while imports of thousands of headings,
 * hundreds of kilobytes of bullets and of emphasis markers are built (or refused), a pair of
 * clients in another document keeps delivering edits to each other and /healthz answers. The
 * bounds are generous, for a busy machine; what the imports cost is measured by `npm run bench`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	connectClient,
	createGroup,
	randomId,
	sleep,
	startTestRelay,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';
import { hostileBodies } from '../bench/hostile-markdown.ts';

let relay: TestRelay;
let group: Group;
const clients: Client[] = [];

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Hostile imports');
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

/** The bodies of issue 13 that the liveness test posts at once (the bench posts them all). */
const HOSTILE = Object.fromEntries(
	hostileBodies().filter(([name]) =>
		[
			'4,000 headings (20 KB)',
			'400 KB of bullets in one list',
			'400 KB of bullets under 40 headings',
			'600 KB of emphasis markers'
		].includes(name)
	)
);

async function importMinutes(markdown: string): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: {
			'Content-Type': 'text/markdown; charset=utf-8',
			Authorization: `Bearer ${group.tokens.edit}`
		},
		body: markdown,
		signal: AbortSignal.timeout(120_000)
	});
	return { status: response.status, body: await response.json() };
}

describe('hostile Markdown imports', () => {
	it('leave other documents and the health check live', { timeout: 240_000 }, async () => {
		const document = `${group.groupId}/${randomId()}`;
		const [a, b] = [0, 1].map(() => connectClient(relay.syncUrl, document, group.tokens.edit));
		clients.push(a, b);
		await Promise.all([waitSynced(a), waitSynced(b)]);

		// Each ping and health check is due at a fixed time; the wait counts from then, so a stall
		// of the event loop counts whether it came while a message was on its way or before.
		const started = Date.now();
		let isDone = false;
		let worstDelivery = 0;
		let deliveries = 0;
		const deliver = (async () => {
			for (let n = 1; !isDone; n++) {
				const due = started + n * 100;
				await sleep(due - Date.now());
				a.doc.getMap('ping').set('n', n);
				await waitFor(() => b.doc.getMap('ping').get('n') === n, {
					timeout: 120_000,
					message: `delivery ${n}`
				});
				worstDelivery = Math.max(worstDelivery, Date.now() - due);
				deliveries++;
			}
		})();
		let worstHealth = 0;
		const health = (async () => {
			for (let n = 1; !isDone; n++) {
				const due = started + n * 200;
				await sleep(due - Date.now());
				const response = await fetch(`${relay.httpUrl}/healthz`, {
					signal: AbortSignal.timeout(120_000)
				});
				expect(response.status).toBe(200);
				worstHealth = Math.max(worstHealth, Date.now() - due);
			}
		})();

		expect(Object.keys(HOSTILE)).toHaveLength(4);
		const results = await Promise.all(
			Object.entries(HOSTILE).map(async ([name, markdown]) => {
				const sent = Date.now();
				const { status, body } = await importMinutes(markdown);
				return { name, status, body, ms: Date.now() - sent };
			})
		);
		isDone = true;
		await Promise.all([deliver, health]);

		for (const { name, status, body, ms } of results) {
			// Built, or refused as more than one import may build: either way, with JSON, in time.
			expect([201, 413], name).toContain(status);
			expect(body, name).toHaveProperty(status === 201 ? 'meetingId' : 'error');
			expect(ms, name).toBeLessThan(60_000);
		}
		console.log(
			JSON.stringify({
				results: results.map(({ name, status, ms }) => ({ name, status, ms })),
				worstDelivery,
				worstHealth,
				deliveries
			})
		);
		expect(deliveries).toBeGreaterThan(0);
		expect(worstDelivery).toBeLessThan(5_000);
		expect(worstHealth).toBeLessThan(5_000);
	});

	it('refuses an import past its time, and a flood, while the relay carries on', async () => {
		const small = await startTestRelay({
			importWorkers: 1,
			importQueue: 0,
			importTimeoutMs: 10_000
		});
		try {
			const own = await createGroup(small.httpUrl, 'One import at a time');
			const post = (markdown: string) =>
				fetch(`${small.httpUrl}/api/groups/${own.groupId}/meetings`, {
					method: 'POST',
					headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${own.tokens.edit}` },
					body: markdown
				});
			// Lists nested a thousand levels deep: the parser alone takes minutes over them.
			let deep = '# Deep\n\n## Item\n\n';
			for (let i = 0; i < 1_400; i++) deep += `${'  '.repeat(i)}- d${i}\n`;
			const slow = post(deep);
			// Its body is read and its build started well before anything else is sent.
			await sleep(1_000);
			await waitFor(
				async () => {
					const response = await post('# Another\n');
					if (response.status !== 503) return false;
					expect(response.headers.get('retry-after')).toBe('5');
					expect(await response.json()).toHaveProperty('error');
					return true;
				},
				{ timeout: 30_000, message: 'a busy answer' }
			);
			expect((await fetch(`${small.httpUrl}/healthz`)).status).toBe(200);
			const refused = await slow;
			expect(refused.status).toBe(413);
			expect(((await refused.json()) as { error: string }).error).toMatch(/more than|longer than/);
			// The next import gets a fresh worker.
			expect((await post('# After\n\n## 1. Item\n')).status).toBe(201);
		} finally {
			await small.close();
		}
	}, 120_000);
});
