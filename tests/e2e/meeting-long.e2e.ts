/**
 * A 3-hour meeting on a phone: 300 agenda items with notes, opened from the device. Off screen,
 * an item's notes and blocks are not drawn (`content-visibility: auto`), so these check what must
 * still work for them: every title in the accessibility tree, find in page, jumping to the last
 * item and typing in it, moving it by keys and by dragging, its notes editor, printing, and
 * wrapping fields that have their height when their item comes on screen — sized by the browser
 * (`field-sizing: content`) and by the script that fits them where the browser cannot.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedMeeting } from '../bench/client';
import { MeetingPage } from './pages/meeting-page';
import { MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';

const ITEMS = 300;
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

/** A browser without `field-sizing` (Firefox, older Safari): the app fits fields by script. */
function withoutFieldSizing() {
	const supports = CSS.supports.bind(CSS) as (...args: string[]) => boolean;
	CSS.supports = ((...args: string[]) =>
		!args[0].includes('field-sizing') && supports(...args)) as typeof CSS.supports;
	const style = document.createElement('style');
	style.textContent = 'textarea { field-sizing: fixed !important; }';
	new MutationObserver((_, observer) => {
		if (!document.head) return;
		document.head.append(style);
		observer.disconnect();
	}).observe(document, { childList: true, subtree: true });
}

async function openLongMeeting(fitByScript = false) {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	if (fitByScript) await page.addInitScript(withoutFieldSizing);
	const list = new MeetingsListPage(page);
	const { url } = await seedMeeting(page, list, server.url, {
		items: ITEMS,
		characters: 30_000,
		seed: 7
	});
	await page.goto(url);
	const meeting = new MeetingPage(page);
	await meeting.item(ITEMS - 1).waitFor({ state: 'attached' });
	return { context, page, errors, meeting };
}

/** Whether the notes and blocks of the item at `index` are drawn (not skipped off screen). */
function isDrawn(page: Page, index: number): Promise<boolean> {
	return page
		.locator('li[data-item-id]')
		.nth(index)
		.locator('.contents > :first-child')
		.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }));
}

/** Scrolls the item to the top of the screen, then says whether it is drawn. */
async function scrollToDrawn(item: Locator, page: Page, index: number): Promise<boolean> {
	await item.evaluate((el) => el.scrollIntoView({ block: 'start' }));
	return isDrawn(page, index);
}

const focusedValue = (page: Page) =>
	page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value);

/** The focused field is between the app bar and the toolbar. */
const isFocusedInView = (page: Page) =>
	page.evaluate(() => {
		const field = document.activeElement!.getBoundingClientRect();
		const bar = document.querySelector('.app-bar')!.getBoundingClientRect();
		const toolbar = document.querySelector('[data-meeting-toolbar]')!.getBoundingClientRect();
		return field.top >= bar.bottom - 1 && field.bottom <= toolbar.top + 1;
	});

async function jumpTo(page: Page, name: string) {
	await page.getByText('Jump to item').click();
	await page.getByRole('link', { name, exact: true }).click();
}

test('a 300-item meeting: titles for screen readers, find, jump, type, move, notes, print', async () => {
	const { context, page, errors, meeting } = await openLongMeeting();
	await expect.poll(() => isDrawn(page, 250)).toBe(false);
	expect(await isDrawn(page, 0)).toBe(true);

	// Every item's title is in the accessibility tree, drawn or not.
	const cdp = await context.newCDPSession(page);
	const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
	const { nodes } = await cdp.send('Accessibility.queryAXTree', {
		backendNodeId: root.backendNodeId,
		accessibleName: 'Agenda item title'
	});
	expect(nodes.filter((node) => !node.ignored && node.role?.value === 'textbox')).toHaveLength(
		ITEMS
	);

	// Find in page reaches notes that are not drawn, with the meeting's details open (folded,
	// window.find misses them: an open question, recorded in docs/meeting-screen.md).
	await meeting.showDetails();
	const phrase = (await meeting.notes.nth(280).textContent())!.slice(0, 40);
	const found = await page.evaluate((phrase) => {
		const isFound = (window as unknown as { find(text: string): boolean }).find(phrase);
		const item = getSelection()?.anchorNode?.parentElement?.closest('li[data-item-id]');
		return { isFound, index: [...document.querySelectorAll('li[data-item-id]')].indexOf(item!) };
	}, phrase);
	expect(found).toEqual({ isFound: true, index: 280 });

	// Jump to the last item, type in its title, move it by keys and back by dragging.
	await jumpTo(page, `${ITEMS}. Agenda item ${ITEMS}`);
	expect(await focusedValue(page)).toBe(`Agenda item ${ITEMS}`);
	expect(await isFocusedInView(page)).toBe(true);
	await page.keyboard.press('End');
	await page.keyboard.type(' (closing)');
	expect((await meeting.outline()).at(-1)).toBe(`${ITEMS} Agenda item ${ITEMS} (closing)`);
	await page.keyboard.press('Alt+Shift+ArrowUp');
	expect((await meeting.outline()).slice(-2)).toEqual([
		`${ITEMS - 1} Agenda item ${ITEMS} (closing)`,
		`${ITEMS} Agenda item ${ITEMS - 1}`
	]);
	expect(await focusedValue(page)).toBe(`Agenda item ${ITEMS} (closing)`);
	expect(await isFocusedInView(page)).toBe(true);
	const handle = meeting.item(ITEMS - 1).getByRole('button', { name: `Move item ${ITEMS}` });
	await meeting.item(ITEMS - 2).evaluate((item) => item.scrollIntoView({ block: 'start' }));
	const from = (await handle.boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	const target = (await meeting.item(ITEMS - 2).boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, target.y + 10, { steps: 8 });
	await page.mouse.up();
	expect((await meeting.outline()).slice(-2)).toEqual([
		`${ITEMS - 1} Agenda item ${ITEMS - 1}`,
		`${ITEMS} Agenda item ${ITEMS} (closing)`
	]);

	// Its notes take an editor and the keyboard.
	await meeting.focusNotes(ITEMS - 1);
	await page.keyboard.press('Control+End');
	await page.keyboard.type(' Closing remarks.');
	await expect(meeting.notes.nth(ITEMS - 1).textContent()).resolves.toMatch(/ Closing remarks\.$/);

	// Printed, the minutes are the print view (the HTML export), with every item, the last
	// change included; the form is not printed.
	await page.emulateMedia({ media: 'print' });
	// Its minutes are in a shadow root, which locators enter and the host's innerText does not.
	const printed = page.locator('body > .print-minutes main');
	await expect
		.poll(async () => ((await printed.count()) ? printed.innerText() : ''), { timeout: 30_000 })
		.toMatch(/Closing remarks\./);
	const text = await printed.innerText();
	expect(text).toContain('Agenda item 11');
	expect(text).toContain(`Agenda item ${ITEMS} (closing)`);
	expect(await printed.isVisible()).toBe(true);
	expect(await page.getByRole('textbox', { name: 'Agenda item title' }).first().isVisible()).toBe(
		false
	);
	await page.emulateMedia({ media: 'screen' });
	expect(errors).toEqual([]);
	await context.close();
});

describe.each([
	['the browser', false],
	['the script', true]
])('wrapping fields sized by %s', (_, fitByScript) => {
	test('a field off screen has its height when its item comes on screen', async () => {
		const { context, page, errors, meeting } = await openLongMeeting(fitByScript);
		const item = meeting.item(249);
		const title = item.locator('[data-item-title]');
		const decision = item.locator('[data-block-text]');
		const height = (field: Locator) => field.evaluate((el) => (el as HTMLElement).offsetHeight);
		/** Whether the field shows all its text: nothing hidden below its bottom edge. */
		const fits = (field: Locator) => field.evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
		const long =
			' — which wraps over several lines on a phone, as long titles and decisions do when written in full';

		await jumpTo(page, '250. Agenda item 250');
		await page.keyboard.press('End');
		await page.keyboard.type(long);
		await meeting.button('Add decision').click();
		await page.keyboard.type('send a letter');
		await page.waitForTimeout(700); // the next words are another step to undo
		await page.keyboard.type(long);
		const oneLine = await height(meeting.item(248).locator('[data-item-title]'));
		expect(await height(title)).toBeGreaterThan(2 * oneLine);
		expect(await height(decision)).toBeGreaterThan(2 * oneLine);

		// Undone while its item is off screen: one line again once it comes back.
		await jumpTo(page, '1. Agenda item 1');
		await expect.poll(() => isDrawn(page, 249)).toBe(false);
		await page.keyboard.press('Control+z');
		await expect(decision.inputValue()).resolves.toBe('send a letter');
		// Fitted in the frame that draws it. Scrolled again while polling: on a busy machine the
		// screen may still be bringing the focused field (item 1) back into view.
		await expect.poll(() => scrollToDrawn(item, page, 249)).toBe(true);
		expect(await height(decision)).toBe(oneLine);

		// Drawn for the first time after a reload: the long title and decision fit their text.
		await page.keyboard.press('Control+Shift+z');
		await expect(decision.inputValue()).resolves.toMatch(/written in full$/);
		await page.waitForTimeout(500);
		await page.reload();
		await meeting.item(ITEMS - 1).waitFor({ state: 'attached' });
		await expect.poll(() => isDrawn(page, 249)).toBe(false);
		await expect.poll(() => scrollToDrawn(item, page, 249)).toBe(true);
		expect(await height(title)).toBeGreaterThan(2 * oneLine);
		expect(await fits(title)).toBe(true);
		expect(await height(decision)).toBeGreaterThan(2 * oneLine);
		expect(await fits(decision)).toBe(true);
		expect(errors).toEqual([]);
		await context.close();
	});
});
