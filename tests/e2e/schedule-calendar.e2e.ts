/**
 * The group's schedule and calendar on a phone: an editor sets "last Tuesday of each month" in
 * the group's settings with plain choices, sees the coming dates, and the schedule reaches the
 * relay's directory; a view member reads it in words; "Subscribe" gives the feed's address with
 * the view link's token, which the relay answers with the scheduled meetings.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { groupSchedule } from '../../src/lib/model/schedule';
import { createRelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';
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

test('set a schedule in plain choices, see its dates, subscribe to the calendar', async () => {
	const group = await createRelayGroup(server.url, 'Birkbeck chapter');
	const context = await newContext(browser, PHONE);
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const page = await context.newPage();
	const errors = watchErrors(page);
	await page.goto(`${server.url}/join#${group.tokens.edit}`);
	await page.getByRole('textbox', { name: 'Your name' }).fill('Sam');
	await page.getByRole('button', { name: 'Join' }).click();
	await page.getByRole('heading', { name: 'Meetings' }).waitFor();

	await page.getByRole('link', { name: 'Groups' }).click();
	const region = page.getByRole('region', { name: 'When the group meets' });
	await region.getByRole('combobox', { name: 'Meets' }).selectOption('monthly');
	await region.getByRole('combobox', { name: 'Week of the month' }).selectOption({ label: 'last' });
	await region.getByRole('combobox', { name: 'Weekday' }).selectOption({ label: 'Tuesday' });
	await region.getByRole('textbox', { name: 'Venue' }).fill('Birkbeck, Malet Street');
	await region.getByRole('combobox', { name: 'Time zone' }).fill('Europe/London');
	// The dates show before saving, every one a Tuesday.
	const dates = region.getByRole('list', { name: 'Coming dates' });
	await expect.poll(() => dates.getByRole('listitem').count(), { timeout: 15_000 }).toBe(4);
	for (const text of await dates.getByRole('listitem').allInnerTexts()) {
		expect(text).toMatch(/^Tuesday \d+ \w+ \d{4}, 18:30–21:00$/);
	}
	await region.getByRole('button', { name: 'Save schedule' }).click();
	await region.getByText('Saved: last Tuesday of each month, 18:30–21:00, Birkbeck').waitFor();
	expect(await seriousAxeViolations(page)).toEqual([]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	const stored = await waitForRelay(server.url, group.groupId, group.tokens.view, (doc) =>
		Boolean(groupSchedule(doc))
	);
	expect(groupSchedule(stored)).toEqual({
		rule: 'FREQ=MONTHLY;BYDAY=-1TU',
		timeZone: 'Europe/London',
		start: '18:30',
		end: '21:00',
		venue: 'Birkbeck, Malet Street'
	});

	// A bad zone is named before anything is saved.
	await region.getByRole('combobox', { name: 'Time zone' }).fill('Mars/Olympus');
	await expect.poll(() => region.getByRole('alert').innerText()).toMatch(/not a time zone/);

	await page.getByRole('link', { name: 'Back to the meetings' }).click();
	await page.getByRole('link', { name: 'Subscribe' }).click();
	const dialog = page.getByRole('dialog', { name: /Subscribe to Birkbeck chapter/ });
	const https = dialog.getByRole('textbox', { name: 'Calendar address (https)' });
	await expect.poll(() => https.inputValue(), { timeout: 15_000 }).toContain('calendar.ics');
	const address = await https.inputValue();
	// The editor's device fetched the view link: the edit token never goes into a calendar app.
	expect(address).toContain(encodeURIComponent(group.tokens.view));
	expect(address).not.toContain(encodeURIComponent(group.tokens.edit));
	expect(
		await dialog.getByRole('textbox', { name: 'Calendar address (webcal)' }).inputValue()
	).toMatch(/^webcal:\/\//);
	await dialog.getByText(/contains the secret of the group’s view link/).waitFor();
	await dialog.getByRole('button', { name: /Copy the https address/ }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
	expect(await seriousAxeViolations(page)).toEqual([]);
	const feed = await fetch(address);
	expect(feed.status).toBe(200);
	expect(await feed.text()).toMatch(/UID:.*-scheduled-\d{8}@plenary/);
	expect(errors).toEqual([]);

	// A member with the view link reads the schedule in words.
	const viewer = await newContext(browser, PHONE);
	const view = await viewer.newPage();
	await view.goto(`${server.url}/join#${group.tokens.view}`);
	await view.getByRole('textbox', { name: 'Your name' }).fill('Joy');
	await view.getByRole('button', { name: 'Join' }).click();
	await view.getByRole('heading', { name: 'Meetings' }).waitFor();
	await view.getByRole('link', { name: 'Groups' }).click();
	await view
		.getByText('last Tuesday of each month, 18:30–21:00, Birkbeck, Malet Street (Europe/London)')
		.waitFor();
	expect(await view.getByRole('combobox', { name: 'Meets' }).count()).toBe(0);
	await viewer.close();
	await context.close();
}, 180_000);
