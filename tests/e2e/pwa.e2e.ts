/**
 * The app as an installable PWA: Chromium's installability check passes, navigations work
 * offline from the service worker, the API and the websocket relay never come from a cache, and
 * a new version waits for the person: "New version — reload", no reload on its own. A first
 * install cut off by the network is tried again when the network returns.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, launchPersistent, newContext, PHONE, watchErrors } from './support/browser';

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

test('Chromium finds nothing that keeps the app from being installed', async () => {
	const profile = mkdtempSync(join(tmpdir(), 'plenary-profile-'));
	const context = await launchPersistent(profile);
	try {
		const page = await context.newPage();
		await new MeetingsListPage(page).goto(server.url);
		await new MeetingsListPage(page).waitForServiceWorker();
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		expect(installabilityErrors).toEqual([]);
		const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[] };
		expect(manifest.errors).toEqual([]);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
});

test('offline, any route gets the app shell; the API and the relay are never cached', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	const apiAnswer = await page.evaluate(async () => (await fetch('/healthz')).status);
	expect(apiAnswer).toBe(200);

	await context.setOffline(true);
	await page.goto(`${server.url}/meeting/some-group-id-0000/some-meeting-id-0000`);
	await page.getByRole('link', { name: 'Plenary' }).waitFor();
	const offlineFetch = await page.evaluate(async () => {
		try {
			return String((await fetch('/healthz')).status);
		} catch {
			return 'network error';
		}
	});
	expect(offlineFetch).toBe('network error');
	const cached = await page.evaluate(async () => {
		const urls: string[] = [];
		for (const key of await caches.keys()) {
			for (const request of await (await caches.open(key)).keys())
				urls.push(new URL(request.url).pathname);
		}
		return urls;
	});
	expect(cached).toContain('/200.html');
	expect(cached.filter((path) => /^\/(api|sync|p|healthz|metrics)(\/|$)/.test(path))).toEqual([]);
	expect(
		errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))
	).toEqual([]);
	await context.close();
});

test('a new version shows "New version — reload" and reloads only when asked', async () => {
	// A second copy of the build whose service worker differs by one byte is a new version.
	const dir = mkdtempSync(join(tmpdir(), 'plenary-build-'));
	const staticDir = join(dir, 'build');
	cpSync(process.env.STATIC_DIR ?? 'build', staticDir, { recursive: true });
	const second = await startAppServer({ STATIC_DIR: staticDir });
	const context = await newContext(browser, PHONE);
	try {
		const page = await context.newPage();
		const list = new MeetingsListPage(page);
		await list.goto(second.url);
		await list.waitForServiceWorker();
		await page.evaluate(() => {
			(window as unknown as { marker: string }).marker = 'still this page';
		});

		// A new version whose install fails (a precached file missing) changes nothing on screen:
		// the worker in charge keeps serving, so the app still opens offline.
		const worker = join(staticDir, 'service-worker.js');
		const icon = join(staticDir, 'favicon.svg');
		renameSync(icon, `${icon}.away`);
		writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// a version that fails\n`);
		const failed = await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			await registration?.update();
			const installing = registration?.installing;
			if (!installing) return 'nothing installed';
			while (installing.state !== 'redundant') {
				await new Promise((resolve) => installing.addEventListener('statechange', resolve));
			}
			return installing.state;
		});
		expect(failed).toBe('redundant');
		expect(await page.getByRole('alert').count()).toBe(0);
		renameSync(`${icon}.away`, icon);

		writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// next version\n`);
		await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.getRegistration();
			await registration?.update();
		});
		const prompt = page.getByRole('alert').filter({ hasText: 'New version' });
		await prompt.waitFor({ timeout: 15_000 });
		await expect(prompt.innerText()).resolves.toMatch(/new version — reload/i);
		await page.waitForTimeout(1_000);
		await expect(
			page.evaluate(() => (window as unknown as { marker?: string }).marker)
		).resolves.toBe('still this page');

		await Promise.all([
			page.waitForEvent('framenavigated'),
			prompt.getByRole('button', { name: 'Reload' }).click()
		]);
		await list.heading.waitFor();
		await expect(
			page.evaluate(() => (window as unknown as { marker?: string }).marker)
		).resolves.toBeUndefined();
	} finally {
		await context.close();
		await second.stop();
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a first install that fails is tried again when the network returns', async () => {
	// A copy of the build missing one precached file: the worker's install fails, as it would
	// if the venue wifi dropped while the shell was being cached.
	const dir = mkdtempSync(join(tmpdir(), 'plenary-build-'));
	const staticDir = join(dir, 'build');
	cpSync(process.env.STATIC_DIR ?? 'build', staticDir, { recursive: true });
	const icon = join(staticDir, 'favicon.svg');
	renameSync(icon, `${icon}.away`);
	const third = await startAppServer({ STATIC_DIR: staticDir });
	const context = await newContext(browser, PHONE);
	try {
		const page = await context.newPage();
		const installFailed = page.waitForEvent('console', {
			predicate: (message) =>
				/Service worker registration failed|install failed/.test(message.text()),
			timeout: 15_000
		});
		const list = new MeetingsListPage(page);
		await list.goto(third.url);
		await installFailed;
		expect(await page.evaluate(() => navigator.serviceWorker.getRegistration())).toBeUndefined();
		expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
		// Closing the tab now would lose the app until the network is back: said on screen.
		const notice = page.getByRole('alert').filter({ hasText: 'not saved on this device yet' });
		await notice.waitFor();
		expect(await notice.textContent()).toMatch(/will not open again with no network/);

		renameSync(`${icon}.away`, icon);
		await context.setOffline(true);
		await context.setOffline(false);
		await list.waitForServiceWorker();
		// It takes control (clients.claim) while still activating: wait for the end of that.
		await expect
			.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state))
			.toBe('activated');
		await notice.waitFor({ state: 'detached' });
		await page.getByRole('button', { name: 'Sync details' }).click();
		await page
			.getByRole('region', { name: 'Sync details' })
			.getByText('Plenary is saved on this device: it opens with no network.')
			.waitFor();

		// Controlled now, the app starts with no network.
		await context.setOffline(true);
		await page.reload();
		await list.heading.waitFor();
	} finally {
		await context.close();
		await third.stop();
		rmSync(dir, { recursive: true, force: true });
	}
});
