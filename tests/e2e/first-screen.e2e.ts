import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MeetingPage } from './pages/meeting-page';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
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

test('the app works under its Content-Security-Policy and nothing is refused', async () => {
	const group = await createRelayGroup(server.url, 'Strict chapter');
	const devices = await Promise.all(
		[PHONE, DESKTOP].map(async (size) => {
			const context = await newContext(browser, size);
			// An init script runs outside the page's policy, before the page's own scripts.
			await context.addInitScript(() => {
				const seen: string[] = [];
				(window as unknown as { violations: string[] }).violations = seen;
				document.addEventListener('securitypolicyviolation', (event) =>
					seen.push(`${event.violatedDirective} ${event.blockedURI}`)
				);
			});
			const page = await context.newPage();
			return { context, page, errors: watchErrors(page), list: new MeetingsListPage(page) };
		})
	);
	const [phone, laptop] = devices;

	// A path of the app that is not a file gets the fallback page, with the app's policy.
	const response = await phone.page.goto(`${server.url}/groups`);
	const policy = response?.headers()['content-security-policy'] ?? '';
	expect(policy).toContain("frame-ancestors 'none'");
	expect(policy).toMatch(/(^|; )script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+(;|$)/);

	// Sync (websockets), the service worker, the notes editor and a collaborator's cursor.
	for (const { list } of devices) {
		await list.goto(server.url);
		await list.joinGroup(group, server.url);
	}
	await phone.list.waitForServiceWorker();
	const { groupId, meetingId } = await phone.list.newMeeting();
	const meeting = new MeetingPage(phone.page);
	await meeting.title.fill('Under a strict policy');
	await meeting.addItem('Repairs');
	await meeting.typeNotes(0, ['Mould reports.']);
	await phone.list.waitForStatus(/up to date/i);
	expect(await seriousAxeViolations(phone.page)).toEqual([]);
	await laptop.page.goto(`${server.url}/meeting/${groupId}/${meetingId}`);
	const other = new MeetingPage(laptop.page);
	await expect.poll(() => other.outline(), { timeout: 15_000 }).toEqual(['1 Repairs']);
	await other.typeNotes(0, [' Photos due.']);
	await expect
		.poll(() => phone.page.locator('.ProseMirror-yjs-cursor').count(), { timeout: 10_000 })
		.toBe(1);

	for (const { page, errors, context } of devices) {
		const violations = await page.evaluate(
			() => (window as unknown as { violations: string[] }).violations
		);
		expect(violations).toEqual([]);
		expect(errors.filter((error) => /content security policy/i.test(error))).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	}
});
