/**
 * A rate limit per key (a client address): a token bucket of `perMinute` tokens for each key,
 * refilled evenly over a minute, so a key may spend its whole minute at once and then one every
 * `60 / perMinute` seconds.
 *
 * Memory stays bounded whatever the number of keys: the buckets live in a map of at most
 * `maxKeys` entries, least recently used first, and the oldest is dropped to make room. A
 * dropped key starts again with a full bucket, which an attacker with more addresses than
 * `maxKeys` could use; but such an attacker already has `perMinute` for each address.
 */

interface Bucket {
	tokens: number;
	/** When `tokens` was last brought up to date (ms, `now()`'s clock). */
	at: number;
}

export type Grant = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
	private readonly buckets = new Map<string, Bucket>();
	private readonly perMs: number;

	constructor(
		private readonly perMinute: number,
		private readonly maxKeys = 10_000,
		private readonly now: () => number = () => performance.now()
	) {
		this.perMs = perMinute / 60_000;
	}

	/** Takes one from `key`'s bucket, or says how long until one is there. */
	take(key: string): Grant {
		const bucket = this.bucket(key);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return { ok: true };
		}
		const waitMs = (1 - bucket.tokens) / this.perMs;
		// Less a hair, so that a wait of exactly 1 s after rounding errors is not told as 2.
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)) };
	}

	/** Gives back what `take` took, for a request that did not go through after all. */
	refund(key: string): void {
		const bucket = this.buckets.get(key);
		if (bucket) bucket.tokens = Math.min(this.perMinute, bucket.tokens + 1);
	}

	/** How many keys are held. */
	get size(): number {
		return this.buckets.size;
	}

	private bucket(key: string): Bucket {
		const now = this.now();
		let bucket = this.buckets.get(key);
		if (bucket) {
			this.buckets.delete(key);
			bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
			bucket.at = now;
		} else {
			bucket = { tokens: this.perMinute, at: now };
		}
		// Re-inserted last: the map's order is least recently used first.
		this.buckets.set(key, bucket);
		if (this.buckets.size > this.maxKeys) {
			this.buckets.delete(this.buckets.keys().next().value!);
		}
		return bucket;
	}
}
