/**
 * Nothing typed is lost: not when the tab is closed right after typing, not when the relay is
 * killed (-9) mid-meeting and restarted; and two tabs of one device stay in step offline, their
 * meetings lists too.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { agendaList, header, itemNotes, notesToPlainText } from '../../src/lib/model';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { waitForRelay } from './support/relay-reader';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const notes = (page: Page) => page.getByRole('textbox', { name: 'Notes' }).first();

test('a tab closed right after typing keeps the text; reopened offline it is there', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	const { groupId, meetingId } = await list.newMeeting();
	await page.getByRole('button', { name: 'Add agenda item' }).click();
	await page.keyboard.type('Item');
	await notes(page).click();
	await page.keyboard.type('last words before closing');
	await page.close();

	// Again, offline, a few times: each tab closed the moment the last key is typed.
	await context.setOffline(true);
	let expected = 'last words before closing';
	for (const round of [1, 2, 3]) {
		const again = await context.newPage();
		await again.goto(`${server.url}/meeting/${groupId}/${meetingId}`);
		await expect.poll(() => notes(again).innerText()).toBe(expected);
		await notes(again).click();
		// The end of the notes, not of the line: on a phone the text wraps.
		await again.keyboard.press('Control+End');
		await again.keyboard.type(`, round ${round}`);
		expected += `, round ${round}`;
		await again.close();
	}
	const last = await context.newPage();
	const errors = watchErrors(last);
	await last.goto(`${server.url}/meeting/${groupId}/${meetingId}`);
	await expect.poll(() => notes(last).innerText()).toBe(expected);
	await new MeetingsListPage(last).waitForStatus(/offline/i);
	expect(errors).toEqual([]);
	await context.close();
});

test('two tabs of one device stay in step with no network', async () => {
	const context = await newContext(browser, PHONE);
	const first = await context.newPage();
	const list = new MeetingsListPage(first);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	const { groupId, meetingId } = await list.newMeeting();
	await first.getByRole('button', { name: 'Add agenda item' }).click();
	await first.keyboard.type('Shared item');
	await context.setOffline(true);

	const second = await context.newPage();
	await second.goto(`${server.url}/meeting/${groupId}/${meetingId}`);
	await notes(second).click();
	await second.keyboard.type('typed in the second tab');
	await expect.poll(() => notes(first).innerText()).toBe('typed in the second tab');
	await notes(first).click();
	await first.keyboard.press('End');
	await first.keyboard.type(', and in the first');
	await expect
		.poll(() => notes(second).innerText())
		.toBe('typed in the second tab, and in the first');
	await context.close();
});

test('the meetings list of one tab follows what another tab writes, with no network', async () => {
	const context = await newContext(browser, PHONE);
	const listTab = await context.newPage();
	const list = new MeetingsListPage(listTab);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	await context.setOffline(true);

	const other = await context.newPage();
	await new MeetingsListPage(other).goto(server.url);
	await new MeetingsListPage(other).newMeeting();
	await other.getByRole('textbox', { name: 'Title', exact: true }).fill('Written in the other tab');
	// The first tab never reloads: the index write is announced across tabs.
	await listTab.getByRole('link', { name: 'Written in the other tab' }).waitFor();
	await other.getByRole('textbox', { name: 'Title', exact: true }).fill('Renamed in the other tab');
	await listTab.getByRole('link', { name: 'Renamed in the other tab' }).waitFor();
	expect(await listTab.getByRole('link', { name: 'Written in the other tab' }).count()).toBe(0);
	await context.close();
});

test('the relay killed with -9 mid-meeting and restarted: clients carry on, nothing is lost', async () => {
	const group = await createRelayGroup(server.url, 'Crash chapter');
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	await list.joinGroup(group, server.url);
	const { meetingId } = await list.newMeeting();
	await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Crash test');
	await page.getByRole('button', { name: 'Add agenda item' }).click();
	await page.keyboard.type('Before');
	await notes(page).click();
	await page.keyboard.type('typed before the crash');
	await list.waitForStatus(/up to date/i);

	await server.kill('SIGKILL');
	await page.keyboard.type(', typed while the relay was down');
	await page.getByRole('button', { name: 'Add agenda item' }).click();
	await page.keyboard.type('During');
	await list.waitForStatus(/offline|waiting|connecting/i);
	expect(await list.statusText()).not.toMatch(/up to date/i);

	await server.restart();
	await list.waitForStatus(/up to date/i, 30_000);
	const name = `${group.groupId}/${meetingId}`;
	const relayCopy = await waitForRelay(
		server.url,
		name,
		group.tokens.view,
		(doc) => agendaList(doc).length === 2
	);
	expect(header(relayCopy).title).toBe('Crash test');
	expect(agendaList(relayCopy).map((item) => item.title)).toEqual(['Before', 'During']);
	expect(notesToPlainText(itemNotes(relayCopy, agendaList(relayCopy)[0].id))).toBe(
		'typed before the crash, typed while the relay was down'
	);
	// The relay's reconnect noise is not an app error; only page errors would be.
	expect(
		errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))
	).toEqual([]);
	await context.close();
});
