/**
 * The group's memory in Chromium, against the real relay and real IndexedDB: search across the
 * meetings on the device with no network, opening a result at its agenda item; the meetings
 * list's filters, and its place (filters, scroll, the meeting opened) kept when coming back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';
import { step } from './support/flight-recorder';

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

async function importMeeting(group: RelayGroup, markdown: string): Promise<string> {
	const response = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${group.tokens.edit}`, 'Content-Type': 'text/markdown' },
		body: markdown
	});
	if (response.status !== 201)
		throw new Error(`import: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { meetingId: string }).meetingId;
}

function minutes(
	title: string,
	date: string,
	more: { status?: string; categories?: string; items?: string } = {}
) {
	return [
		`# ${title}`,
		'',
		`Date: ${date}`,
		more.categories ? `Categories: ${more.categories}` : '',
		more.status ? `Status: ${more.status}` : '',
		'',
		more.items ??
			'## 1. Welcome\n\nEveryone was welcomed.\n\nAction: Sam — send the reminder, due 2026-01-31'
	].join('\n');
}

/** Until no meeting of the list says its minutes or comments are not on this device. */
async function waitForEverythingOnDevice(page: Page, count: number) {
	await expect
		.poll(() => page.locator('[data-meeting-row]').count(), { timeout: 60_000 })
		.toBe(count);
	await expect
		.poll(() => page.getByText('not on this device').count(), { timeout: 60_000 })
		.toBe(0);
}

test('search with no network finds a meeting by a misspelt word and opens it at the item', async () => {
	const group = await createRelayGroup(server.url, 'Riverside tenants');
	const filler = Array.from(
		{ length: 14 },
		(_, i) => `## ${i + 1}. Routine item ${i + 1}\n\nNothing to report on routine item ${i + 1}.`
	).join('\n\n');
	await importMeeting(
		group,
		minutes('March assembly', '2026-03-12', {
			items: `${filler}\n\n## 15. Repairs campaign\n\nMould reports now cover 23 flats in Alder Court.`
		})
	);
	await importMeeting(group, minutes('April assembly', '2026-04-09'));

	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	await list.joinGroup(group, server.url);
	await waitForEverythingOnDevice(page, 2);

	step('offline: reload, then search');
	await context.setOffline(true);
	await page.reload();
	await list.heading.waitFor();
	await list.waitForStatus(/offline/i);
	const search = page.getByRole('searchbox', { name: 'Search' });
	await search.fill('mold cover');
	const result = page.getByRole('link', { name: /Repairs campaign/ });
	await result.waitFor({ timeout: 30_000 });
	// Which group and meeting it comes from; the matching words marked.
	await expect.poll(() => result.textContent()).toMatch(/Riverside tenants · March assembly/);
	expect(await result.locator('mark').allTextContents()).toEqual(['Mould', 'cover']);
	expect(await seriousAxeViolations(page)).toEqual([]);

	step('keyboard: down to the result, Enter opens the meeting at the item');
	await search.focus();
	await page.keyboard.press('ArrowDown');
	await expect
		.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
		.toMatch(/Repairs campaign/);
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/meeting\/.+#item-/);
	const itemId = new URL(page.url()).hash.slice(1);
	const item = page.locator(`#${itemId}`);
	await expect
		.poll(() => item.evaluate((el) => el === document.activeElement), { timeout: 30_000 })
		.toBe(true);
	const box = await item.boundingBox();
	const viewport = page.viewportSize()!;
	expect(box!.y).toBeGreaterThanOrEqual(0);
	expect(box!.y).toBeLessThan(viewport.height);
	expect(await item.getByRole('textbox', { name: 'Agenda item title' }).first().inputValue()).toBe(
		'Repairs campaign'
	);
	await list.waitForStatus(/offline/i);
	expect(errors).toEqual([]);
	await context.close();
});

test('the list filters by status, category and dates, and keeps its place coming back', async () => {
	const group = await createRelayGroup(server.url, 'Filter chapter');
	for (let i = 0; i < 30; i++) {
		const month = String((i % 12) + 1).padStart(2, '0');
		const year = 2024 + Math.floor(i / 12);
		await importMeeting(
			group,
			minutes(`Meeting number ${i + 1}`, `${year}-${month}-15`, {
				categories: i % 3 ? 'housing' : 'budget'
			})
		);
	}
	await importMeeting(group, minutes('Far future meeting', '2099-01-01'));

	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.joinGroup(group, server.url);
	await waitForEverythingOnDevice(page, 31);
	await page.getByRole('heading', { name: /Upcoming/ }).waitFor();
	await page.getByRole('heading', { name: /Past/ }).waitFor();
	await page.getByText('1 open action · 0 open comments').first().waitFor();

	step('filters');
	await page.getByText('Filters', { exact: true }).click();
	// Imports start as drafts (docs/markdown.md): none is in review.
	await page.getByRole('combobox', { name: 'Status' }).selectOption('review');
	await page.getByText('No meeting matches these filters.').waitFor();
	await page.getByRole('combobox', { name: 'Status' }).selectOption('draft');
	await expect.poll(() => page.locator('[data-meeting-row]').count()).toBe(31);
	await page.getByRole('combobox', { name: 'Category' }).selectOption('budget');
	// budget: i = 0, 3, 6, …, 27
	await expect.poll(() => page.locator('[data-meeting-row]').count()).toBe(10);
	await page.getByLabel('From').fill('2025-01-01');
	await page.getByLabel('To', { exact: true }).fill('2025-12-31');
	// 2025: i = 12…23 → i = 12, 15, 18, 21, newest first.
	await expect
		.poll(() => page.locator('[data-meeting-link]').allTextContents())
		.toEqual(['Meeting number 22', 'Meeting number 19', 'Meeting number 16', 'Meeting number 13']);
	await page.getByText('4 of 31 meetings match').waitFor();
	expect(await seriousAxeViolations(page)).toEqual([]);
	await page.getByRole('button', { name: 'Clear filters' }).click();
	await expect.poll(() => page.locator('[data-meeting-row]').count()).toBe(31);

	step('the place: a filter, scrolled down, a meeting opened, then Back');
	await page.getByText('Filters', { exact: true }).click();
	await page.getByRole('combobox', { name: 'Category' }).selectOption('housing');
	await expect.poll(() => page.locator('[data-meeting-row]').count()).toBe(20);
	const target = page.getByRole('link', { name: 'Meeting number 3', exact: true });
	await target.scrollIntoViewIfNeeded();
	await page.mouse.wheel(0, 120);
	const before = await target.boundingBox();
	await target.click();
	await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
	await page.goBack();
	await list.heading.waitFor();
	await expect.poll(() => page.locator('[data-meeting-row]').count()).toBe(20);
	expect(await page.getByRole('combobox', { name: 'Category' }).inputValue()).toBe('housing');
	// The same place, to the pixel's rounding.
	await expect
		.poll(async () => Math.abs(((await target.boundingBox())?.y ?? -999) - before!.y))
		.toBeLessThan(2);
	expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);

	step('and through the app bar link');
	await target.click();
	await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
	await page.getByRole('link', { name: 'Plenary' }).click();
	await list.heading.waitFor();
	await expect.poll(() => page.locator('[data-meeting-row]').count()).toBe(20);
	// The same place, to the pixel's rounding.
	await expect
		.poll(async () => Math.abs(((await target.boundingBox())?.y ?? -999) - before!.y))
		.toBeLessThan(2);
	expect(errors).toEqual([]);
	await context.close();
});
