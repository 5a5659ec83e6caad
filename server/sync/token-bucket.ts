/**
 * A token bucket of `capacity` tokens refilled at `perSecond`. `consume` may overdraw it: the
 * caller then waits (pauses reading) until the debt is paid, and gives up on a connection whose
 * debt exceeds a whole bucket.
 */
export class TokenBucket {
	private tokens: number;
	private updatedAt = performance.now();

	constructor(
		private readonly capacity: number,
		private readonly perSecond: number
	) {
		this.tokens = capacity;
	}

	/** Takes `amount` only when there is enough. */
	take(amount = 1): boolean {
		this.refill();
		if (this.tokens < amount) return false;
		this.tokens -= amount;
		return true;
	}

	/** Takes `amount`, overdrawing if need be; returns the milliseconds until the debt is paid. */
	consume(amount = 1): number {
		this.refill();
		this.tokens -= amount;
		return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
	}

	/** More than a whole bucket owed. */
	get isOverdrawn(): boolean {
		return this.tokens < -this.capacity;
	}

	private refill(): void {
		const now = performance.now();
		this.tokens = Math.min(
			this.capacity,
			this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond
		);
		this.updatedAt = now;
	}
}
