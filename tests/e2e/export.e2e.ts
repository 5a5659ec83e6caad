/**
 * Export from the app at phone size: each format saved from the Export sheet holds the bytes the
 * relay's `GET …/export?format=` answers for the same minutes (ICS: but for DTSTAMP, the time
 * each was written), offline too, with the item marked "not for publication" left out unless an
 * editor asks for it; printing gives the minutes, not the form; the read-only screen draws the
 * notes formatted, within 360 px, and keeps hostile text inert.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { JoinPage } from './pages/join-page';
import { MeetingPage } from './pages/meeting-page';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';

const LONG_URL = `https://example.org/${'a-very-long-path-segment/'.repeat(8)}end`;
const MINUTES = `# March general meeting <script>alert("title")</script>

Date: Thursday 12 March 2026, 19:00–21:15
Venue: Community room " onmouseover="alert('venue')

## 1. Repairs campaign

Mould reports now cover **23 flats**, see [the survey](https://example.org/survey), [${LONG_URL}](${LONG_URL}) and [a trap](javascript:alert('link')) " onmouseover="alert('notes') <img src=x onerror=alert('img')>

- first point
- second point

Decision: send a second letter. Agreed by consensus (11 present).
Action: Ahmed — collate mould photos, due 2026-03-31
Event: Saturday 21 March 2026, 11:00 — Stall at the market — Market square — https://example.org/stall

## 2. Rent arrears of flat 4 (not for publication)

Action: Joy — call the tenant about the arrears, due 2026-03-20

## 3. Budget review

The treasurer reported; the accounts are at https://example.org/accounts for members.

## Next meeting

Wednesday 15 April 2026, 19:00–21:00, Community room.
`;

const FORMATS = [
	['Markdown', 'md'],
	['HTML', 'html'],
	['Plain text', 'txt'],
	['ICS', 'ics'],
	['CSV', 'csv']
] as const;
const HELD = /Rent arrears|call the tenant/;

let server: AppServer;
let browser: Browser;
let group: RelayGroup;
let meetingId: string;
let meetingUrl: string;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	group = await createRelayGroup(server.url, 'Riverside');
	const response = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: {
			'Content-Type': 'text/markdown; charset=utf-8',
			Authorization: `Bearer ${group.tokens.edit}`
		},
		body: MINUTES
	});
	if (response.status !== 201) throw new Error(`POST meetings: ${response.status}`);
	meetingId = ((await response.json()) as { meetingId: string }).meetingId;
	meetingUrl = `${server.url}/meeting/${group.groupId}/${meetingId}`;
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function relayExport(format: string): Promise<Buffer> {
	const response = await fetch(
		`${server.url}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=${format}`,
		{ headers: { Authorization: `Bearer ${group.tokens.view}` } }
	);
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
}

/** The calendar's DTSTAMP is when it was written: the one line two writers may differ on. */
function comparable(format: string, bytes: Buffer): string | Buffer {
	return format === 'ics'
		? bytes.toString('utf8').replace(/^DTSTAMP:\d{8}T\d{6}Z\r$/gm, 'DTSTAMP:')
		: bytes;
}

async function join(token: string, name: string, width?: number): Promise<Page> {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	if (width) await page.setViewportSize({ width, height: 740 });
	await new JoinPage(page).join(`${server.url}/join#${token}`, name);
	await page.goto(meetingUrl);
	return page;
}

function exportSheet(page: Page) {
	return page.getByRole('dialog', { name: 'Export' });
}

async function openExport(page: Page) {
	await page.getByRole('button', { name: 'Export', exact: true }).click();
	await exportSheet(page).waitFor();
}

/** Taps a format in the open Export sheet and returns the file the browser saved. */
async function save(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
	const [download] = await Promise.all([
		page.waitForEvent('download') as Promise<Download>,
		exportSheet(page).getByRole('button', { name: label, exact: true }).click()
	]);
	return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

test('an editor saves every format with the relay’s bytes, offline too, and prints the minutes', async () => {
	const page = await join(group.tokens.edit, 'Eli');
	const errors = watchErrors(page);
	const meeting = new MeetingPage(page);
	await meeting.title.waitFor();
	// A heading typed into the notes here, so the downloads hold a change made on this device.
	await meeting.typeNotes(2, ['', '# Spending so far']);
	await page.keyboard.press('Enter');
	await page.keyboard.type('Spent so far: 120 pounds');
	await new MeetingsListPage(page).waitForStatus(/up to date/i, 20_000);

	await openExport(page);
	expect(await seriousAxeViolations(page)).toEqual([]);
	const saved = new Map<string, Buffer>();
	for (const [label, format] of FORMATS) {
		const file = await save(page, label);
		expect(file.name).toMatch(new RegExp(`^2026-03-12-march-general-meeting-[a-z-]+\\.${format}$`));
		expect(comparable(format, file.bytes), format).toEqual(
			comparable(format, await relayExport(format))
		);
		expect(file.bytes.toString('utf8'), format).not.toMatch(HELD);
		saved.set(format, file.bytes);
	}
	expect(saved.get('md')!.toString('utf8')).toContain('Spending so far');

	// Editors may ask for the held items too, in a file named so.
	await exportSheet(page)
		.getByRole('checkbox', { name: 'Include items not for publication' })
		.check();
	const internal = await save(page, 'Markdown');
	expect(internal.name).toMatch(/-internal\.md$/);
	expect(internal.bytes.toString('utf8')).toMatch(/Rent arrears of flat 4/);
	await exportSheet(page)
		.getByRole('checkbox', { name: 'Include items not for publication' })
		.uncheck();

	// Offline: made on the device, the same files.
	await page.context().setOffline(true);
	await new MeetingsListPage(page).waitForStatus(/offline/i, 20_000);
	for (const [label, format] of FORMATS) {
		const file = await save(page, label);
		expect(comparable(format, file.bytes), format).toEqual(comparable(format, saved.get(format)!));
	}
	expect(
		await exportSheet(page)
			.getByText('Items not for publication are left out of the print')
			.isVisible()
	).toBe(true);

	// "Print" shows the print view, then asks the browser to print.
	await page.evaluate(() => {
		const w = window as unknown as { printed: number; print: () => void };
		w.printed = 0;
		w.print = () => {
			w.printed = document.querySelectorAll('body > .print-minutes').length;
		};
	});
	await exportSheet(page).getByRole('button', { name: 'Print', exact: true }).click();
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed))
		.toBe(1);
	await page.context().setOffline(false);

	// On paper: the minutes as text, no form control, no held item.
	await page.emulateMedia({ media: 'print' });
	await page.getByText('Repairs campaign').filter({ visible: true }).first().waitFor();
	const controls = page.locator('input, textarea, select, button, [contenteditable]').filter({
		visible: true
	});
	expect(await controls.count()).toBe(0);
	for (const text of [
		'Spent so far: 120 pounds',
		'23 flats',
		'collate mould photos',
		'Stall at the market'
	]) {
		expect(await page.getByText(text).filter({ visible: true }).count(), text).toBeGreaterThan(0);
	}
	expect(await page.getByText(HELD).filter({ visible: true }).count()).toBe(0);
	expect(await page.getByRole('status').filter({ visible: true }).count()).toBe(0);
	await page.emulateMedia({ media: 'screen' });
	await meeting.title.waitFor({ state: 'visible' });
	expect(await page.locator('body > .print-minutes').count()).toBe(0);
	expect(errors).toEqual([]);
	await page.context().close();
});

test('the read-only screen shows the minutes formatted within 360 px, hostile text inert', async () => {
	const page = await join(group.tokens.view, 'Vi', 360);
	const errors = watchErrors(page);
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await page.getByText('You can only view these minutes.').waitFor();

	await page.getByRole('heading', { name: 'Spending so far' }).waitFor();
	expect(await page.locator('strong', { hasText: '23 flats' }).isVisible()).toBe(true);
	expect(
		await page
			.getByRole('listitem')
			.filter({ hasText: /^first point$/ })
			.isVisible()
	).toBe(true);
	const survey = page.getByRole('link', { name: 'the survey' });
	expect(await survey.getAttribute('href')).toBe('https://example.org/survey');
	// A bare address in the notes is a link here too, as in the exports and on the public page.
	const bare = page.getByRole('link', { name: 'https://example.org/accounts' });
	expect(await bare.getAttribute('href')).toBe('https://example.org/accounts');
	const long = page.getByRole('link', { name: LONG_URL });
	expect(await long.getAttribute('href')).toBe(LONG_URL);
	expect(await long.isVisible()).toBe(true);
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth <= document.documentElement.clientWidth
		)
	).toBe(true);

	// The held item is there for members, marked in words.
	const held = page.getByRole('listitem').filter({ hasText: 'Rent arrears of flat 4' });
	expect(await held.getByText('Not for publication').isVisible()).toBe(true);

	// Hostile text is text: no script, no handler, no javascript: link, no dialog.
	expect(await page.getByText('<script>alert("title")</script>').first().isVisible()).toBe(true);
	await page
		.getByText(/onmouseover/)
		.first()
		.hover();
	await page.getByText('a trap').hover();
	expect(
		await page.evaluate(() => ({
			handlers: document.querySelectorAll('[onmouseover], [onerror]').length,
			scripts: [...document.scripts].filter((s) => s.textContent?.includes('alert')).length,
			images: document.querySelectorAll('img[src="x"]').length,
			badLinks: [...document.querySelectorAll('a[href]')].filter((a) =>
				/^\s*javascript:/i.test(a.getAttribute('href')!)
			).length
		}))
	).toEqual({ handlers: 0, scripts: 0, images: 0, badLinks: 0 });
	expect(await page.getByRole('link', { name: 'a trap' }).count()).toBe(0);

	// Viewers export too, without the held items and without the choice to include them; by
	// keyboard alone, Escape closes the sheet and gives the focus back.
	const exportButton = page.getByRole('button', { name: 'Export', exact: true });
	await exportButton.focus();
	await page.keyboard.press('Enter');
	await exportSheet(page).waitFor();
	await page.keyboard.press('Escape');
	await exportSheet(page).waitFor({ state: 'hidden' });
	expect(await exportButton.evaluate((button) => button === document.activeElement)).toBe(true);
	await page.keyboard.press('Enter');
	await exportSheet(page).waitFor();
	expect(await exportSheet(page).getByRole('checkbox').count()).toBe(0);
	expect(await seriousAxeViolations(page)).toEqual([]);
	const file = await save(page, 'Markdown');
	expect(file.bytes).toEqual(await relayExport('md'));
	await exportSheet(page).getByRole('button', { name: 'Close' }).click();

	// Printing the read-only screen gives the minutes without the held item either.
	await page.emulateMedia({ media: 'print' });
	await page.getByText('Repairs campaign').filter({ visible: true }).first().waitFor();
	expect(
		await page
			.locator('input, textarea, select, button, [contenteditable]')
			.filter({ visible: true })
			.count()
	).toBe(0);
	expect(await page.getByText(HELD).filter({ visible: true }).count()).toBe(0);
	await page.emulateMedia({ media: 'screen' });

	expect(dialogs).toEqual([]);
	expect(errors).toEqual([]);
	await page.context().close();
});
