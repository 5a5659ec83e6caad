/**
 * Storage on the device: persistent storage is asked for after real use (the first edit), not on
 * the first screen, and a refusal is explained once; a failing IndexedDB write (a full disk) is
 * shown, retried, and the text is stored once the disk has room again.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE } from './support/browser';

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

type Probe = { persistCalls: number; failWrites: boolean };

test('persistent storage is asked at the first edit, not before; a refusal is explained once', async () => {
	const context = await newContext(browser, PHONE);
	await context.addInitScript(() => {
		const probe = { persistCalls: 0, failWrites: false };
		(window as unknown as { probe: Probe }).probe = probe;
		navigator.storage.persisted = async () => false;
		navigator.storage.persist = async () => {
			probe.persistCalls++;
			return false;
		};
	});
	const page = await context.newPage();
	const list = new MeetingsListPage(page);
	const calls = () =>
		page.evaluate(() => (window as unknown as { probe: Probe }).probe.persistCalls);
	const warning = page.getByRole('alert').filter({ hasText: 'persistent storage' });

	await list.goto(server.url);
	await page.waitForTimeout(300);
	expect(await calls()).toBe(0);
	// Making a meeting is the first real use.
	await list.newMeeting();
	await page.getByRole('textbox', { name: 'Title', exact: true }).click();
	await page.keyboard.type('First edit');
	await expect.poll(calls).toBe(1);
	// Shown on the meetings list, never over the meeting being written.
	expect(await warning.count()).toBe(0);
	await page.getByRole('link', { name: 'Plenary' }).click();
	await warning.waitFor();
	await warning.getByRole('button', { name: 'Got it' }).click();
	await warning.waitFor({ state: 'detached' });

	await page.reload();
	await list.newMeeting();
	await page.getByRole('textbox', { name: 'Title', exact: true }).click();
	await page.keyboard.type('Second');
	await expect.poll(calls).toBe(1);
	await page.getByRole('link', { name: 'Plenary' }).click();
	await list.heading.waitFor();
	await page.waitForTimeout(500);
	expect(await warning.count()).toBe(0);
	await context.close();
});

test('a write that fails (disk full) is shown, retried and stored when there is room', async () => {
	const context = await newContext(browser, PHONE);
	await context.addInitScript(() => {
		const probe = { persistCalls: 0, failWrites: false };
		(window as unknown as { probe: Probe }).probe = probe;
		const add = IDBObjectStore.prototype.add;
		IDBObjectStore.prototype.add = function (...args: Parameters<typeof add>) {
			if (probe.failWrites && this.name === 'updates') {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
			return add.apply(this, args);
		};
	});
	const page = await context.newPage();
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	const { groupId, meetingId } = await list.newMeeting();
	await page.evaluate(() => {
		(window as unknown as { probe: Probe }).probe.failWrites = true;
	});
	await page.getByRole('textbox', { name: 'Title', exact: true }).click();
	await page.keyboard.type('Kept through a full disk');
	const alert = page.getByRole('alert').filter({ hasText: 'out of storage space' });
	await alert.waitFor();

	await page.evaluate(() => {
		(window as unknown as { probe: Probe }).probe.failWrites = false;
	});
	await alert.waitFor({ state: 'detached', timeout: 20_000 });
	await context.setOffline(true);
	const again = await context.newPage();
	await again.goto(`${server.url}/meeting/${groupId}/${meetingId}`);
	await expect
		.poll(() => again.getByRole('textbox', { name: 'Title', exact: true }).inputValue())
		.toBe('Kept through a full disk');
	await context.close();
});

test('storage held by another tab’s older version is said on screen, and the app goes on after', async () => {
	const context = await newContext(browser, PHONE);
	// Something of the origin (an old tab, a script) holds version 1 of the database and does
	// not let go when asked, so the app's upgrade waits for it.
	await context.addInitScript(() => {
		const request = indexedDB.open('plenary');
		request.onsuccess = () => {
			(window as unknown as { releaseStorage(): void }).releaseStorage = () =>
				request.result.close();
		};
	});
	const page = await context.newPage();
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	const notice = page.getByRole('alert').filter({ hasText: 'another tab' });
	await notice.waitFor();
	expect(await notice.textContent()).toMatch(/older version .* Close or reload that tab/);

	await page.waitForFunction(() => 'releaseStorage' in window);
	await page.evaluate(() => (window as unknown as { releaseStorage(): void }).releaseStorage());
	await notice.waitFor({ state: 'detached' });
	await list.waitForStatus(/^(?!loading)/i);
	await list.newMeeting();
	await context.close();
});
