/**
 * The truth on screen when the relay cannot be reached while the browser believes it is online
 * (a venue wifi whose uplink is dead; WebKit's navigator.onLine never changes): within seconds the
 * status says the relay is offline and the notes are on this device, never an endless
 * "Connecting…", and the app gets back to the relay by itself. Each way a relay goes out of
 * reach: a socket that goes silent, connections refused at once, a handshake that hangs (also on
 * a fresh load), and a reload made offline after which the browser never says it is online again.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { header } from '../../src/lib/model';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
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

type Uplink = 'up' | 'dead' | 'refusing';

/**
 * A TCP hop between the browser and the relay, like a venue's access point. 'dead': open
 * connections stop passing bytes and new ones are accepted and never answered (a black hole);
 * 'refusing': every connection is closed at once; 'up': bytes pass again for new connections.
 */
async function startUplink(targetPort: number) {
	const open = new Set<Socket>();
	const state = { uplink: 'up' as Uplink };
	const server = createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.on('error', () => client.destroy());
		if (state.uplink === 'refusing') return void client.destroy();
		if (state.uplink === 'dead') return; // accepted, never answered
		const upstream = connect(targetPort, '127.0.0.1');
		open.add(upstream);
		upstream.on('close', () => open.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
		client.on('data', (chunk) => {
			if (state.uplink === 'up') upstream.write(chunk);
		});
		upstream.on('data', (chunk) => {
			if (state.uplink === 'up') client.write(chunk);
			// Once dead, a connection stays dead, as a TCP connection across a cut link does.
			else upstream.removeAllListeners('data');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
		set(uplink: Uplink) {
			state.uplink = uplink;
			if (uplink === 'refusing') for (const socket of open) socket.destroy();
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve());
			})
	};
}

const RELAY_OFFLINE = /^relay offline — saved on this device$/i;

/** Every status text shown during `ms`, read every 100 ms. */
async function statusesFor(list: MeetingsListPage, ms: number): Promise<string[]> {
	const seen = new Set<string>();
	const end = Date.now() + ms;
	while (Date.now() < end) {
		seen.add(await list.statusText());
		await list.page.waitForTimeout(100);
	}
	return [...seen];
}

async function typeTitle(page: Page, text: string) {
	await page.getByRole('textbox', { name: 'Title', exact: true }).click();
	await page.keyboard.press('End');
	await page.keyboard.type(text);
}

test('a relay out of reach is said within seconds, never as "Connecting…", and found again', async () => {
	const uplink = await startUplink(server.port);
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	try {
		const group = await createRelayGroup(server.url, 'Venue wifi chapter');
		await list.goto(server.url);
		await list.joinGroup(group, uplink.url);
		await list.waitForStatus(/^up to date$/i, 30_000);
		const { meetingId } = await list.newMeeting();
		await typeTitle(page, 'Venue');
		await list.waitForStatus(/^up to date$/i, 30_000);
		const titleOnRelay = (title: string) =>
			waitForRelay(
				server.url,
				`${group.groupId}/${meetingId}`,
				group.tokens.view,
				(doc) => header(doc).title === title,
				60_000
			);

		// (c) The uplink dies under an open socket: silence, no close, no offline event.
		uplink.set('dead');
		await typeTitle(page, ' silent');
		await list.waitForStatus(RELAY_OFFLINE, 15_000);
		// Retries into the black hole do not bring "Connecting…" back.
		const whileDead = await statusesFor(list, 12_000);
		expect(whileDead).toEqual(['Relay offline — saved on this device']);
		uplink.set('up');
		await list.waitForStatus(/^up to date$/i, 45_000);
		await titleOnRelay('Venue silent');

		// (b) Connections refused at once.
		uplink.set('refusing');
		await typeTitle(page, ' refused');
		await list.waitForStatus(RELAY_OFFLINE, 10_000);
		const whileRefused = await statusesFor(list, 8_000);
		expect(whileRefused).toEqual(['Relay offline — saved on this device']);
		uplink.set('up');
		await list.waitForStatus(/^up to date$/i, 45_000);
		await titleOnRelay('Venue silent refused');

		// (a) A fresh load while every handshake hangs: said within seconds, not "Connecting…".
		uplink.set('dead');
		await page.reload();
		await list.waitForStatus(RELAY_OFFLINE, 10_000);
		await typeTitle(page, ' hung');
		const whileHung = await statusesFor(list, 12_000);
		expect(whileHung).toEqual(['Relay offline — saved on this device']);
		// The detail view says the same, per document, with the way to try again.
		await page.getByRole('button', { name: 'Sync details' }).click();
		const details = page.getByRole('region', { name: 'Sync details' });
		await expect
			.poll(() => details.innerText())
			.toMatch(/Relay out of reach: kept on this device, retrying/);
		await page.keyboard.press('Escape');
		uplink.set('up');
		await list.waitForStatus(/^up to date$/i, 45_000);
		await titleOnRelay('Venue silent refused hung');
		expect(
			errors.filter((e) => !/WebSocket|Failed to load resource|ERR_CONNECTION/.test(e))
		).toEqual([]);
	} finally {
		await context.close();
		await uplink.close();
	}
}, 300_000);

test('after a reload made offline, with no "online" event ever, the app reconnects by itself', async () => {
	const context = await newContext(browser, PHONE);
	// As Firefox may do after a reload made offline: no `online` event when the network returns,
	// and here navigator.onLine stays false as well, so only retrying can find the relay.
	await context.addInitScript(() => {
		addEventListener('online', (event) => event.stopImmediatePropagation(), { capture: true });
		if (!navigator.onLine) {
			Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false });
		}
	});
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	try {
		await list.goto(server.url);
		await list.waitForServiceWorker();
		const group = await createRelayGroup(server.url, 'Stuck offline chapter');
		await list.joinGroup(group, server.url);
		await list.waitForStatus(/^up to date$/i, 30_000);
		const { meetingId } = await list.newMeeting();
		await typeTitle(page, 'Before');
		await list.waitForStatus(/^up to date$/i, 30_000);

		await context.setOffline(true);
		await list.waitForStatus(/offline/i, 5_000);
		await page.reload();
		await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
		await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
		await typeTitle(page, ' and after');
		await list.waitForStatus(/offline/i);
		await context.setOffline(false);
		// navigator.onLine still says offline; the relay's receipt is what counts.
		await list.waitForStatus(/^up to date$/i, 150_000);
		expect(await page.evaluate(() => navigator.onLine)).toBe(false);
		await waitForRelay(
			server.url,
			`${group.groupId}/${meetingId}`,
			group.tokens.view,
			(doc) => header(doc).title === 'Before and after',
			30_000
		);
		expect(
			errors.filter((e) => !/WebSocket|Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))
		).toEqual([]);
	} finally {
		await context.close();
	}
}, 300_000);

test('no persist() (as in WebKit): the sync details say so, the meetings list warns once, no error', async () => {
	const context = await newContext(browser, PHONE);
	await context.addInitScript(() => {
		// WebKit's StorageManager has no persist() and no persisted().
		const manager = Object.getPrototypeOf(navigator.storage) as Record<string, unknown>;
		delete manager.persist;
		delete manager.persisted;
	});
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	try {
		await list.goto(server.url);
		await list.newMeeting();
		await typeTitle(page, 'No persist');
		await page.getByRole('button', { name: 'Sync details' }).click();
		const details = page.getByRole('region', { name: 'Sync details' });
		await expect
			.poll(() => details.innerText())
			.toMatch(/This browser offers no persistent storage/);
		await page.keyboard.press('Escape');
		await page.getByRole('link', { name: 'Plenary' }).click();
		const warning = page.getByRole('alert').filter({ hasText: 'persistent storage' });
		await warning.waitFor();
		expect(await warning.innerText()).toMatch(/offers no persistent storage/);
		expect(errors).toEqual([]);
	} finally {
		await context.close();
	}
}, 120_000);
