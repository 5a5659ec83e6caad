/**
 * Page model of the meetings list and the app bar's sync status, found by role and name
 * (docs/contract.md, "Names on screen"), plus what browser tests need to set a device up: storing a
 * group the way joining does and waiting for the service worker.
 */
import type { Page } from 'playwright-core';

export interface RelayGroup {
	groupId: string;
	name: string;
	tokens: { edit: string; comment: string; view: string };
}

/** `POST /api/groups` on the relay. */
export async function createRelayGroup(
	baseUrl: string,
	name = 'Test chapter'
): Promise<RelayGroup> {
	const response = await fetch(`${baseUrl}/api/groups`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ name })
	});
	if (response.status !== 201) throw new Error(`POST /api/groups: ${response.status}`);
	return (await response.json()) as RelayGroup;
}

/** What the profile screen stores: the name and colour others see. */
export interface Profile {
	displayName: string;
	colour: string;
}

export class MeetingsListPage {
	constructor(readonly page: Page) {}

	async goto(baseUrl: string) {
		await this.page.goto(baseUrl);
		await this.heading.waitFor();
	}

	get heading() {
		return this.page.getByRole('heading', { name: 'Meetings' });
	}
	get status() {
		return this.page.getByRole('status').first();
	}
	get newMeetingButton() {
		return this.page.getByRole('button', { name: /new meeting/i });
	}
	meetingLink(title: string | RegExp) {
		return this.page.getByRole('link', { name: title });
	}

	async statusText(): Promise<string> {
		return ((await this.status.textContent()) ?? '').trim();
	}

	/** Polls the status until it matches; fails with the last text seen. */
	async waitForStatus(pattern: RegExp, timeout = 15_000): Promise<string> {
		const deadline = Date.now() + timeout;
		let text = '';
		while (Date.now() < deadline) {
			text = await this.statusText();
			if (pattern.test(text)) return text;
			await this.page.waitForTimeout(50);
		}
		throw new Error(`status never matched ${pattern}; last: "${text}"`);
	}

	/**
	 * Waits until the service worker controls the page, so a reload works offline; fails with a
	 * message after 20 s.
	 */
	async waitForServiceWorker() {
		await this.page.evaluate(async () => {
			const controlled = (async () => {
				await navigator.serviceWorker.ready;
				if (!navigator.serviceWorker.controller) {
					await new Promise((resolve) =>
						navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
					);
				}
			})();
			const late = new Promise((_, reject) =>
				setTimeout(
					() => reject(new Error('no service worker controls the page after 20 s')),
					20_000
				)
			);
			await Promise.race([controlled, late]);
		});
	}

	/**
	 * Stores a relay group on this device as joining it will (the `groups` table, strongest
	 * token, made current), and a display name and colour when given, then reloads so the app
	 * starts syncing it.
	 */
	async joinGroup(
		group: RelayGroup,
		relayUrl: string,
		profile?: Profile,
		role: 'edit' | 'comment' | 'view' = 'edit'
	) {
		await this.heading.waitFor();
		await this.page.evaluate(
			async ({ group, relayUrl, profile, role }) => {
				// The app creates its database lazily, maybe after the heading shows. Opening it
				// first would create an empty version 1 that blocks the app's own upgrade: such an
				// upgrade is aborted (which deletes what it made) and tried again shortly.
				const openMade = () =>
					new Promise<IDBDatabase | null>((resolve, reject) => {
						const request = indexedDB.open('plenary');
						request.onupgradeneeded = () => request.transaction!.abort();
						request.onsuccess = () => resolve(request.result);
						request.onerror = () =>
							request.error?.name === 'AbortError' ? resolve(null) : reject(request.error);
					});
				let db = await openMade();
				for (let waited = 0; !db?.objectStoreNames.contains('groups'); waited += 50) {
					db?.close();
					if (waited > 15_000) throw new Error('the app did not create its database in 15 s');
					await new Promise((resolve) => setTimeout(resolve, 50));
					db = await openMade();
				}
				const tx = db.transaction(['groups', 'settings', 'profile'], 'readwrite');
				tx.objectStore('groups').put({
					id: group.groupId,
					name: group.name,
					relayUrl,
					// A weaker role holds only its own token, as joining by its link gives.
					tokens: role === 'edit' ? group.tokens : { [role]: group.tokens[role] },
					role,
					joinedAt: new Date().toISOString(),
					isLocal: false
				});
				tx.objectStore('settings').put({ key: 'current-group', value: group.groupId });
				if (profile) tx.objectStore('profile').put({ id: 'me', ...profile });
				await new Promise((resolve, reject) => {
					tx.oncomplete = resolve;
					tx.onerror = () => reject(tx.error);
				});
				db.close();
			},
			{ group, relayUrl, profile, role }
		);
		await this.page.reload();
		await this.heading.waitFor();
	}

	/** "New meeting": waits for the meeting screen's title field. */
	async newMeeting() {
		await this.newMeetingButton.click();
		await this.page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
		const [, groupId, meetingId] = new URL(this.page.url()).pathname.split('/').slice(1);
		return { groupId, meetingId };
	}
}
