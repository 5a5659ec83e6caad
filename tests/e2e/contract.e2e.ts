/**
 * docs/contract.md end to end, the way an outside acceptance test drives it: a group made through
 * the HTTP API, the invite link opened at phone size, the screens found only by the roles and
 * names of "Names on screen" (substring, case-insensitive), and the result read back through the
 * relay's export API — no page model, no knowledge of our DOM.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';

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

async function createGroup(name: string) {
	const response = await fetch(`${server.url}/api/groups`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name })
	});
	expect(response.status).toBe(201);
	return (await response.json()) as {
		groupId: string;
		tokens: { edit: string; comment: string; view: string };
	};
}

async function statusText(page: Page) {
	return (await page.getByRole('status').textContent()) ?? '';
}

async function waitForStatus(page: Page, pattern: RegExp) {
	await page.waitForFunction(
		(source) =>
			new RegExp(source, 'i').test(document.querySelector('[role="status"]')?.textContent ?? ''),
		pattern.source,
		{ timeout: 20_000 }
	);
}

test('join by link, take minutes, and the relay has them', async () => {
	const group = await createGroup('Riverside Tenants');
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);

	await page.goto(`${server.url}/join#${group.tokens.edit}`);
	await page.getByRole('textbox', { name: 'Your name' }).fill('Lena');
	await page.getByRole('button', { name: 'Join' }).click();

	await page.getByRole('button', { name: 'New meeting' }).click();
	await page.getByRole('textbox', { name: 'Title' }).fill('March meeting');
	await page.getByRole('textbox', { name: 'Date' }).fill('2026-03-12');
	await page.getByRole('button', { name: 'Add agenda item' }).click();
	await page.getByRole('textbox', { name: 'Agenda item title' }).fill('Repairs campaign');
	await page.getByRole('textbox', { name: 'Notes' }).click();
	await page.keyboard.type('Mould reports now cover 23 flats.');
	await page.getByRole('button', { name: 'Add decision' }).click();
	await page.getByRole('button', { name: 'Add action' }).click();
	await expect(page.getByRole('button', { name: 'Share' }).isVisible()).resolves.toBe(true);

	await waitForStatus(page, /up to date/);
	const meetingId = new URL(page.url()).pathname.split('/').pop()!;
	const exported = await fetch(
		`${server.url}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=md`,
		{ headers: { authorization: `Bearer ${group.tokens.view}` } }
	);
	expect(exported.status).toBe(200);
	const markdown = await exported.text();
	expect(markdown).toContain('March meeting');
	expect(markdown).toContain('Repairs campaign');
	expect(markdown).toContain('Mould reports now cover 23 flats.');

	await page.getByRole('link', { name: 'Plenary' }).click();
	await page.getByRole('link', { name: 'March meeting' }).waitFor();

	await context.setOffline(true);
	await waitForStatus(page, /offline/);
	expect(await statusText(page)).toMatch(/offline/i);
	expect(errors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
	await context.close();
});
