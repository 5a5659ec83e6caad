/**
 * Offline first, against the real relay and Chromium's real IndexedDB: load, go offline, reload,
 * create, edit and reorder with no network, then back online the relay has it all (checked
 * with a plain y-websocket client). The status line says so at each step.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { agendaList, directory, header, itemNotes, notesToPlainText } from '../../src/lib/model';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { readFromRelay, waitForRelay } from './support/relay-reader';

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

test('a meeting made, edited and reordered offline reaches the relay when the network returns', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	const title = page.getByRole('textbox', { name: 'Title', exact: true });
	const itemTitles = page.getByRole('textbox', { name: 'Agenda item title' });

	await list.goto(server.url);
	await list.waitForServiceWorker();
	const group = await createRelayGroup(server.url, 'Riverside chapter');
	await list.joinGroup(group, server.url);
	await list.waitForStatus(/up to date/i);

	// Online: a first meeting, so there is something to open offline later.
	const online = await list.newMeeting();
	await title.click();
	await page.keyboard.type('Online meeting');
	await list.waitForStatus(/up to date/i);
	await page.getByRole('link', { name: 'Plenary' }).click();
	await list.meetingLink('Online meeting').waitFor();

	// Offline: the status says so at once (no socket close event comes with setOffline).
	await context.setOffline(true);
	await list.waitForStatus(/offline/i, 1_000);
	await page.reload();
	await list.heading.waitFor();
	await list.waitForStatus(/offline/i);
	await list.meetingLink('Online meeting').click();
	await expect.poll(() => title.inputValue()).toBe('Online meeting');
	await page.getByRole('link', { name: 'Plenary' }).click();

	// Create, edit and reorder with no network.
	const offline = await list.newMeeting();
	expect(offline.groupId).toBe(group.groupId);
	await title.click();
	await page.keyboard.type('Offline meeting');
	for (const item of ['Alpha', 'Bravo', 'Charlie']) {
		await page.getByRole('button', { name: 'Add agenda item' }).click();
		await page.keyboard.type(item);
	}
	await page.keyboard.press('Alt+Shift+ArrowUp');
	await page.getByRole('textbox', { name: 'Notes' }).first().click();
	await page.keyboard.type('Decided while the wifi was down');
	await expect
		.poll(() => itemTitles.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)))
		.toEqual(['Alpha', 'Charlie', 'Bravo']);
	await list.waitForStatus(/offline/i);

	// Still there after a reload with no network.
	await page.reload();
	await expect.poll(() => title.inputValue()).toBe('Offline meeting');
	await expect
		.poll(() => itemTitles.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)))
		.toEqual(['Alpha', 'Charlie', 'Bravo']);

	// Back to the list, so the meeting is closed with its changes still waiting; then online:
	// background sync sends them, and the status says so only once the relay confirmed them.
	await page.getByRole('link', { name: 'Plenary' }).click();
	await list.meetingLink('Offline meeting').waitFor();
	await context.setOffline(false);
	await list.waitForStatus(/up to date/i, 20_000);

	const token = group.tokens.view;
	// "Up to date" means the relay has it now: read it once, no waiting.
	const minutes = await readFromRelay(server.url, `${group.groupId}/${offline.meetingId}`, token);
	expect(header(minutes).title).toBe('Offline meeting');
	expect(agendaList(minutes).map((item) => item.title)).toEqual(['Alpha', 'Charlie', 'Bravo']);
	expect(notesToPlainText(itemNotes(minutes, agendaList(minutes)[0].id))).toBe(
		'Decided while the wifi was down'
	);
	const onlineMinutes = await waitForRelay(
		server.url,
		`${group.groupId}/${online.meetingId}`,
		token,
		() => true
	);
	expect(header(onlineMinutes).title).toBe('Online meeting');
	const dir = await waitForRelay(
		server.url,
		group.groupId,
		token,
		(doc) => directory(doc).meetings.length === 2
	);
	expect(
		directory(dir)
			.meetings.map((m) => m.title)
			.sort()
	).toEqual(['Offline meeting', 'Online meeting']);

	// The list shows both, from the derived index.
	await list.meetingLink('Offline meeting').waitFor();
	await list.meetingLink('Online meeting').waitFor();
	expect(errors).toEqual([]);
	await context.close();
});
