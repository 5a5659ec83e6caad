/**
 * Who else is in the meeting and on which item, from the room's awareness (other people's
 * devices write it, so it is read defensively); and this person's name, colour and item there.
 */
import type { Awareness } from 'y-protocols/awareness';
import { readPresence, type PresencePerson, type PresenceUser } from '../group-presence.svelte';
import { groupBy } from './rows';

/** `color` as `#rrggbb`: y-prosemirror draws remote cursors only in that form. */
export type MeetingUser = PresenceUser;

export interface Peer extends PresencePerson {
	/** The agenda item they are on, if any. */
	itemId: string | null;
}

/** The awareness field this screen writes besides `user` and y-prosemirror's `cursor`. */
interface PresenceState {
	item?: unknown;
}

/** Everyone else in the room with a name, and the item each one is on. */
export function readPeers(awareness: Awareness): Peer[] {
	const states = awareness.getStates() as Map<number, Record<string, unknown>>;
	return readPresence(states, awareness.clientID).map((person) => {
		const item = states.get(person.clientId)?.item;
		return { ...person, itemId: typeof item === 'string' ? item : null };
	});
}

export class MeetingPresence {
	peers: Peer[] = $state.raw([]);
	peersByItem: Map<string, Peer[]> = $derived(groupBy(this.peers, (p) => p.itemId ?? undefined));

	#awareness: Awareness | null;
	#off: (() => void) | null = null;

	constructor(awareness: Awareness | null, user?: MeetingUser | null) {
		this.#awareness = awareness;
		if (!awareness) return;
		if (user) this.setUser(user);
		const onChange = () => (this.peers = readPeers(awareness));
		awareness.on('change', onChange);
		this.#off = () => awareness.off('change', onChange);
		onChange();
	}

	/** Who this person is to the others in the room (their cursor label and avatar). */
	setUser(user: MeetingUser) {
		this.#awareness?.setLocalStateField('user', { name: user.name, color: user.color });
	}

	/** Tell the others which item this person is on (null: none). */
	setItem(id: string | null) {
		const state = this.#awareness?.getLocalState() as PresenceState | null | undefined;
		if (this.#awareness && state?.item !== id) this.#awareness.setLocalStateField('item', id);
	}

	destroy() {
		this.#off?.();
		this.#awareness?.setLocalStateField('item', null);
	}
}
