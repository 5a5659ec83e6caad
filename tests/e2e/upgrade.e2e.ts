/**
 * A device that already holds data: the database exactly as the build of tests/fixtures wrote it
 * is restored into Chromium's real IndexedDB before the app first opens it; the app then lists
 * its groups, their meetings and the profile as they were. (Whether a meeting's text shows
 * depends on moving each document's stored updates, tested where that is done.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { restoreLegacyDatabase } from './support/legacy-database';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';

let server: AppServer;
let browser: Browser;

/** The fixture's group has a relay that no longer exists: its socket and requests are refused. */
const isDeadRelay = (message: string) =>
	/WebSocket connection to .* failed|net::ERR_CONNECTION_REFUSED/.test(message);

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

test('a device with the data of the earlier build lists its groups, meetings and profile', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();

	await restoreLegacyDatabase(page, server.url, '/manifest.webmanifest');

	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	// The current group was the relay group (the `settings` row), with the notebook beside it.
	const picker = page.getByRole('combobox', { name: 'Group' });
	await list.meetingLink('Budget review').waitFor();
	expect(await picker.evaluate((select: HTMLSelectElement) => select.selectedOptions[0].text)).toBe(
		'Hillside chapter'
	);
	expect(await picker.getByRole('option').allTextContents()).toEqual([
		'On this device',
		'Hillside chapter'
	]);
	// Its stored role: this device may still write there.
	expect(await list.newMeetingButton.isEnabled()).toBe(true);

	await picker.selectOption({ label: 'On this device' });
	await list.meetingLink('Notebook draft').waitFor();
	expect(await list.meetingLink('Budget review').count()).toBe(0);

	// The profile kept its colour (the seventh; a new profile would pick one at random).
	await page.getByRole('link', { name: 'Your profile' }).click();
	await page.getByRole('heading', { name: 'Your profile' }).waitFor();
	await expect.poll(() => page.getByRole('radio', { name: 'Colour 7' }).isChecked()).toBe(true);
	expect(await page.getByRole('textbox', { name: 'Display name' }).inputValue()).toBe('');

	expect(errors.filter((e) => !isDeadRelay(e))).toEqual([]);
	await context.close();
});
