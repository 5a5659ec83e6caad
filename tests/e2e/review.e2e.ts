/**
 * Review comments at phone size, an editor and a commenter on two devices: the commenter
 * comments on an item while offline, while the editor moves that item and both answer a
 * thread at once; back online, both see every comment where it belongs. The editor resolves and
 * reopens a thread, and the open counts follow. Hostile text in a comment is shown as text.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addAgendaItem, commentThreads, createMeeting, newMeetingId } from '../../src/lib/model';
import { JoinPage } from './pages/join-page';
import { MeetingPage } from './pages/meeting-page';
import { createRelayGroup, type RelayGroup } from './pages/meetings-list-page';
import { ReviewPanel } from './pages/review-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { waitForRelay } from './support/relay-reader';

let server: AppServer;
let browser: Browser;
let group: RelayGroup;
let meetingId: string;

const TITLE = 'May general meeting';
const HOSTILE = `<script>alert(1)</script> The roof " onmouseover="x`;
const WAIT = { timeout: 30_000 };

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	group = await createRelayGroup(server.url, 'Hillside chapter');
	meetingId = newMeetingId();
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId, title: TITLE, date: '2026-05-05' });
	for (const title of ['Welcome', 'Budget', 'Repairs']) addAgendaItem(doc, { title });
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

async function openAs(token: string, name: string): Promise<Page> {
	const page = await (await newContext(browser, PHONE)).newPage();
	// Hostile text must never run: a dialog would be a failure.
	page.on('dialog', (dialog) => {
		throw new Error(`a dialog opened: ${dialog.message()}`);
	});
	await new JoinPage(page).join(`${server.url}/join#${token}`, name);
	await page.getByRole('link', { name: TITLE }).click();
	return page;
}

const status = (page: Page) => page.getByRole('status').first();
/** The header's count of open threads in the whole meeting. */
const meetingCount = (page: Page) => page.getByRole('link', { name: /^\s*Comments, / });

test('an editor and a commenter review on two phones, one offline for part of it', async () => {
	const editor = await openAs(group.tokens.edit, 'Eli');
	const editorErrors = watchErrors(editor);
	const minutes = new MeetingPage(editor);
	await minutes.title.waitFor();
	const commenter = await openAs(group.tokens.comment, 'Cai');
	const commenterErrors = watchErrors(commenter);
	await commenter.getByText(/comment on these minutes, but not change them/).waitFor();

	// Online: a comment on the whole meeting reaches the editor.
	const commenterMeeting = new ReviewPanel(commenter, 'the whole meeting');
	const editorMeeting = new ReviewPanel(editor, 'the whole meeting');
	await commenterMeeting.add('Please add the venue');
	await editorMeeting.thread('Please add the venue').waitFor(WAIT);
	await expect.poll(() => meetingCount(editor).innerText(), WAIT).toMatch(/Comments, 1 open/);

	// The commenter goes offline and comments on "Repairs" (item 3) and answers the thread…
	await commenter.context().setOffline(true);
	await status(commenter)
		.filter({ hasText: /offline/i })
		.waitFor(WAIT);
	const repairs = commenter.getByRole('listitem').filter({
		has: commenter.getByRole('heading', { name: 'Repairs' })
	});
	await repairs.getByRole('button', { name: 'Comment on item 3' }).click();
	await new ReviewPanel(commenter, 'item 3').add(HOSTILE);
	await repairs.getByRole('button', { name: 'Comments, 1 open' }).waitFor();
	await commenterMeeting.reply('Please add the venue', 'And the start time');
	// …while the editor answers the same thread and moves "Repairs" above "Budget".
	await editorMeeting.reply('Please add the venue', 'Added the venue');
	await editor.getByRole('button', { name: 'Options for item 3' }).click();
	await editor.getByRole('button', { name: 'Move up' }).click();
	await expect.poll(() => minutes.outline()).toEqual(['1 Welcome', '2 Repairs', '3 Budget']);
	// Ctrl+Z in a comment field undoes the typing there, never the minutes (the move).
	const field = editorMeeting.group.getByRole('textbox', { name: 'Comment' });
	await field.fill('draft');
	await field.press('Control+z');
	expect(await minutes.outline()).toEqual(['1 Welcome', '2 Repairs', '3 Budget']);
	await field.fill('');

	// Back online: both see both answers in the same order, and the comment on "Repairs".
	await commenter.context().setOffline(false);
	await status(commenter)
		.filter({ hasText: /up to date/i })
		.waitFor(WAIT);
	for (const page of [editor, commenter]) {
		await expect
			.poll(() => new ReviewPanel(page, 'the whole meeting').messages('Please add the venue'), WAIT)
			.toHaveLength(3);
	}
	const order = await editorMeeting.messages('Please add the venue');
	expect(order[0]).toBe('Please add the venue');
	expect(await commenterMeeting.messages('Please add the venue')).toEqual(order);
	// The moved item kept its thread: it is on "Repairs", now item 2, on both screens.
	await commenter.getByRole('button', { name: 'Comment on item 3' }).waitFor(WAIT);
	await repairs.getByRole('button', { name: 'Comments, 1 open' }).waitFor();
	const editorRepairs = minutes.item(1);
	const badge = editorRepairs.getByRole('button', { name: 'Comments, 1 open' });
	await badge.waitFor(WAIT);
	expect(
		await minutes
			.item(2)
			.getByRole('button', { name: /Comments/ })
			.count()
	).toBe(0);
	await expect.poll(() => meetingCount(editor).innerText(), WAIT).toMatch(/Comments, 2 open/);
	await expect.poll(() => meetingCount(commenter).innerText(), WAIT).toMatch(/Comments, 2 open/);

	// The hostile comment is text: shown as typed, no script ran, no attribute was made.
	await badge.click();
	const editorItem = new ReviewPanel(editor, 'item 2');
	await editorItem.thread('<script>').waitFor();
	expect(await editorItem.messages('<script>')).toEqual([HOSTILE]);
	expect(await editor.locator('[onmouseover]').count()).toBe(0);
	expect(await editor.locator('main script, article script').count()).toBe(0);

	// The editor answers and resolves; the counts go down on both phones, then reopens.
	await editorItem.reply('<script>', 'Fixed in the notes');
	await editorItem.thread('<script>').getByRole('button', { name: 'Resolve' }).click();
	await editorRepairs.getByRole('button', { name: 'Comments, all resolved' }).waitFor();
	await expect.poll(() => meetingCount(editor).innerText(), WAIT).toMatch(/Comments, 1 open/);
	await repairs.getByRole('button', { name: 'Comments, all resolved' }).waitFor(WAIT);
	await expect.poll(() => meetingCount(commenter).innerText(), WAIT).toMatch(/Comments, 1 open/);
	// The commenter's list of "Repairs" stayed open since the comment: now about item 2.
	const commenterItem = new ReviewPanel(commenter, 'item 2');
	await commenterItem.thread('<script>').getByText('Resolved by Eli').waitFor();
	expect(await commenterItem.messages('<script>')).toEqual([HOSTILE, 'Fixed in the notes']);

	await editorItem.thread('<script>').getByRole('button', { name: 'Reopen' }).click();
	await editorRepairs.getByRole('button', { name: 'Comments, 1 open' }).waitFor();
	await expect.poll(() => meetingCount(commenter).innerText(), WAIT).toMatch(/Comments, 2 open/);
	await commenterItem.thread('<script>').getByRole('button', { name: 'Resolve' }).waitFor(WAIT);

	// What the relay holds: the item thread on Repairs' id, three answers on the meeting's.
	const comments = await waitForRelay(
		server.url,
		`${group.groupId}/${meetingId}/comments`,
		group.tokens.view,
		(doc) => commentThreads(doc).some((t) => t.messages.length === 3)
	);
	const [onMeeting, onItem] = [null, 'item'].map((kind) =>
		commentThreads(comments).find((t) => (kind === null ? t.itemId === null : t.itemId !== null))
	);
	expect(onMeeting?.messages.map((m) => m.author).sort()).toEqual(['Cai', 'Cai', 'Eli']);
	expect(onItem).toMatchObject({ resolved: false });
	expect(await editorRepairs.getAttribute('data-item-id')).toBe(onItem?.itemId);

	expect(await minutes.hasHorizontalScroll()).toBe(false);
	expect(
		await commenter.evaluate(
			() => document.documentElement.scrollWidth > document.documentElement.clientWidth
		)
	).toBe(false);
	const isNetworkNoise = (e: string) => /ERR_INTERNET_DISCONNECTED|WebSocket/.test(e);
	expect(editorErrors.filter((e) => !isNetworkNoise(e))).toEqual([]);
	expect(commenterErrors.filter((e) => !isNetworkNoise(e))).toEqual([]);
	await commenter.context().close();
	await editor.context().close();
});
