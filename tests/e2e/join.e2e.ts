/**
 * Joining by invite link at phone size: the token leaves the address bar, a name and
 * "Join" show the group's meetings; joining twice, a rotated link and no network each get
 * clear words; a viewer and a commenter see only what they may do, and what a tampered page
 * sends is refused by the relay and said on screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	addAgendaItem,
	commentThreads,
	createMeeting,
	header,
	newMeetingId,
	setItemNotes
} from '../../src/lib/model';
import { allowTestHooks, JoinPage } from './pages/join-page';
import { createRelayGroup, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';
import { readFromRelay, waitForRelay } from './support/relay-reader';

let server: AppServer;
let browser: Browser;
let group: RelayGroup;
let meetingId: string;

/** A refused websocket upgrade is logged by Chromium itself; that one is expected. */
const isRefusedSocket = (message: string) => /WebSocket connection to .* failed/.test(message);

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	group = await createRelayGroup(server.url, 'Riverside chapter');
	meetingId = newMeetingId();
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId, title: 'March general meeting', date: '2026-03-03' });
	setItemNotes(doc, addAgendaItem(doc, { title: 'Welcome' }), 'Fourteen members present');
	const provider = new WebsocketProvider(
		`${server.url.replace('http', 'ws')}/sync`,
		`${group.groupId}/${meetingId}`,
		doc,
		{
			params: { token: group.tokens.edit },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		}
	);
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	await waitForRelay(server.url, group.groupId, group.tokens.view, (d) =>
		d.getMap('meetings').has(meetingId)
	);
	provider.destroy();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const link = (token: string) => `${server.url}/join#${token}`;

test('join by link at phone size: name, Join, the meetings; twice; rotated; offline', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const join = new JoinPage(page);

	await join.open(link(group.tokens.comment));
	expect(new URL(page.url()).hash).toBe('');
	expect(page.url()).not.toContain(group.tokens.comment);
	await expect.poll(() => page.getByText(/lets you comment/i).count()).toBe(1);
	await page.getByText('You are invited to “Riverside chapter”.').waitFor();
	expect(await seriousAxeViolations(page)).toEqual([]);

	await join.name.fill('Ada');
	await join.joinButton.click();
	await page.getByRole('link', { name: 'March general meeting' }).waitFor();
	await page.getByText('You joined “Riverside chapter”: you can comment.').waitFor();
	expect(await page.getByRole('button', { name: /new meeting/i }).count()).toBe(0);

	// Again, with the view link: still a member; the name is remembered.
	await join.open(link(group.tokens.view));
	await expect.poll(() => join.name.inputValue()).toBe('Ada');
	await join.joinButton.click();
	await page.getByText(/already in “Riverside chapter”/).waitFor();
	await page.getByRole('link', { name: 'March general meeting' }).waitFor();

	// No network at join time.
	await join.open(link(group.tokens.edit));
	await context.setOffline(true);
	await join.joinButton.click();
	await join.alert.filter({ hasText: /offline/i }).waitFor();
	await page.getByRole('link', { name: 'open its meetings' }).waitFor();
	await context.setOffline(false);

	// A link that was rotated away.
	const other = await createRelayGroup(server.url, 'Rotated chapter');
	await rotate(other);
	await join.open(link(other.tokens.view));
	// Said as the page opens, before anyone types a name.
	await join.alert.filter({ hasText: /no longer works.*new link/i }).waitFor();
	await join.name.fill('Ada');
	await join.joinButton.click();
	await join.alert.filter({ hasText: /no longer works.*new link/i }).waitFor();
	await join.open(`${server.url}/join#nonsense`);
	await join.alert.filter({ hasText: /incomplete/i }).waitFor();

	expect(errors.filter((e) => !isRefusedSocket(e))).toEqual([]);
	await context.close();
});

async function rotate(g: RelayGroup) {
	const response = await fetch(`${server.url}/api/groups/${g.groupId}/rotate`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${g.tokens.edit}` }
	});
	expect(response.status).toBe(200);
}

/** Joins with `token` and opens the meeting. */
async function openAs(token: string, name: string): Promise<Page> {
	const context = await newContext(browser, PHONE);
	await allowTestHooks(context);
	const page = await context.newPage();
	await new JoinPage(page).join(link(token), name);
	await page.getByRole('link', { name: 'March general meeting' }).click();
	await page.getByRole('heading', { name: 'March general meeting' }).waitFor();
	return page;
}

/** What a tampered page does: write to the minutes although the screen offers no control. */
async function forceTitleEdit(page: Page) {
	await page.evaluate(() => {
		const hooks = (window as unknown as { __plenaryTest: { minutes: Y.Doc } }).__plenaryTest;
		(hooks.minutes.getMap('header').get('title') as Y.Text).insert(0, 'HACKED ');
	});
}

test('a viewer and a commenter see only what they may do; the relay refuses the rest', async () => {
	const viewer = await openAs(group.tokens.view, 'Vera');
	const viewerErrors = watchErrors(viewer);
	await viewer.getByText('Fourteen members present').waitFor();
	await viewer.getByText('You can only view these minutes.').waitFor();
	for (const name of ['Title', 'Agenda item title', 'Notes', 'Comment']) {
		expect(await viewer.getByRole('textbox', { name }).count()).toBe(0);
	}
	for (const name of ['Add agenda item', 'Add decision', 'Add action', 'Add comment']) {
		expect(await viewer.getByRole('button', { name }).count()).toBe(0);
	}
	expect(await viewer.getByRole('button', { name: 'Share', exact: true }).count()).toBe(1);
	expect(await seriousAxeViolations(viewer)).toEqual([]);
	// Opening and syncing writes nothing the relay would refuse.
	expect(await viewer.getByText(/did not accept/).count()).toBe(0);
	await forceTitleEdit(viewer);
	await viewer
		.getByRole('alert')
		.filter({ hasText: 'did not accept that change. You can only view these minutes.' })
		.waitFor();

	const commenter = await openAs(group.tokens.comment, 'Cai');
	const commenterErrors = watchErrors(commenter);
	await commenter.getByText(/comment on these minutes, but not change them/).waitFor();
	expect(await commenter.getByRole('textbox', { name: 'Title' }).count()).toBe(0);
	await commenter.getByRole('textbox', { name: 'Comment' }).fill('Please add the venue');
	await commenter.getByRole('button', { name: 'Add comment' }).click();
	await commenter.getByText('Please add the venue').waitFor();
	// The viewer sees it live, and so does the relay.
	await viewer.getByText('Please add the venue').waitFor();
	const comments = await waitForRelay(
		server.url,
		`${group.groupId}/${meetingId}/comments`,
		group.tokens.view,
		(doc) => commentThreads(doc).length === 1
	);
	expect(commentThreads(comments)[0].messages[0]).toMatchObject({
		author: 'Cai',
		text: 'Please add the venue'
	});
	await forceTitleEdit(commenter);
	await commenter.getByRole('alert').filter({ hasText: 'did not accept that change' }).waitFor();

	const minutes = await readFromRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view
	);
	expect(header(minutes).title).toBe('March general meeting');
	expect(viewerErrors).toEqual([]);
	expect(commenterErrors).toEqual([]);
	await viewer.context().close();
	await commenter.context().close();
});

test('the saved name fills the name field, but never into a name being typed', async () => {
	const context = await newContext(browser, PHONE);
	await context.addInitScript(countProfileTransactions);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const join = new JoinPage(page);
	const second = await createRelayGroup(server.url, 'Northside chapter');
	await join.join(link(group.tokens.edit), 'Dana');

	// Untouched, the field gets the name this device used before.
	await join.open(link(second.tokens.view));
	await expect.poll(() => join.name.inputValue()).toBe('Dana');

	// Another tab holds the profile store, so the saved name is read only after the person has
	// tapped into the field: landing there, it would be joined to what they type ("DanaDana").
	await page.goto(server.url);
	const holder = await context.newPage();
	await holder.goto(server.url);
	await holder.evaluate(useProfileStore, { hold: true });
	await join.open(link(second.tokens.view));
	// The join page has asked for the saved name (nothing else of it reads the profile), and
	// waits behind the other tab.
	await page.waitForFunction(() => (window as unknown as Counted).profileTransactions >= 1);
	await join.name.click();
	expect(await join.name.inputValue()).toBe('');
	await holder.evaluate(() => (window as unknown as { releaseProfile(): void }).releaseProfile());
	// A read queued behind the join page's own: once it is answered, that one was too.
	await page.evaluate(useProfileStore, { hold: false });
	await page.keyboard.type('Dana');
	await holder.close();
	await join.joinButton.click();
	await page.getByRole('heading', { name: 'Meetings' }).waitFor();
	await page.getByRole('link', { name: 'Your profile' }).click();
	await expect
		.poll(() => page.getByRole('textbox', { name: 'Display name' }).inputValue())
		.toBe('Dana');

	expect(errors).toEqual([]);
	await context.close();
});

interface Counted {
	profileTransactions: number;
}

/** Runs in a page before its scripts: counts the transactions begun on the profile store. */
function countProfileTransactions() {
	const counted = window as unknown as Counted;
	counted.profileTransactions = 0;
	const begin = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (
		this: IDBDatabase,
		...args: Parameters<typeof begin>
	) {
		if ([args[0]].flat().includes('profile')) counted.profileTransactions++;
		return begin.apply(this, args);
	};
}

/**
 * Runs in a page: reads the profile store in a read-write transaction, queued behind every
 * transaction begun before, and resolves once it has committed. With `hold`, it keeps reading
 * (so the transaction stays open and every later one on the store waits) until
 * `window.releaseProfile()` is called, and resolves as soon as it holds the store.
 */
function useProfileStore({ hold }: { hold: boolean }): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('plenary');
		// Never create the app's database here: an empty one would block the app's upgrade.
		request.onupgradeneeded = () => request.transaction!.abort();
		request.onerror = () => reject(request.error);
		request.onsuccess = () => {
			const db = request.result;
			let isHeld = hold;
			(window as unknown as { releaseProfile(): void }).releaseProfile = () => (isHeld = false);
			const tx = db.transaction('profile', 'readwrite');
			const store = tx.objectStore('profile');
			const read = () => {
				if (isHeld) store.get('me').onsuccess = read;
			};
			store.get('me').onsuccess = read;
			tx.oncomplete = () => {
				db.close();
				if (!hold) resolve();
			};
			tx.onerror = () => reject(tx.error);
			if (hold) resolve();
		};
	});
}
