/** A token bucket: `capacity` tokens, refilled at `perSecond`; `take` says whether there were enough. */
export class TokenBucket {
	private tokens: number;
	private updatedAt = performance.now();

	constructor(
		private readonly capacity: number,
		private readonly perSecond: number
	) {
		this.tokens = capacity;
	}

	take(amount = 1): boolean {
		const now = performance.now();
		this.tokens = Math.min(
			this.capacity,
			this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond
		);
		this.updatedAt = now;
		if (this.tokens < amount) return false;
		this.tokens -= amount;
		return true;
	}
}
