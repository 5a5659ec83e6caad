/**
 * A new version of the app waits for the person: with the service worker of a second build
 * changed by one byte, the screen says "New version — reload", the page stays as it is until
 * "Reload" is tapped, and then it reloads (tests/e2e/pwa.e2e.ts tests the same in Chromium alone,
 * with the failed-install cases).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Device } from '../device';
import { waitForServiceWorker } from './offline';

const PROMPT = { role: 'alert', name: '' } as const;

/** `staticDir`: the build a relay at `url` serves, which this changes. */
export async function updatePromptWaitsForReload(device: Device, url: string, staticDir: string) {
	await device.goto(url);
	await device.waitFor({ role: 'heading', name: 'Meetings' });
	await waitForServiceWorker(device);
	await device.evaluate(() => {
		(window as unknown as { marker: string }).marker = 'still this page';
	});

	const worker = join(staticDir, 'service-worker.js');
	writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// next version\n`);
	await device.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		await registration?.update();
	});
	const prompt = await device.until(
		async () => (await device.text(PROMPT)) ?? '',
		(text) => /new version/i.test(text),
		'the "New version" prompt',
		20_000
	);
	expect(prompt).toMatch(/new version — reload/i);
	// Nothing reloads by itself: the marker is still there a second later.
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	expect(await device.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
		'still this page'
	);

	await device.tap({ role: 'button', name: 'Reload', exact: true });
	await device.until(
		() => device.evaluate(() => (window as unknown as { marker?: string }).marker ?? 'reloaded'),
		(marker) => marker === 'reloaded',
		'the reload'
	);
	await device.waitFor({ role: 'heading', name: 'Meetings' });
}
