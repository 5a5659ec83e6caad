/**
 * The meetings list and search with 1,000 meetings, in Chromium at phone size (the browser
 * tests' harness): 1,000 generated meetings (a few agenda items with notes, decisions and
 * actions each, twenty years of dates) are stored in the local notebook the way the app stores
 * them (a database per document, a row each in the meetings index), then:
 *
 * - the list: navigation start to all 1,000 rows in the page; a status filter applied, to the
 *   next frame after the list changed;
 * - search, first time: the index built from the 1,000 stored documents (none saved yet), from
 *   typing the first query to its results with the index complete;
 * - search after a reload: the saved index loaded, from typing to results;
 * - typing: each query set in the box, to the second frame after (median and worst of 20).
 *
 * Asserted only as "works" (rows and results appear); the times go to docs/benchmarks.md.
 */
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import {
	addAction,
	addAgendaItem,
	createMeeting,
	recordDecision,
	setHeader,
	setItemNotes,
	setStatus
} from '../../src/lib/model';
import { mulberry32 } from '../../src/lib/model/test-helpers';
import { LOCAL_NOTEBOOK_ID } from '../../src/lib/storage/local-notebook';
import { summarizeMinutes } from '../../src/lib/storage/model-adapter';
import { MeetingsListPage } from '../e2e/pages/meetings-list-page';
import { startAppServer } from '../e2e/support/app-server';
import { launchBrowser, newContext, PHONE } from '../e2e/support/browser';
import { benchId } from './meetings';

export interface ListResults {
	meetings: number;
	listShownMs: number;
	filterMs: number;
	searchFirstMs: number;
	searchReloadMs: number;
	typingMedianMs: number;
	typingWorstMs: number;
	indexBytes: number;
	results: number;
}

const WORDS = (
	'rent repairs mould boiler heating budget treasurer festival garden allotment volunteers ' +
	'newsletter leaflet library hall rota bicycle workshop childcare accessibility translation ' +
	'petition council landlord deposit eviction solidarity fundraising raffle banner march ' +
	'assembly quorum minutes agenda training induction safeguarding insurance accounts audit'
).split(' ');
const STATUSES = ['draft', 'review', 'approved', 'published'] as const;
const CATEGORIES = ['housing', 'repairs', 'organising', 'finance', 'events'];

interface Generated {
	name: string;
	update: string;
	row: Record<string, unknown>;
}

function generate(count: number): Generated[] {
	const next = mulberry32(18);
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
	const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
	const out: Generated[] = [];
	for (let i = 0; i < count; i++) {
		const meetingId = benchId('list', i);
		const doc = new Y.Doc();
		const day = new Date(Date.UTC(2010, 0, 5) + i * 7 * 86_400_000).toISOString().slice(0, 10);
		createMeeting(doc, { meetingId, title: `${pick(WORDS)} meeting ${i + 1}`, date: day });
		setHeader(doc, { venue: 'Community room', categories: [pick(CATEGORIES), pick(CATEGORIES)] });
		for (let j = 0; j < 5; j++) {
			const item = addAgendaItem(doc, { title: `${sentence(2)} ${j + 1}` });
			setItemNotes(doc, item, `${sentence(40)}.\n\n${sentence(30)}.`);
			if (j === 1) recordDecision(doc, { itemId: item, text: sentence(10) });
			if (j === 2) addAction(doc, { itemId: item, what: sentence(6), owners: ['Sam'] });
		}
		const status = STATUSES[i % STATUSES.length];
		if (status !== 'draft') setStatus(doc, status);
		const summary = summarizeMinutes(doc)!;
		out.push({
			name: `${LOCAL_NOTEBOOK_ID}/${meetingId}`,
			update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
			row: {
				groupId: LOCAL_NOTEBOOK_ID,
				meetingId,
				...summary,
				updatedAt: Date.now(),
				isOnDevice: true
			}
		});
	}
	return out;
}

/**
 * Stores a batch as the app does: each document's database, and the index rows. Plain
 * JavaScript in a string: tsx would wrap named functions in a helper the page does not have.
 */
const STORE_BATCH = `async (batch) => {
	const open = (name, upgrade) =>
		new Promise((resolve, reject) => {
			const request = indexedDB.open(name);
			if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	const done = (tx) =>
		new Promise((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
	await Promise.all(
		batch.map(async ({ name, update }) => {
			const db = await open('plenary/' + name, (d) => {
				d.createObjectStore('updates', { autoIncrement: true });
				d.createObjectStore('custom');
			});
			const tx = db.transaction('updates', 'readwrite');
			tx.objectStore('updates').add(Uint8Array.from(atob(update), (c) => c.charCodeAt(0)));
			await done(tx);
			db.close();
		})
	);
	const main = await open('plenary');
	const tx = main.transaction('meetings', 'readwrite');
	for (const { row } of batch) tx.objectStore('meetings').put(row);
	await done(tx);
	main.close();
}`;

/** Stores the meetings as the app does, 100 at a time. */
async function store(page: Page, meetings: Generated[]) {
	for (let i = 0; i < meetings.length; i += 100) {
		await page.evaluate(`(${STORE_BATCH})(${JSON.stringify(meetings.slice(i, i + 100))})`);
	}
}

/** ms from navigation start until `count` rows are in the page. */
async function listShown(page: Page, count: number): Promise<number> {
	return page.evaluate(async (count) => {
		while (document.querySelectorAll('[data-meeting-row]').length < count) {
			await new Promise((next) => requestAnimationFrame(next));
		}
		return performance.now();
	}, count);
}

/** Types `query` into the search box; ms until a result shows with the index complete. */
async function searchTime(page: Page, query: string): Promise<number> {
	return page.evaluate(async (query) => {
		const box = document.querySelector<HTMLInputElement>('input[type="search"]')!;
		const started = performance.now();
		box.focus();
		box.value = query;
		box.dispatchEvent(new Event('input', { bubbles: true }));
		const limit = started + 600_000;
		for (;;) {
			const summary = document.getElementById('search-summary')?.textContent ?? '';
			if (document.querySelector('.results a') && !/still reading|Loading/.test(summary)) {
				return performance.now() - started;
			}
			if (performance.now() > limit) throw new Error(`no results: ${summary}`);
			await new Promise((next) => requestAnimationFrame(next));
		}
	}, query);
}

const frames = (page: Page) =>
	page.evaluate(
		() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))
	);

export async function benchMeetingsList(
	buildDir: string,
	count: number,
	log: (message: string) => void
): Promise<ListResults> {
	const server = await startAppServer({ STATIC_DIR: buildDir });
	const browser = await launchBrowser();
	try {
		const context = await newContext(browser, PHONE);
		const page = await context.newPage();
		const list = new MeetingsListPage(page);
		await list.goto(server.url);
		log(`meetings list: storing ${count} generated meetings`);
		await store(page, generate(count));

		await page.reload();
		const listShownMs = await listShown(page, count);
		log(`meetings list: ${count} rows in ${Math.round(listShownMs)} ms`);

		await page.getByText('Filters', { exact: true }).click();
		const filterMs = await page.evaluate(async () => {
			const select = [...document.querySelectorAll('select')].find((s) =>
				s.closest('label')?.textContent?.includes('Status')
			)!;
			const before = document.querySelectorAll('[data-meeting-row]').length;
			const started = performance.now();
			select.value = 'approved';
			select.dispatchEvent(new Event('change', { bubbles: true }));
			while (document.querySelectorAll('[data-meeting-row]').length === before) {
				await new Promise((r) => requestAnimationFrame(r));
			}
			await new Promise((r) => requestAnimationFrame(r));
			return performance.now() - started;
		});
		await page.getByRole('button', { name: 'Clear filters' }).click();

		const searchFirstMs = await searchTime(page, 'mould boiler');
		log(
			`search: index built from ${count} documents, first results in ${Math.round(searchFirstMs)} ms`
		);
		// The index is saved right after it caught up; wait for the row.
		const indexBytes = await page.evaluate(async () => {
			for (let i = 0; i < 600; i++) {
				const length = await new Promise<number>((resolve) => {
					const request = indexedDB.open('plenary-search');
					request.onsuccess = () => {
						const db = request.result;
						if (!db.objectStoreNames.contains('saved')) return resolve(0);
						const get = db.transaction('saved').objectStore('saved').get('index');
						get.onsuccess = () => resolve((get.result?.json as string | undefined)?.length ?? 0);
						get.onerror = () => resolve(0);
					};
					request.onerror = () => resolve(0);
				});
				if (length) return length;
				await new Promise((r) => setTimeout(r, 500));
			}
			return 0;
		});

		await page.evaluate(() => sessionStorage.clear());
		await page.reload();
		await listShown(page, count);
		const searchReloadMs = await searchTime(page, 'festival');

		const queries = ['r', 're', 'rep', 'repa', 'repai', 'repair', 'repairs', 'repairs b'];
		queries.push('repairs bu', 'repairs bud', 'libary', 'treasurr', 'garden rota', 'quorum');
		queries.push('acc', 'access', 'accessib', 'safeguard', 'petition council', 'eviction');
		const times: number[] = [];
		for (const query of queries) {
			times.push(
				await page.evaluate(async (query) => {
					const box = document.querySelector<HTMLInputElement>('input[type="search"]')!;
					const started = performance.now();
					box.value = query;
					box.dispatchEvent(new Event('input', { bubbles: true }));
					await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
					return performance.now() - started;
				}, query)
			);
		}
		await frames(page);
		const results = await page.locator('.results a').count();
		if (results === 0) throw new Error('search found nothing for the last query');
		times.sort((a, b) => a - b);
		await context.close();
		return {
			meetings: count,
			listShownMs,
			filterMs,
			searchFirstMs,
			searchReloadMs,
			typingMedianMs: times[Math.floor(times.length / 2)],
			typingWorstMs: times.at(-1)!,
			indexBytes,
			results
		};
	} finally {
		await browser.close();
		await server.stop();
	}
}
