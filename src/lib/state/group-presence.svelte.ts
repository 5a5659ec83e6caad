/**
 * Who is online in a group: awareness on the group's directory document, which every member
 * can read and share awareness on (the relay lets read-only connections share it too). This
 * device announces its display name and colour there while the meetings list is open.
 *
 * Documents are opened through `import()`, so the first screen never waits on Yjs. `destroy()`
 * clears this device's state and releases the document.
 *
 * `groupPresence(groupId)` keeps one per group for the session, so a person reading a meeting
 * still shows as online in the group; `dropGroupPresence` ends it (before the group is left or
 * its links are replaced, so the directory document can close). While any is kept, a new name
 * or colour saved in this tab or another reaches the others at once (`followProfile`).
 */
import type { DocumentHandle } from '$lib/documents/registry';
import { asPresenceUser, followProfile, GUEST } from './profile';

export interface PresencePerson {
	clientId: number;
	name: string;
	color: string;
}

export interface PresenceUser {
	name: string;
	color: string;
}

/** Everyone but this device with a name, from awareness states. */
export function readPresence(
	states: Map<number, Record<string, unknown>>,
	selfId: number
): PresencePerson[] {
	const people: PresencePerson[] = [];
	for (const [clientId, state] of states) {
		if (clientId === selfId) continue;
		const user = state.user as { name?: unknown; color?: unknown } | undefined;
		if (!user || typeof user.name !== 'string' || !user.name.trim()) continue;
		const color =
			typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#555555';
		people.push({ clientId, name: user.name.trim().slice(0, 80), color });
	}
	return people.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

export class GroupPresence {
	people: PresencePerson[] = $state.raw([]);

	#handle: DocumentHandle | null = null;
	#isDestroyed = false;
	#off: (() => void) | null = null;

	constructor(groupId: string, user: Promise<PresenceUser>) {
		void this.#start(groupId, user);
	}

	async #start(groupId: string, user: Promise<PresenceUser>) {
		const [{ openDocument }, { directoryDocumentName }] = await Promise.all([
			import('$lib/documents/registry'),
			import('$lib/protocol/document-names')
		]);
		if (this.#isDestroyed) return;
		const handle = (this.#handle = openDocument(directoryDocumentName(groupId)));
		const awareness = handle.awareness;
		const refresh = () => {
			this.people = readPresence(
				awareness.getStates() as Map<number, Record<string, unknown>>,
				awareness.clientID
			);
		};
		awareness.on('change', refresh);
		this.#off = () => awareness.off('change', refresh);
		refresh();
		const me = await user.catch(() => GUEST);
		if (!this.#isDestroyed) awareness.setLocalStateField('user', me);
	}

	/** A new name or colour from the profile, shown to the others at once. */
	setUser(user: PresenceUser) {
		if (!this.#isDestroyed) this.#handle?.awareness.setLocalStateField('user', user);
	}

	destroy() {
		this.#isDestroyed = true;
		this.#off?.();
		this.#handle?.awareness.setLocalStateField('user', null);
		this.#handle?.release();
		this.#handle = null;
	}
}

// One per group for the session; not state: nothing renders from the map itself.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const live = new Map<string, GroupPresence>();
let stopFollowingProfile: (() => void) | null = null;

export function groupPresence(groupId: string, user: () => Promise<PresenceUser>): GroupPresence {
	let presence = live.get(groupId);
	if (!presence) {
		presence = new GroupPresence(groupId, user());
		live.set(groupId, presence);
	}
	stopFollowingProfile ??= followProfile((profile) => updatePresenceUser(asPresenceUser(profile)));
	return presence;
}

export function dropGroupPresence(groupId: string): void {
	live.get(groupId)?.destroy();
	live.delete(groupId);
	if (live.size === 0) {
		stopFollowingProfile?.();
		stopFollowingProfile = null;
	}
}

/** Tells every group this device is present in about a new name or colour. */
export function updatePresenceUser(user: PresenceUser): void {
	for (const presence of live.values()) presence.setUser(user);
}
