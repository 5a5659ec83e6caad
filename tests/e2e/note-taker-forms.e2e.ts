/**
 * What a first-time organiser and a note-taker meet at phone size (issue 16): dates and times in
 * the person's locale, an action's fields that fit, counts that do not contradict each other, a
 * note on a tally that cannot be right, a Share screen that says when its links only work on
 * this computer, no token in any log while the relay goes down and comes back, a live region
 * that tells what others change (not what loading produced), and a first screen that offers
 * both ways to start.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SharePanel } from './pages/join-page';
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

async function phoneIn(locale: string): Promise<{ context: BrowserContext; page: Page }> {
	const localized = await browser.newContext({
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
		locale
	});
	localized.setDefaultTimeout(15_000);
	return { context: localized, page: await localized.newPage() };
}

/** Leaves the focused field the way a person does, so it shows what it stored. */
async function leave(page: Page) {
	await page.keyboard.press('Tab');
}

describe.each([
	['en-GB', '14 Mar 2025', '31 Mar 2025'],
	['en-US', 'Mar 14, 2025', 'Mar 31, 2025']
])('dates in %s', (locale, meetingDate, dueDate) => {
	test('the Date, an action’s Due and an event’s Day read alike, in the locale', async () => {
		const { context, page } = await phoneIn(locale);
		const errors = watchErrors(page);
		const meeting = new MeetingPage(page);
		await meeting.createFromList(server.url);

		await meeting.date.fill('2025-03-14');
		await leave(page);
		await expect.poll(() => meeting.date.inputValue()).toBe(meetingDate);

		await meeting.addItem('Repairs');
		await meeting.button('Add action').click();
		await page.keyboard.type('collate mould photos');
		const action = await meeting.currentBlock();
		await action.getByLabel('Who').fill('Ahmed');
		const due = action.getByRole('textbox', { name: 'Due' });
		await due.fill('2025-03-31');
		await leave(page);
		await expect.poll(() => due.inputValue()).toBe(dueDate);

		// Typed in the form shown, it is read back the same.
		await meeting.date.fill(dueDate);
		await leave(page);
		await expect.poll(() => meeting.date.inputValue()).toBe(dueDate);
		expect(await page.getByText(/Type a date like/).count()).toBe(0);
		await context.close();
		expect(errors).toEqual([]);
	});
});

test('an action’s Who and Due fit a phone; counts and tallies do not contradict', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const meeting = new MeetingPage(page);
	await meeting.createFromList(server.url);
	await meeting.addItem('Repairs');
	await meeting.button('Add action').click();
	await page.keyboard.type('collate mould photos and dates');
	const action = await meeting.currentBlock();
	await action.getByLabel('Who').fill('Ahmed, Lena, Priya Sharma');
	await action.getByLabel('Due').fill('2025-03-31');
	const card = await action.boundingBox();
	for (const label of ['Who', 'Due']) {
		const field = action.getByLabel(label);
		const box = (await field.boundingBox())!;
		// Inside the card, and three names or a date shown whole, nothing scrolled out of sight.
		expect(box.x, label).toBeGreaterThanOrEqual(card!.x);
		expect(box.x + box.width, label).toBeLessThanOrEqual(card!.x + card!.width + 0.5);
		expect(box.width, label).toBeGreaterThanOrEqual(140);
		expect(
			await field.evaluate((input: HTMLInputElement) => input.scrollWidth <= input.clientWidth),
			label
		).toBe(true);
	}
	expect(await meeting.hasHorizontalScroll()).toBe(false);

	// 14 present, nobody named: the heading never says "0 present".
	const present = page.getByLabel('Present count, if not named');
	await present.fill('14');
	await leave(page);
	const heading = page.getByRole('heading', { name: /attendance/i });
	await expect.poll(() => heading.textContent()).toMatch(/14 present/);
	expect(await heading.textContent()).not.toMatch(/(^|\D)0 present/);

	// A vote of 9 from 3 present: accepted, with a polite word.
	await meeting.button('Add decision').click();
	await page.keyboard.type('buy a new banner');
	const decision = await meeting.currentBlock();
	await decision.getByLabel('How').selectOption('vote');
	await decision.getByLabel('Present').fill('3');
	await leave(page);
	const note = decision.locator('.doubt[aria-live="polite"]');
	expect(await note.textContent()).toBe('');
	await decision.getByLabel('For').fill('9');
	await expect.poll(() => note.textContent()).toMatch(/more votes than the 3 present/i);
	expect(await decision.getByLabel('For').inputValue()).toBe('9');
	await decision.getByLabel('For').fill('2');
	await decision.getByLabel('Against').fill('1');
	await expect.poll(() => note.textContent()).toBe('');

	expect(await seriousAxeViolations(page)).toEqual([]);
	await context.close();
	expect(errors).toEqual([]);
});

describe('with a group on the relay', () => {
	let group: RelayGroup;
	let meetingId: string;

	beforeAll(async () => {
		group = await createRelayGroup(server.url, 'Riverside tenants');
		const items = Array.from({ length: 8 }, (_, i) => `## ${i + 1}. Item ${i + 1}\n`).join('\n');
		const response = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
			method: 'POST',
			headers: {
				'Content-Type': 'text/markdown; charset=utf-8',
				Authorization: `Bearer ${group.tokens.edit}`
			},
			body: `# Eight items\n\n${items}`
		});
		if (response.status !== 201) throw new Error(`POST meetings: ${response.status}`);
		({ meetingId } = (await response.json()) as { meetingId: string });
	});

	async function member(name: string) {
		const context = await newContext(browser, PHONE);
		// What live regions say of agenda items, from the first paint on (an init script runs
		// outside the page's CSP).
		await context.addInitScript(() => {
			const heard: string[] = [];
			(window as unknown as { heard: string[] }).heard = heard;
			new MutationObserver(() => {
				for (const region of document.querySelectorAll('[aria-live]')) {
					const text = region.textContent?.trim() ?? '';
					if (/agenda item/i.test(text) && !heard.includes(text)) heard.push(text);
				}
			}).observe(document, { subtree: true, childList: true, characterData: true });
		});
		const page = await context.newPage();
		const list = new MeetingsListPage(page);
		await list.goto(server.url);
		await list.joinGroup(group, server.url, { displayName: name, colour: '#1565c0' });
		return { context, page, list };
	}

	const heard = (page: Page) =>
		page.evaluate(() => (window as unknown as { heard: string[] }).heard);

	test('opening a meeting of 8 items is silent; an item added by another is announced', async () => {
		const ada = await member('Ada');
		const sam = await member('Sam');
		for (const { page } of [ada, sam]) {
			await page.getByRole('link', { name: 'Eight items' }).click();
			await expect.poll(() => new MeetingPage(page).outline(), { timeout: 15_000 }).toHaveLength(8);
		}
		await sam.list.waitForStatus(/up to date/i);
		await new MeetingPage(ada.page).addItem('Ninth');
		await expect
			.poll(() => heard(sam.page), { timeout: 15_000 })
			.toContain('Someone added agenda item 9, Ninth.');
		expect(await heard(sam.page)).toEqual(['Someone added agenda item 9, Ninth.']);
		// Nor does one hear one's own item.
		expect(await heard(ada.page)).toEqual([]);
		await ada.context.close();
		await sam.context.close();
	});

	test('the Share screen says its 127.0.0.1 links open on this computer only, and how to serve a LAN', async () => {
		const { context, page } = await member('Eli');
		const share = new SharePanel(page);
		await share.open();
		expect(await share.link('Edit')).toBe(`${server.url}/join#${group.tokens.edit}`);
		const note = share.dialog.getByText(/only this computer/i);
		await note.waitFor();
		expect(await share.dialog.textContent()).toContain('HOST=0.0.0.0 npm start');
		expect(await seriousAxeViolations(page)).toEqual([]);
		await context.close();
	});

	test('no token reaches the console, a page error or the relay’s log while the relay is down and back', async () => {
		const { context, page, list } = await member('Lena');
		const seen: string[] = [];
		page.on('console', (message) => seen.push(`${message.type()}: ${message.text()}`));
		page.on('pageerror', (error) => seen.push(`pageerror: ${error.stack ?? error}`));
		await page.goto(`${server.url}/meeting/${group.groupId}/${meetingId}`);
		await list.waitForStatus(/up to date/i);
		const logsBefore = server.logs.length;

		await server.kill();
		// Chromium prints each failed attempt: wait for a reconnect or two to have failed.
		await expect
			.poll(() => seen.filter((line) => /websocket/i.test(line)).length, { timeout: 30_000 })
			.toBeGreaterThanOrEqual(2);
		await server.restart();
		await list.waitForStatus(/up to date/i, 30_000);

		const tokens = Object.values(group.tokens);
		const signatures = tokens.map((token) => token.split('.').at(-1)!);
		const everything = [...seen, ...server.logs.slice(logsBefore).map((l) => JSON.stringify(l))];
		for (const line of everything) {
			for (const secret of [...tokens, ...signatures]) expect(line).not.toContain(secret);
		}
		await context.close();
	});
});

describe('the first screen', () => {
	test('offers both ways to start, in words, and "New meeting" still makes one at once', async () => {
		const context = await newContext(browser, PHONE);
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(server.url);
		await page.getByRole('heading', { name: 'Meetings' }).waitFor();

		await page.getByText(/just me, on this device/i).waitFor();
		await page.getByText(/with my group/i).waitFor();
		const createGroup = page.getByRole('link', { name: /create a group/i });
		expect(await createGroup.isVisible()).toBe(true);
		expect(await page.getByText(/needed to share/i).isVisible()).toBe(true);
		expect(await seriousAxeViolations(page)).toEqual([]);
		expect(await new MeetingPage(page).hasHorizontalScroll()).toBe(false);

		await createGroup.click();
		await page.getByRole('heading', { name: 'Create a group' }).waitFor();
		await page.goBack();
		await new MeetingsListPage(page).newMeeting();
		await context.close();
		expect(errors).toEqual([]);
	});
});
