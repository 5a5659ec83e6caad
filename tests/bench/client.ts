/**
 * The client in Debian's Chromium (the browser tests' harness): a phone-sized persistent profile
 * visits the app once online (the service worker caches the shell), two meetings are put into
 * its IndexedDB, then every measurement starts a new browser process on that profile, offline:
 *
 * - cold start: the fallback page to an editable meeting (its title field and a mounted
 *   ProseMirror notes editor) with 4× CPU throttling (CDP `Emulation.setCPUThrottlingRate`);
 * - a 3-hour meeting (300 items, 100,000 characters typed keystroke by keystroke, stored as one
 *   compacted row) from IndexedDB to its last agenda item on screen, without throttling and 4×;
 * - typing latency in that meeting: keydown to the next frame after the editor's update, with 4×
 *   throttling.
 *
 * Times are read in the page (`performance.now()`, zero at navigation start).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { minutesDocumentName } from '../../src/lib/protocol/document-names';
import { MeetingsListPage } from '../e2e/pages/meetings-list-page';
import { startAppServer } from '../e2e/support/app-server';
import { launchPersistent, PHONE } from '../e2e/support/browser';
import { typeMeeting, type MeetingShape } from './meetings';

export interface ClientScale {
	repeats: number;
	largeItems: number;
	largeCharacters: number;
	keystrokes: number;
}

export interface ClientResults {
	coldStart: number[];
	largeOpen: number[];
	largeOpenThrottled: number[];
	typing: { p50: number; p99: number; samples: number };
	/**
	 * JS and CSS the browser fetched for the first screen within a second of showing it, including
	 * what the screen loads with `import()` once shown: gzip (level 9) bytes.
	 */
	firstScreenFetched: { files: number; gzip: number };
	largeStoredBytes: number;
	/** Where the last cold start's time went (ms from navigation start). */
	coldPhases: ColdPhases;
}

export interface ColdPhases {
	/** the fallback page, from the service worker */
	html: number;
	domInteractive: number;
	/** JS files fetched before the meeting was editable, and when the last one arrived */
	scripts: number;
	scriptsDone: number;
	/** the editor chunk's fetch: start and end */
	editorChunk: [number, number];
	editable: number;
	drawn: number;
}

interface Seeded {
	url: string;
	name: string;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Writes `update` as one more row of the document's own database, as the app stores it. */
async function appendRow(page: Page, name: string, update: Uint8Array): Promise<void> {
	await page.evaluate(
		async ({ databaseName, base64 }) => {
			const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(databaseName);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			await new Promise<void>((resolve, reject) => {
				const tx = db.transaction('updates', 'readwrite');
				tx.objectStore('updates').add(bytes);
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
			db.close();
		},
		{ databaseName: `plenary/${name}`, base64: Buffer.from(update).toString('base64') }
	);
}

/** The document's rows as stored, merged. */
async function readRows(page: Page, name: string): Promise<Uint8Array> {
	const rows = await page.evaluate(async (databaseName) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(databaseName);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const all = await new Promise<Uint8Array[]>((resolve, reject) => {
			const request = db.transaction('updates').objectStore('updates').getAll();
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		db.close();
		return all.map((update) => btoa(String.fromCharCode(...new Uint8Array(update))));
	}, `plenary/${name}`);
	return Y.mergeUpdates(rows.map((row) => new Uint8Array(Buffer.from(row, 'base64'))));
}

/** A new meeting made through the app, then filled in from Node as one more stored row. */
export async function seedMeeting(
	page: Page,
	list: MeetingsListPage,
	baseUrl: string,
	shape: MeetingShape
): Promise<Seeded & { bytes: number }> {
	await list.goto(baseUrl);
	const { groupId, meetingId } = await list.newMeeting();
	const url = page.url();
	await page.waitForTimeout(500);
	await list.goto(baseUrl);
	const name = minutesDocumentName(groupId, meetingId);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await readRows(page, name));
	const before = Y.encodeStateVector(doc);
	typeMeeting({ ...shape, doc });
	const update = Y.encodeStateAsUpdate(doc, before);
	await appendRow(page, name, update);
	return { url, name, bytes: Y.encodeStateAsUpdate(doc).length };
}

async function throttledPage(context: BrowserContext, rate: number): Promise<Page> {
	const page = context.pages()[0] ?? (await context.newPage());
	const cdp = await context.newCDPSession(page);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate });
	return page;
}

/**
 * Navigates and returns the page's own time (ms since navigation start) at which the first frame
 * after `ready` held was drawn: the work that frame does (layout, fitting fields) counts.
 */
async function timeTo(page: Page, url: string, ready: Ready): Promise<number> {
	await page.goto(url, { waitUntil: 'commit' });
	// The check is data, not code: the app's Content-Security-Policy forbids compiling strings.
	const handle = await page.waitForFunction(
		({ items, editor }) => {
			const marks = window as unknown as { __readyAt?: number; __drawnAt?: number };
			if (marks.__drawnAt) return marks.__drawnAt;
			const isReady =
				!!document.querySelector('[aria-label="Title"], input[name="title"]') &&
				document.querySelectorAll('li[data-item-id]').length >= items &&
				(!editor || !!document.querySelector('.ProseMirror[contenteditable="true"]'));
			if (marks.__readyAt || !isReady) return 0;
			marks.__readyAt = performance.now();
			requestAnimationFrame(() => setTimeout(() => (marks.__drawnAt = performance.now())));
			return 0;
		},
		ready,
		{ polling: 'raf', timeout: 60_000 }
	);
	return (await handle.jsonValue()) as number;
}

async function coldPhases(page: Page, editorFile: string): Promise<ColdPhases> {
	return page.evaluate((editorFile) => {
		const marks = window as unknown as { __readyAt: number; __drawnAt: number };
		const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
		const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
			.filter((r) => r.name.endsWith('.js') && r.startTime < marks.__readyAt)
			.sort((a, b) => a.responseEnd - b.responseEnd);
		const editor = scripts.find((r) => editorFile && r.name.endsWith(editorFile));
		const others = scripts.filter((r) => r !== editor);
		return {
			html: nav.responseEnd,
			domInteractive: nav.domInteractive,
			scripts: scripts.length,
			scriptsDone: others.length ? others[others.length - 1].responseEnd : 0,
			editorChunk: editor ? [editor.startTime, editor.responseEnd] : [0, 0],
			editable: marks.__readyAt,
			drawn: marks.__drawnAt
		} as ColdPhases;
	}, editorFile);
}

/** When a screen counts as ready: its title field, this many items, and an editor if asked. */
interface Ready {
	items: number;
	editor: boolean;
}

/** The typical meeting: its title and a notes editor ready to type in. */
const EDITABLE: Ready = { items: 0, editor: true };

export async function benchClient(
	buildDir: string,
	scale: ClientScale,
	log: (message: string) => void,
	/** The editor chunk's file in the build, to time its fetch. */
	editorFile = ''
): Promise<ClientResults> {
	const server = await startAppServer({ STATIC_DIR: buildDir });
	const profile = mkdtempSync(join(tmpdir(), 'plenary-bench-profile-'));
	try {
		log('client: first visit, service worker, seeding two meetings');
		let context = await launchPersistent(profile, PHONE);
		let page = context.pages()[0] ?? (await context.newPage());
		const fetched: { url: string; gzip: number }[] = [];
		page.on('response', (response) => {
			const url = response.url();
			if (/\.(js|css)$/.test(url) && !url.endsWith('/service-worker.js')) {
				void response
					.body()
					.then((body) => fetched.push({ url, gzip: gzipSync(body, { level: 9 }).length }))
					.catch(() => {});
			}
		});
		const list = new MeetingsListPage(page);
		await list.goto(server.url);
		await list.waitForServiceWorker();
		await page.waitForTimeout(1_000);
		const firstScreenFetched = {
			files: fetched.length,
			gzip: fetched.reduce((a, f) => a + f.gzip, 0)
		};
		const typical = await seedMeeting(page, list, server.url, {
			items: 12,
			characters: 6_000,
			seed: 21
		});
		const large = await seedMeeting(page, list, server.url, {
			items: scale.largeItems,
			characters: scale.largeCharacters,
			seed: 3
		});
		await context.close();

		const coldStart: number[] = [];
		let phases: ColdPhases | undefined;
		const largeOpen: number[] = [];
		const largeOpenThrottled: number[] = [];
		const lastItem: Ready = { items: scale.largeItems, editor: false };
		for (let i = 0; i < scale.repeats; i++) {
			log(`client: cold starts ${i + 1}/${scale.repeats}`);
			for (const [rate, url, ready, into] of [
				[4, typical.url, EDITABLE, coldStart],
				[1, large.url, lastItem, largeOpen],
				[4, large.url, lastItem, largeOpenThrottled]
			] as const) {
				context = await launchPersistent(profile, PHONE);
				await context.setOffline(true);
				page = await throttledPage(context, rate);
				into.push(await timeTo(page, url, ready));
				if (into === coldStart) phases = await coldPhases(page, editorFile);
				await context.close();
			}
		}

		log('client: typing in the 3-hour meeting');
		context = await launchPersistent(profile, PHONE);
		await context.setOffline(true);
		page = await throttledPage(context, 4);
		await timeTo(page, large.url, lastItem);
		const target = page.locator('li[data-item-id]').nth(Math.floor(scale.largeItems / 2));
		await target.scrollIntoViewIfNeeded();
		const editor = target.locator('.ProseMirror[contenteditable="true"]').first();
		await editor.waitFor({ timeout: 30_000 });
		await editor.click();
		await page.keyboard.press('End');
		await page.evaluate(() => {
			const samples: number[] = [];
			(window as unknown as { __typing: number[] }).__typing = samples;
			document.addEventListener(
				'keydown',
				(event) => {
					const start = event.timeStamp;
					// The frame after the editor handled the key: what the person sees.
					requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - start)));
				},
				{ capture: true }
			);
		});
		const words = 'the members agreed to meet again next month ';
		for (let k = 0; k < scale.keystrokes; k++) {
			await page.keyboard.type(words[k % words.length]);
			await page.waitForTimeout(60);
		}
		await page.waitForTimeout(500);
		const samples = (
			(await page.evaluate(() => (window as unknown as { __typing: number[] }).__typing)) ?? []
		).sort((a, b) => a - b);
		await context.close();
		const pick = (p: number) =>
			samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
		return {
			coldStart,
			largeOpen,
			largeOpenThrottled,
			typing: { p50: pick(0.5), p99: pick(0.99), samples: samples.length },
			firstScreenFetched,
			largeStoredBytes: large.bytes,
			coldPhases: phases!
		};
	} finally {
		await server.stop();
		rmSync(profile, { recursive: true, force: true });
	}
}

export { median };
