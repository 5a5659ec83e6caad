/**
 * What a floor view builds on opening: this device's id, the relay clock and the Facilitation
 * over the meeting's two documents, with the display name hands are raised under. One
 * `destroy()` undoes it all.
 */
import type * as Y from 'yjs';
import { randomId } from '$lib/model/ids';
import type { AccessRole } from '$lib/protocol/token-format';
import { GUEST, presenceUser } from '../profile';
import { Facilitation } from './facilitation.svelte';
import { RelayClock } from './relay-clock.svelte';

const DEVICE_KEY = 'plenary-device-id';

/** This browser's id for the floor (hands, check-ins, ballots): made once, kept locally. */
export function deviceId(): string {
	try {
		const known = localStorage.getItem(DEVICE_KEY);
		if (known && /^[A-Za-z0-9_-]{8,64}$/.test(known)) return known;
		const made = randomId(22);
		localStorage.setItem(DEVICE_KEY, made);
		return made;
	} catch {
		return randomId(22);
	}
}

export class LiveFloor {
	readonly clock: RelayClock;
	readonly facilitation: Facilitation;
	name = $state(GUEST.name);

	constructor(options: { minutes: Y.Doc; floor: Y.Doc; groupId: string; role: AccessRole }) {
		this.clock = new RelayClock(options.groupId);
		this.facilitation = new Facilitation({
			minutes: options.minutes,
			floor: options.floor,
			role: options.role,
			device: deviceId(),
			name: () => this.name,
			clock: this.clock
		});
		void presenceUser().then(
			(user) => (this.name = user.name),
			() => {}
		);
	}

	destroy(): void {
		this.facilitation.destroy();
		this.clock.destroy();
	}
}
