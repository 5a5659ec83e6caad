/**
 * A device whose database holds its documents in the legacy `updates` table
 * (tests/fixtures/plenary-database-v10.json, restored into Chromium's IndexedDB before the app
 * first opens) keeps every meeting: "Budget review" opens with its three agenda items and notes,
 * and every document, opened or not, ends in a y-indexeddb database of its own while the legacy
 * table empties (docs/client-sync.md).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { agendaList, header, itemNotes, notesToPlainText } from '../../src/lib/model';
import { MeetingsListPage } from './pages/meetings-list-page';
import { MeetingPage } from './pages/meeting-page';
import { startAppServer, type AppServer } from './support/app-server';
import { LEGACY_DUMP, restoreLegacyDatabase } from './support/legacy-database';
import { launchBrowser, newContext, PHONE } from './support/browser';

const dump = LEGACY_DUMP;
const NOTEBOOK_DRAFT = 'local-notebook-on-this-device/W69JrrdmHPFZSOlR4F2LOO';
const documentNames = [
	...new Set(dump.stores.updates.rows.map((row) => (row.value as { name: string }).name))
].sort();

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

/** Rows left in the legacy table, and the document databases, as the page sees them. */
function storage(page: Page): Promise<{ legacyRows: number; databases: string[] }> {
	return page.evaluate(async () => {
		const opening = indexedDB.open('plenary');
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			opening.onsuccess = () => resolve(opening.result);
			opening.onerror = () => reject(opening.error);
		});
		const count = db.transaction('updates').objectStore('updates').count();
		const legacyRows = await new Promise<number>((resolve, reject) => {
			count.onsuccess = () => resolve(count.result);
			count.onerror = () => reject(count.error);
		});
		db.close();
		const databases = (await indexedDB.databases())
			.map((d) => d.name ?? '')
			.filter((name) => name.startsWith('plenary/'))
			.map((name) => name.slice('plenary/'.length))
			.sort();
		return { legacyRows, databases };
	});
}

/** A document's rows in its y-indexeddb database, merged (read in the page, decoded here). */
async function storedDocument(page: Page, name: string): Promise<Y.Doc> {
	const rows = await page.evaluate(async (databaseName) => {
		const opening = indexedDB.open(databaseName);
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			opening.onsuccess = () => resolve(opening.result);
			opening.onerror = () => reject(opening.error);
		});
		const all = db.transaction('updates').objectStore('updates').getAll();
		const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
			all.onsuccess = () => resolve(all.result);
			all.onerror = () => reject(all.error);
		});
		db.close();
		return updates.map((update) => btoa(String.fromCharCode(...new Uint8Array(update))));
	}, `plenary/${name}`);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.mergeUpdates(rows.map((row) => new Uint8Array(Buffer.from(row, 'base64')))));
	return doc;
}

test('documents in the legacy table all open, and each moves into a database of its own', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	await restoreLegacyDatabase(page, server.url);
	expect(await storage(page)).toEqual({
		legacyRows: dump.stores.updates.rows.length,
		databases: []
	});

	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.meetingLink('Budget review').click();
	const meeting = new MeetingPage(page);
	await expect.poll(() => meeting.title.inputValue()).toBe('Budget review');
	await expect
		.poll(() => meeting.outline())
		.toEqual(['1 Treasurer report', '2 Hall rental', '3 Typed offline']);
	await expect.poll(() => meeting.notes.first().innerText()).toContain('Balance is 1,240 EUR');
	expect(await meeting.notes.nth(2).innerText()).toContain('Not yet on the relay');

	// The meeting opened, and in the background every other document, left the legacy table;
	// the meeting screen also opened the meeting's comments and floor, databases of their own.
	const [groupId, meetingId] = new URL(page.url()).pathname.split('/').slice(-2);
	await expect
		.poll(() => storage(page), { timeout: 15_000 })
		.toEqual({
			legacyRows: 0,
			databases: [
				...documentNames,
				`${groupId}/${meetingId}/comments`,
				`${groupId}/${meetingId}/floor`
			].sort()
		});
	const draft = await storedDocument(page, NOTEBOOK_DRAFT);
	expect(header(draft).title).toBe('Notebook draft');
	expect(
		agendaList(draft).map((item) => [item.title, notesToPlainText(itemNotes(draft, item.id))])
	).toEqual([['Ideas', 'Ask the library about the hall']]);

	// Opened again, now from its own database only.
	await page.reload();
	await expect
		.poll(() => meeting.outline())
		.toEqual(['1 Treasurer report', '2 Hall rental', '3 Typed offline']);
	await expect.poll(() => meeting.notes.first().innerText()).toContain('Balance is 1,240 EUR');
	await context.close();
});
