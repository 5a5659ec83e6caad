/**
 * Importing Markdown minutes from the meetings list at phone size, against the real relay:
 * paste, see the preview of what was recognised, "Create meeting", and the relay has it once
 * the status says "up to date"; broken and huge pastes get a clear message and create nothing;
 * an import made offline syncs later; an address typed in notes becomes a link, in the editor
 * and in the relay's HTML export.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { agendaList, allBlocks, directory, header, meetingStatus } from '../../src/lib/model';
import { sampleMinutes } from '../../src/lib/model/fixtures/sample-minutes';
import { MeetingPage } from './pages/meeting-page';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { readFromRelay, waitForRelay } from './support/relay-reader';

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

const TITLE = "Riverside Tenants' Assembly — March meeting";
// The sample as an export writes it back, with a status the import does not take over.
const MINUTES = sampleMinutes.replace('Categories:', 'Status: in review\nCategories:');

/** A phone joined to a new relay group, on the meetings list, up to date. */
async function joinedPhone(name: string) {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.waitForServiceWorker();
	const group = await createRelayGroup(server.url, name);
	await list.joinGroup(group, server.url);
	await list.waitForStatus(/up to date/i);
	return { context, page, errors, list, group };
}

function importScreen(page: Page) {
	return {
		markdown: page.getByRole('textbox', { name: 'Markdown' }),
		create: page.getByRole('button', { name: 'Create meeting' }),
		preview: page.getByRole('region', { name: 'Preview' }),
		alert: page.getByRole('alert')
	};
}

/**
 * Pastes `text` into the box as a browser does: the value at once and one input event.
 * Playwright's `fill` types long text through the input pipeline and takes minutes for 2 MB.
 */
async function paste(box: Locator, text: string) {
	await box.evaluate((el, value) => {
		(el as HTMLTextAreaElement).value = value;
		el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
	}, text);
}

async function openImport(page: Page) {
	await page.getByRole('link', { name: 'Import', exact: true }).click();
	await importScreen(page).markdown.waitFor();
}

async function relayMeetings(group: RelayGroup): Promise<string[]> {
	const dir = await readFromRelay(server.url, group.groupId, group.tokens.view);
	return directory(dir).meetings.map((m) => m.title);
}

test('paste, preview, create: the meeting opens with its items and the relay has it', async () => {
	const { context, page, errors, list, group } = await joinedPhone('Import chapter');
	await openImport(page);
	const screen = importScreen(page);
	await expect.poll(() => screen.create.isDisabled()).toBe(true);
	await screen.markdown.fill(MINUTES);

	// The preview lists what was recognised: header, attendance, numbered items and blocks.
	await screen.preview.waitFor();
	const preview = ((await screen.preview.textContent()) ?? '').replace(/\s+/g, ' ');
	expect(preview).toContain('9 agenda items, 4 decisions, 3 actions, 2 events');
	expect(preview).toContain('Thursday 12 March 2026, 19:00–21:15');
	expect(preview).toContain('Sam Okafor');
	expect(preview).toContain('Repairs campaign');
	expect(preview).toContain('3.a.ii');
	expect(preview).toContain('Decision: The 11 members present unanimously agreed');
	expect(preview).toContain('Action: Ahmed — collate mould photos and dates, due 2026-03-31');
	expect(preview).toContain('the status "in review" was not taken over');
	const wide = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
	expect(wide).toBe(false);

	await screen.create.click();
	const meeting = new MeetingPage(page);
	await expect.poll(() => meeting.title.inputValue(), { timeout: 15_000 }).toBe(TITLE);
	await expect
		.poll(() =>
			meeting.itemTitles.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))
		)
		.toContain('Repairs campaign');
	const meetingId = new URL(page.url()).pathname.split('/')[3];

	// An address typed in notes becomes a link on the space after it.
	const repairs = (
		await meeting.itemTitles.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))
	).indexOf('Repairs campaign');
	await meeting.focusNotes(repairs);
	await page.keyboard.press('Control+End');
	await page.keyboard.type(' Photos at https://example.org/mould-photos and more');
	await expect
		.poll(() =>
			meeting.notes.nth(repairs).locator('a[href="https://example.org/mould-photos"]').count()
		)
		.toBe(1);
	await list.waitForStatus(/up to date/i, 20_000);

	// "Up to date": the relay has the meeting whole, a draft, listed in the directory.
	const minutes = await readFromRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view
	);
	expect(header(minutes).title).toBe(TITLE);
	expect(agendaList(minutes)).toHaveLength(9);
	// Two decisions and an action the sample writes in prose, besides its keyed lines.
	expect(allBlocks(minutes)).toHaveLength(9);
	expect(meetingStatus(minutes).status).toBe('draft');
	const dir = await waitForRelay(server.url, group.groupId, group.tokens.view, (doc) =>
		directory(doc).meetings.some((m) => m.meetingId === meetingId)
	);
	expect(directory(dir).meetings.map((m) => m.title)).toEqual([TITLE]);

	// The relay's HTML export links the typed address, and the sample's bare ones.
	const response = await fetch(
		`${server.url}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=html`,
		{ headers: { Authorization: `Bearer ${group.tokens.view}` } }
	);
	const html = await response.text();
	expect(html).toContain('<a href="https://example.org/mould-photos">');
	expect(html).toContain('<a href="https://example.org/events/market-stall">');
	expect(html).toContain('<dt>Status</dt><dd>draft</dd>');
	expect(errors).toEqual([]);
	await context.close();
});

test('a broken or huge paste gets a clear message and creates nothing', async () => {
	const { context, page, errors, list, group } = await joinedPhone('Broken imports');
	await openImport(page);
	const screen = importScreen(page);

	// A year of minutes pasted at once: over the 2,000,000 characters one import reads.
	const huge = `${sampleMinutes}\n`.repeat(Math.ceil(2_000_001 / sampleMinutes.length));
	await paste(screen.markdown, huge);
	await expect
		.poll(() => screen.alert.textContent(), { timeout: 20_000 })
		.toMatch(/longer than 2,000,000 characters.*Nothing was created/);
	expect(await screen.create.isDisabled()).toBe(true);

	// A picked file that is not text.
	await page.getByLabel('Or pick a file').setInputFiles({
		name: 'minutes.md',
		mimeType: 'text/markdown',
		buffer: Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x00, 0x81])
	});
	await expect
		.poll(() => screen.alert.textContent())
		.toMatch(/“minutes.md” is not a text file \(UTF-8\)/);
	expect(await screen.create.isDisabled()).toBe(true);

	await paste(
		screen.markdown,
		Array.from({ length: 5_001 }, (_, i) => `## ${i + 1}. Item`).join('\n')
	);
	await expect
		.poll(() => screen.alert.textContent(), { timeout: 20_000 })
		.toMatch(/5,001 agenda items; one import may build at most 5,000/);
	expect(await screen.create.isDisabled()).toBe(true);
	expect(await screen.preview.count()).toBe(0);

	await paste(screen.markdown, ' \n ');
	await expect.poll(() => screen.alert.count()).toBe(0);
	expect(await screen.create.isDisabled()).toBe(true);

	await page.getByRole('link', { name: 'Cancel' }).click();
	await list.heading.waitFor();
	await list.waitForStatus(/up to date/i);
	expect(await page.locator('.meetings a').count()).toBe(0);
	expect(await relayMeetings(group)).toEqual([]);
	expect(errors).toEqual([]);
	await context.close();
});

test('an import made offline is kept on the device and reaches the relay later', async () => {
	const { context, page, list, group } = await joinedPhone('Offline imports');
	await context.setOffline(true);
	await list.waitForStatus(/offline/i);

	// The import screen and its worker come from the service worker's cache.
	await openImport(page);
	const screen = importScreen(page);
	await screen.markdown.fill(MINUTES);
	await screen.preview.waitFor();
	await screen.create.click();
	const meeting = new MeetingPage(page);
	await expect.poll(() => meeting.title.inputValue(), { timeout: 15_000 }).toBe(TITLE);
	const meetingId = new URL(page.url()).pathname.split('/')[3];
	await list.waitForStatus(/offline/i);
	await page.getByRole('link', { name: 'Plenary' }).click();
	await list.meetingLink(TITLE).waitFor();

	await context.setOffline(false);
	await list.waitForStatus(/up to date/i, 20_000);
	const minutes = await readFromRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view
	);
	expect(agendaList(minutes)).toHaveLength(9);
	const dir = await waitForRelay(server.url, group.groupId, group.tokens.view, (doc) =>
		directory(doc).meetings.some((m) => m.meetingId === meetingId)
	);
	expect(directory(dir).meetings.map((m) => m.title)).toEqual([TITLE]);
	await context.close();
});
