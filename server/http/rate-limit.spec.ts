import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
	it('grants a minute’s worth at once, then one as each is earned back', () => {
		let now = 0;
		const limiter = new RateLimiter(20, 100, () => now);
		for (let n = 0; n < 20; n++) expect(limiter.take('a')).toEqual({ ok: true });
		expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 3 });
		expect(limiter.take('b')).toEqual({ ok: true });
		now += 2_000;
		expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
		now += 1_000;
		expect(limiter.take('a')).toEqual({ ok: true });
		expect(limiter.take('a').ok).toBe(false);
		now += 10 * 60_000;
		for (let n = 0; n < 20; n++) expect(limiter.take('a').ok).toBe(true);
	});

	it('gives back a refund, never past a full bucket', () => {
		const limiter = new RateLimiter(1, 100, () => 0);
		expect(limiter.take('a').ok).toBe(true);
		limiter.refund('a');
		limiter.refund('a');
		expect(limiter.take('a').ok).toBe(true);
		expect(limiter.take('a').ok).toBe(false);
	});

	it('holds at most maxKeys keys, dropping the least recently used', () => {
		const limiter = new RateLimiter(1, 1_000, () => 0);
		expect(limiter.take('kept').ok).toBe(true);
		for (let n = 0; n < 100_000; n++) {
			limiter.take(`10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`);
			if (n % 500 === 0) expect(limiter.take('kept').ok).toBe(false);
		}
		expect(limiter.size).toBe(1_000);
	});
});
