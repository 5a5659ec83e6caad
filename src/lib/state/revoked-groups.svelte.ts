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
	/** Tokens their relay answered about (accepted or refused): each is asked about once. */
	#checkedTokens = new Set<string>();
	#asking = new Set<string>();
	/** Per group, how many times new tokens were stored: a check begun before is stale. */
	#renewals = new Map<string, number>();

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
		this.#renewals.set(groupId, (this.#renewals.get(groupId) ?? 0) + 1);
	}

	/**
	 * Asks the group's relay whether this device's link still works, until it has answered for
	 * this token (offline or unreachable, it is asked again next time).
	 */
	async checkLink(group: GroupRecord): Promise<void> {
		const token = group.tokens[group.role];
		const claims = parseToken(token);
		if (!group.relayUrl || !token || !claims) return;
		if (this.#checkedTokens.has(token) || this.#asking.has(token)) return;
		this.#asking.add(token);
		const renewals = this.#renewals.get(group.id);
		const { checkInvite } = await import('$lib/sync/relay-api');
		const result = await checkInvite(group.relayUrl, token, claims).finally(() =>
			this.#asking.delete(token)
		);
		if (result.ok || result.kind === 'refused') this.#checkedTokens.add(token);
		// Unless new tokens were stored meanwhile (a new link joined, links replaced here).
		if (!result.ok && result.kind === 'refused' && renewals === this.#renewals.get(group.id)) {
			this.#ids.add(group.id);
		}
	}
}

export const revokedGroups = new RevokedGroups();
