/**
 * The review parts fetched on first use: the thread lists with their forms, and the member
 * comments under the published minutes. The meeting screen's first paint needs neither; the
 * service worker precaches every chunk, so they open offline too.
 */
let threadPanel: Promise<typeof import('./ThreadPanel.svelte')> | null = null;
let publicComments: Promise<typeof import('./PublicComments.svelte')> | null = null;

export function loadThreadPanel() {
	threadPanel ??= import('./ThreadPanel.svelte').catch((error: unknown) => {
		threadPanel = null;
		throw error;
	});
	return threadPanel;
}

export function loadPublicComments() {
	publicComments ??= import('./PublicComments.svelte').catch((error: unknown) => {
		publicComments = null;
		throw error;
	});
	return publicComments;
}
