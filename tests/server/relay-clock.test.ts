/**
 * `GET /api/time` (docs/contract.md): the relay's clock, for devices to measure their offset to
 * it; and the client's measurement against the real relay.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { measureRelayOffset, offsetFromSamples } from '../../src/lib/sync/relay-clock';
import { startTestRelay, type TestRelay } from '../utils/relay.ts';

let relay: TestRelay;

beforeAll(async () => {
	relay = await startTestRelay();
});

afterAll(async () => {
	await relay.close();
});

it('answers its clock in ms, uncached, to any origin, to GET and HEAD only', async () => {
	const before = Date.now();
	const res = await fetch(`${relay.httpUrl}/api/time`);
	const after = Date.now();
	expect(res.status).toBe(200);
	expect(res.headers.get('cache-control')).toContain('no-store');
	// The app served by another relay measures this one's clock too.
	expect(res.headers.get('access-control-allow-origin')).toBe('*');
	const body = (await res.json()) as { now: number };
	expect(body.now).toBeGreaterThanOrEqual(before);
	expect(body.now).toBeLessThanOrEqual(after);
	expect((await fetch(`${relay.httpUrl}/api/time`, { method: 'HEAD' })).status).toBe(200);
	const post = await fetch(`${relay.httpUrl}/api/time`, { method: 'POST' });
	expect(post.status).toBe(405);
});

it('a device whose clock is 7 minutes fast measures about −7 minutes against the relay', async () => {
	const skew = 7 * 60_000;
	const offset = await measureRelayOffset(relay.httpUrl, { now: () => Date.now() + skew });
	expect(offset).not.toBeNull();
	// Right to half a round trip on loopback; generous for a busy machine.
	expect(Math.abs(offset! + skew)).toBeLessThan(2_000);
});

it('takes the quickest round trip and skips broken samples', () => {
	expect(
		offsetFromSamples([
			{ sentAt: 0, receivedAt: 1000, relayNow: 5000 },
			{ sentAt: 2000, receivedAt: 2010, relayNow: 7005 },
			{ sentAt: 10, receivedAt: 5, relayNow: 0 }
		])
	).toBe(5000);
	expect(offsetFromSamples([])).toBeNull();
});
