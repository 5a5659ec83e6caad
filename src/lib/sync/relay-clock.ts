/**
 * The relay's clock as seen from this device: `GET /api/time` answers `{"now": <ms>}`
 * (docs/contract.md). The offset is taken from the quickest of a few round trips, assuming the
 * answer was made half-way through it, so it is right to about half that round trip whatever
 * this device's clock says. Facilitation stores times on the relay's clock (docs/facilitation.md).
 */
import { relayOrigin } from '../protocol/invite-links';

export interface ClockSample {
	/** this device's clock when the request left, and when the answer came */
	sentAt: number;
	receivedAt: number;
	/** the relay's clock in its answer */
	relayNow: number;
}

/** relay time − device time, from the sample with the shortest round trip; null without one. */
export function offsetFromSamples(samples: readonly ClockSample[]): number | null {
	let best: ClockSample | null = null;
	for (const s of samples) {
		if (!(s.receivedAt >= s.sentAt) || !Number.isFinite(s.relayNow)) continue;
		if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
	}
	return best ? Math.round(best.relayNow - (best.sentAt + best.receivedAt) / 2) : null;
}

/** Measure the offset to the relay at `relayUrl`; null when it cannot be reached. */
export async function measureRelayOffset(
	relayUrl: string,
	options: { rounds?: number; now?: () => number } = {}
): Promise<number | null> {
	const now = options.now ?? (() => Date.now());
	const samples: ClockSample[] = [];
	for (let i = 0; i < (options.rounds ?? 3); i++) {
		try {
			const sentAt = now();
			const response = await fetch(`${relayOrigin(relayUrl)}/api/time`);
			const receivedAt = now();
			if (!response.ok) break;
			const body = (await response.json()) as { now?: unknown };
			if (typeof body.now !== 'number') break;
			samples.push({ sentAt, receivedAt, relayNow: body.now });
		} catch {
			break;
		}
	}
	return offsetFromSamples(samples);
}
