/**
 * Documents whose changes the relay refused as too large on this device during this session
 * (refusals.ts, kind `too-large`), as reactive state for the screens: the change and every later
 * one of this device wait unsent until what made it too large is removed and the page reloaded.
 */
import { SvelteSet } from 'svelte/reactivity';
import { onRefusal } from '$lib/sync/refusals';

class TooLargeDocuments {
	#names = new SvelteSet<string>();

	constructor() {
		onRefusal((refusal) => {
			if (refusal.kind === 'too-large') this.#names.add(refusal.name);
		});
	}

	/** Whether a change to any of `names` was refused as too large. */
	hasAny(names: string[]): boolean {
		return names.some((name) => this.#names.has(name));
	}
}

export const tooLargeDocuments = new TooLargeDocuments();
