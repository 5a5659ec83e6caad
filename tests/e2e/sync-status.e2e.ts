/**
 * The app bar's sync status in each state, worded as docs/contract.md and docs/client-sync.md say, computed from
 * the relay's receipts: a proxy between the browser and the relay delays the relay's answers so
 * "Connecting…" and "N changes waiting" can be seen, and goes silent to test the heartbeat.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

let server: AppServer;
let browser: Browser;
let proxy: TcpProxy;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	proxy = await startTcpProxy(server.port);
});

afterAll(async () => {
	await proxy?.close();
	await browser?.close();
	await server?.stop();
});

test('the local notebook, with no relay, says its notes are on this device', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	expect(await list.waitForStatus(/^saved on this device$/i)).toBe('Saved on this device');
	await context.setOffline(true);
	expect(await list.waitForStatus(/offline/i, 1_000)).toBe('Offline — saved on this device');
	await context.close();
});

test('connecting, changes waiting, up to date, a silent socket, offline: each said in words', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	const group = await createRelayGroup(server.url, 'Status chapter');
	await list.goto(server.url);
	await list.waitForServiceWorker();

	proxy.delayMs = 1_500;
	await list.joinGroup(group, proxy.url);
	await list.waitForStatus(/^connecting…$/i);
	await list.waitForStatus(/^up to date$/i);

	await list.newMeeting();
	await list.waitForStatus(/^up to date$/i);
	await page.getByRole('textbox', { name: 'Title', exact: true }).click();
	await page.keyboard.type('Receipts');
	await list.waitForStatus(/^\d+ changes? waiting$/i);
	await list.waitForStatus(/^up to date$/i);

	// The detail view, on request.
	await page.getByRole('button', { name: 'Sync details' }).click();
	const details = page.getByRole('region', { name: 'Sync details' });
	await details.getByText('Minutes of “Receipts”').waitFor();
	await expect(details.innerText()).resolves.toMatch(
		/Connected[\s\S]*0 changes waiting[\s\S]*Last receipt: \d/
	);
	expect(await seriousAxeViolations(page)).toEqual([]);
	// The focus went into the panel; Escape closes it and gives the focus back.
	await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
		'Sync details'
	);
	await page.keyboard.press('Escape');
	await details.waitFor({ state: 'detached' });
	await expect(
		page.evaluate(() => document.activeElement?.getAttribute('aria-label'))
	).resolves.toBe('Sync details');

	// A socket that stops answering, with no offline event: the heartbeat notices in seconds.
	proxy.delayMs = 0;
	proxy.silence();
	await list.waitForStatus(/offline|connecting/i, 12_000);
	proxy.speak();
	await list.waitForStatus(/^up to date$/i, 20_000);

	// The browser's offline event: offline within a second.
	await context.setOffline(true);
	await list.waitForStatus(/^offline — saved on this device$/i, 1_000);
	await page.keyboard.type(' offline');
	await context.setOffline(false);
	await list.waitForStatus(/^up to date$/i, 20_000);
	expect(errors.filter((e) => !/WebSocket|Failed to load resource/.test(e))).toEqual([]);
	await context.close();
});
