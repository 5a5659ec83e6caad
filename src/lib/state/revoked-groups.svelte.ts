/**
 * Groups whose invite link the relay no longer accepts on this device (the group's links were
 * replaced elsewhere), as reactive state for the screens. Fed by the relay's refusals and, when
 * a group's relay stays unreachable, by asking the relay whether the link still works: a link
 * refused at the websocket upgrade looks like an unreachable relay to a browser.
 */
import { SvelteSet } from 'svelte/reactivity';
import { parseToken } from '$lib/protocol/token-format';
import type { GroupRecord } from '$lib/storage/db';
import { forgetRevoked, isGroupRevoked, onRefusal } from '$lib/sync/refusals';

class RevokedGroups {
	#ids = new SvelteSet<string>();
	/** Groups whose link was checked with the relay since it was last stored. */
	#checked = new Set<string>();

	constructor() {
		onRefusal((refusal) => {
			if (refusal.kind === 'revoked') this.#ids.add(refusal.groupId);
		});
	}

	has(groupId: string): boolean {
		return this.#ids.has(groupId) || isGroupRevoked(groupId);
	}

	/** After new tokens are stored for the group (a new link joined, links replaced here). */
	forget(groupId: string): void {
		forgetRevoked(groupId);
		this.#ids.delete(groupId);
		this.#checked.delete(groupId);
	}

	/** Asks the group's relay, once, whether this device's link still works. */
	async checkLink(group: GroupRecord): Promise<void> {
		const token = group.tokens[group.role];
		const claims = parseToken(token);
		if (!group.relayUrl || !token || !claims || this.#checked.has(group.id)) return;
		this.#checked.add(group.id);
		const { checkInvite } = await import('$lib/sync/relay-api');
		const result = await checkInvite(group.relayUrl, token, claims);
		if (!result.ok && result.kind === 'refused') this.#ids.add(group.id);
	}
}

export const revokedGroups = new RevokedGroups();
