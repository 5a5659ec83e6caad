/**
 * An edit larger than the relay accepts (MAX_MESSAGE_BYTES) is kept on the device, the status
 * says there is a sync problem, and the app does not send it again and again (y-websocket#189).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE } from './support/browser';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
	server = await startAppServer({ MAX_MESSAGE_BYTES: '65536' });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function tooLargeRejections(): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	const line = text.split('\n').find((l) => /^relay_rejected_total\{reason="too_large"\}/.test(l));
	return line ? Number(line.split(' ').pop()) : 0;
}

test('an oversized edit is kept on the device, reported, and not re-sent forever', async () => {
	const group = await createRelayGroup(server.url, 'Big paste');
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.joinGroup(group, server.url);
	const { groupId, meetingId } = await list.newMeeting();
	await page.getByRole('button', { name: 'Add agenda item' }).click();
	await page.keyboard.type('Paste');
	await list.waitForStatus(/up to date/i);

	await page.getByRole('textbox', { name: 'Notes' }).first().click();
	await page.keyboard.insertText('minutes '.repeat(12_000));
	expect(await list.waitForStatus(/sync problem/i)).toBe('Sync problem — saved on this device');
	const rejected = await tooLargeRejections();
	expect(rejected).toBeGreaterThanOrEqual(1);
	await page.waitForTimeout(3_000);
	expect(await tooLargeRejections()).toBe(rejected);
	expect(await list.statusText()).toMatch(/sync problem/i);

	await page.getByRole('button', { name: 'Sync details' }).click();
	await expect(page.getByRole('region', { name: 'Sync details' }).innerText()).resolves.toMatch(
		/larger than the relay accepts/
	);

	// Still on this device.
	await context.setOffline(true);
	const again = await context.newPage();
	await again.goto(`${server.url}/meeting/${groupId}/${meetingId}`);
	await expect
		.poll(
			async () => (await again.getByRole('textbox', { name: 'Notes' }).first().innerText()).length
		)
		.toBeGreaterThan(90_000);
	await context.close();
});
