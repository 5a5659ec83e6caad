import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	DESKTOP,
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors,
	type Size
} from './support/browser';

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

describe.each([PHONE, DESKTOP] as Size[])('the first screen at %s size', (size) => {
	test('shows the app, an empty meetings list, "New meeting" and the sync status', async () => {
		const context = await newContext(browser, size);
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(server.url);

		await page.getByRole('heading', { name: 'Meetings' }).waitFor();
		await expect(page.getByRole('link', { name: 'Plenary' }).isVisible()).resolves.toBe(true);
		await expect(page.getByRole('button', { name: /new meeting/i }).isVisible()).resolves.toBe(
			true
		);
		await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/\S/);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			await page.evaluate(() => window.innerWidth)
		);
		expect(await seriousAxeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});
});

test('a deep link gets the app through the fallback page', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const response = await page.goto(`${server.url}/some/deep/link`);
	expect(response?.status()).toBe(200);
	await page.getByRole('link', { name: 'Plenary' }).waitFor();
	await context.close();
});

test('after one visit the first screen starts with no network', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	await context.setOffline(true);
	await page.reload();
	await page.getByRole('heading', { name: 'Meetings' }).waitFor();
	await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/offline/i);
	await context.close();
	expect(errors).toEqual([]);
});
