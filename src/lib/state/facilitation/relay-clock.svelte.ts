/**
 * This device's view of the relay's clock: the offset measured when the relay answers
 * (sync/relay-clock.ts), kept in localStorage per relay so a device that goes offline, or opens
 * offline, still writes and reads times on the relay's clock as it last knew it. Without a relay
 * (a local notebook) the offset is 0. Measured each time a document of the group connects to its
 * relay, never while it is out of reach: a failed request would only be noise in the console.
 */
import { onDocumentsChange } from '$lib/documents/status-events';
import { getDatabase } from '$lib/storage/db';
import { relayTargetFor } from '$lib/storage/groups';
import { measureRelayOffset } from '$lib/sync/relay-clock';

const KEY = 'plenary-relay-offset:';

function stored(groupId: string): number {
	try {
		const value = Number(localStorage.getItem(KEY + groupId));
		return Number.isFinite(value) ? value : 0;
	} catch {
		return 0;
	}
}

export class RelayClock {
	/** relay time − this device's time, in ms */
	offset = $state(0);
	/** whether the offset was measured in this session (else: the last one known, or 0) */
	isMeasured = $state(false);

	#groupId: string;
	#isDestroyed = false;
	#isConnected = false;
	#stopWatching: () => void;

	constructor(groupId: string) {
		this.#groupId = groupId;
		this.offset = stored(groupId);
		this.#stopWatching = onDocumentsChange((snapshot) => {
			const isConnected = snapshot.statuses.some(
				(s) => s.groupId === groupId && s.relay?.phase === 'connected'
			);
			if (isConnected && !this.#isConnected) void this.measure();
			this.#isConnected = isConnected;
		});
	}

	/** The relay's time now, as this device best knows it. */
	now(): number {
		return Date.now() + this.offset;
	}

	async measure(): Promise<void> {
		try {
			const target = await relayTargetFor(getDatabase(), this.#groupId);
			if (!target || this.#isDestroyed) return;
			const offset = await measureRelayOffset(target.relayUrl);
			if (offset === null || this.#isDestroyed) return;
			this.offset = offset;
			this.isMeasured = true;
			localStorage.setItem(KEY + this.#groupId, String(offset));
		} catch {
			// Not measured: the last offset known stays.
		}
	}

	destroy(): void {
		this.#isDestroyed = true;
		this.#stopWatching();
	}
}
