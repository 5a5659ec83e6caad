/**
 * A device whose network drops (the switch of ../network-switch.ts cuts every connection while
 * the browser still believes it is online, as a venue wifi with a dead uplink does): it keeps
 * typing, the sync status says the notes are on the device, a reload with the network cut opens
 * the meeting from the device (service worker and IndexedDB), and once the network is back the
 * relay has every word.
 */
import { expect } from 'vitest';
import type { Device } from '../device';
import { appendToNotes, NOTES, notesText, TITLE } from './minutes';

/** What the status may say while the relay is out of reach: never "up to date" or "connecting". */
export const HONEST_OFFLINE = /offline|saved on this device|out of reach/i;

/** Waits until a service worker controls the page, so a reload works with no network. */
export async function waitForServiceWorker(device: Device) {
	await device.until(
		() => device.evaluate(() => navigator.serviceWorker?.controller?.state ?? 'none'),
		(state) => state === 'activated',
		'a service worker in control'
	);
}

export interface NetworkSwitchLike {
	off(): void;
	on(): void;
}

/**
 * On an open meeting: cut the network, type, check the status, reload, type again, restore the
 * network and wait for "up to date". Returns the two phrases typed with no network.
 */
export async function keepWorkingOffline(
	device: Device,
	network: NetworkSwitchLike,
	/** The first item's notes as the relay has them, read past the switch. */
	relayNotes: () => Promise<string>
) {
	const title = await device.value(TITLE);
	await waitForServiceWorker(device);
	network.off();
	try {
		await workCutOff(device, title);
		// The cut was real: nothing typed since reached the relay.
		expect(await relayNotes()).not.toContain('typed offline');
	} finally {
		network.on();
	}
	await device.waitForStatus(/up to date/i, 30_000);
	return ['typed offline', 'after reload'];
}

async function workCutOff(device: Device, title: string | null) {
	await appendToNotes(device, ' typed offline');
	// Said within seconds, and in words that do not promise what the relay has not confirmed.
	const said = await device.waitForStatus(HONEST_OFFLINE, 15_000);
	expect(said).not.toMatch(/up to date|connecting/i);

	await device.reload();
	await device.until(
		() => device.value(TITLE),
		(value) => value === title,
		'the meeting from the device',
		30_000
	);
	await device.until(
		() => notesText(device),
		(text) => text.includes('typed offline'),
		'the notes typed offline, after the reload',
		// A reload on a busy machine: the editor's chunk from the worker, then the document.
		30_000
	);
	await appendToNotes(device, ' after reload');
	await device.waitForStatus(HONEST_OFFLINE, 15_000);
	expect(await device.count(NOTES)).toBeGreaterThan(0);
}
