/**
 * Background sync: after joining a group, every meeting of its directory comes onto the device
 * with a visible "Syncing N of M meetings", so each can be opened later with no network.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addAgendaItem, createMeeting, newMeetingId, setItemNotes } from '../../src/lib/model';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { readFromRelay } from './support/relay-reader';
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

/** Writes a meeting on the relay from another "device": a plain y-websocket client. */
async function meetingOnRelay(group: RelayGroup, title: string) {
	const meetingId = newMeetingId();
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId, title, date: '2026-05-01' });
	const item = addAgendaItem(doc, { title: 'Only item' });
	setItemNotes(doc, item, `Notes of ${title}`);
	const provider = new WebsocketProvider(
		`${server.url.replace('http', 'ws')}/sync`,
		`${group.groupId}/${meetingId}`,
		doc,
		{
			params: { token: group.tokens.edit },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		}
	);
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	// Stored once another client can read it back.
	for (;;) {
		const copy = await readFromRelay(
			server.url,
			`${group.groupId}/${meetingId}`,
			group.tokens.view
		);
		if (copy.getMap('meta').get('meetingId') === meetingId) break;
	}
	provider.destroy();
	return meetingId;
}

test('every meeting of a joined group is synced in the background and opens offline', async () => {
	const group = await createRelayGroup(server.url, 'Background chapter');
	const titles = ['January', 'February', 'March', 'April', 'May', 'June'];
	for (const title of titles) await meetingOnRelay(group, title);

	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	proxy.delayMs = 200;
	await list.joinGroup(group, proxy.url);

	const progress = page.getByText(/Syncing \d+ of 6 meetings/);
	await progress.waitFor({ timeout: 20_000 });
	for (const title of titles) await list.meetingLink(title).waitFor();
	await progress.waitFor({ state: 'detached', timeout: 30_000 });
	await list.waitForStatus(/up to date/i);

	await context.setOffline(true);
	await page.reload();
	await list.waitForStatus(/offline/i);
	for (const title of ['January', 'June']) {
		await list.meetingLink(title).click();
		await expect
			.poll(() => page.getByRole('textbox', { name: 'Notes' }).first().innerText())
			.toBe(`Notes of ${title}`);
		await page.getByRole('link', { name: 'Plenary' }).click();
	}
	expect(errors).toEqual([]);
	await context.close();
});
