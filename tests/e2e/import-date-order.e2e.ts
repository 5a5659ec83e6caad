/**
 * The group's date order at phone size, keyboard only: a group made in a browser whose locale
 * writes month first is month first on the relay; an editor sets it to day first on the groups
 * screen; the import then reads "3/4/2026" as 3 April, lists it under "Check these dates", and
 * reads it as 4 March for this import when asked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { directory, header } from '../../src/lib/model';
import { GroupsPage } from './pages/groups-page';
import { MeetingPage } from './pages/meeting-page';
import { MeetingsListPage } from './pages/meetings-list-page';
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

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** The id and view token of the group named `name`, as this device stored it. */
function storedGroup(page: Page, name: string): Promise<{ groupId: string; view: string }> {
	return page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('plenary');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const groups = await new Promise<{ id: string; name: string; tokens: { view: string } }[]>(
			(resolve, reject) => {
				const request = db.transaction('groups').objectStore('groups').getAll();
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			}
		);
		db.close();
		const group = groups.find((g) => g.name === name);
		if (!group) throw new Error(`no group named ${name}`);
		return { groupId: group.id, view: group.tokens.view };
	}, name);
}

async function paste(page: Page, text: string) {
	await page.getByRole('textbox', { name: 'Markdown' }).evaluate((el, value) => {
		(el as HTMLTextAreaElement).value = value;
		el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
	}, text);
}

const squash = async (page: Page, name: string) =>
	((await page.getByRole('region', { name }).textContent()) ?? '').replace(/\s+/g, ' ');

test('set the date order, and the import flags a date it read one of two ways', async () => {
	const context = await newContext(browser, PHONE, { locale: 'en-US' });
	const page = await context.newPage();
	const errors = watchErrors(page);
	const groups = new GroupsPage(page);
	await groups.goto(server.url);
	await groups.createGroup('Maple Street chapter');
	const { groupId, view } = await storedGroup(page, 'Maple Street chapter');

	// Made in an en-US browser: month first, in the directory every member reads.
	const made = await readFromRelay(server.url, groupId, view);
	expect(directory(made).dateOrder).toBe('mdy');

	// The settings, by keyboard alone: focus the select and choose with the arrow keys.
	await page.getByRole('link', { name: 'Groups' }).click();
	await groups.heading.waitFor();
	await expect.poll(() => groups.dateOrder.isEnabled()).toBe(true);
	expect(await groups.dateOrderLabel()).toBe('12/31/2026 (month first)');
	await groups.dateOrder.focus();
	await page.keyboard.press('ArrowUp');
	await expect.poll(() => groups.dateOrderLabel()).toBe('31/12/2026 (day first)');
	await page.getByText('Saved: imports read numeric dates day first.').waitFor();
	expect(await seriousAxeViolations(page)).toEqual([]);
	const wide = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
	expect(wide).toBe(false);
	await page.screenshot({ path: '/tmp/plenary-date-order.png', fullPage: true });
	await waitForRelay(server.url, groupId, view, (doc) => directory(doc).dateOrder === 'dmy');

	// The import reads 3/4/2026 day first and asks to check it.
	const list = new MeetingsListPage(page);
	await page.getByRole('link', { name: 'Plenary' }).click();
	await list.heading.waitFor();
	await page.getByRole('link', { name: 'Import', exact: true }).click();
	await paste(page, '# Committee\n\n3/4/2026, 19:00\n\n## 1. Open\n');
	const check = page.getByRole('region', { name: 'Check these dates' });
	await check.waitFor();
	expect(await squash(page, 'Check these dates')).toContain(
		'“3/4/2026” read as Friday 3 April 2026 (day first, as this group writes dates)'
	);
	expect(await squash(page, 'Preview')).toContain('Friday 3 April 2026');
	await page.screenshot({ path: '/tmp/plenary-import-check-dates.png', fullPage: true });

	// Read the other way for this import, by keyboard.
	await page.getByRole('button', { name: 'Read as month first' }).focus();
	await page.keyboard.press('Enter');
	await expect
		.poll(() => squash(page, 'Check these dates'))
		.toContain('“3/4/2026” read as Wednesday 4 March 2026 (month first, for this import)');
	expect(await squash(page, 'Preview')).toContain('Wednesday 4 March 2026');
	expect(await seriousAxeViolations(page)).toEqual([]);

	await page.getByRole('button', { name: 'Create meeting' }).click();
	const meeting = new MeetingPage(page);
	await expect.poll(() => meeting.title.inputValue(), { timeout: 15_000 }).toBe('Committee');
	const meetingId = new URL(page.url()).pathname.split('/')[3];
	await list.waitForStatus(/up to date/i, 20_000);
	const minutes = await readFromRelay(server.url, `${groupId}/${meetingId}`, view);
	expect(header(minutes).date).toBe('2026-03-04');
	// The group's own order is unchanged by a choice made for one import.
	expect(directory(await readFromRelay(server.url, groupId, view)).dateOrder).toBe('dmy');
	expect(errors).toEqual([]);
	await context.close();
});
