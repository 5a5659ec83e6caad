/**
 * The meeting screen in Chromium at phone and desktop size, driven by role and name only:
 * the fixture's minutes built by typing and tapping, the agenda rearranged by keyboard, undo,
 * the notes editor (lists, Enter, paste), accessibility (axe-core with every block on screen),
 * no horizontal scrolling and no console errors. Set SHOTS_DIR to keep screenshots of each state.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MeetingPage } from './pages/meeting-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	DESKTOP,
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors,
	type Size
} from './support/browser';

let server: AppServer;
let browser: Browser;
const shotsDir = process.env.SHOTS_DIR;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	if (shotsDir) mkdirSync(shotsDir, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function shot(page: Page, name: string, fullPage = false) {
	if (shotsDir) await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage });
}

async function open(size: Size) {
	const context = await newContext(browser, size);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const meeting = new MeetingPage(page);
	await meeting.createFromList(server.url);
	return { context, page, errors, meeting };
}

test('the fixture’s minutes, built by typing and tapping on a phone', async () => {
	const { context, page, errors, meeting } = await open(PHONE);
	await shot(page, '01-new-meeting');

	// Header
	await meeting.title.fill('Riverside Tenants’ Assembly — March meeting');
	await meeting.date.fill('12 March 2026');
	await page.getByLabel('Start', { exact: true }).fill('19:00');
	await page.getByLabel('End', { exact: true }).fill('21:15');
	await meeting.field('Venue').fill('Community room, Alder Court');
	await meeting.field('Categories').fill('housing, repairs, organising');

	// Attendance: quick add, tap to toggle, roles
	await meeting
		.field('Add people')
		.fill('Sam, Lena, Ahmed, Joy, Tomasz, Priya, Ruth, Carlos, Mei, Dev, Hannah');
	await meeting.button('Add person').click();
	await meeting.field('Add people').fill('Hanah');
	await meeting.button('Add person').click();
	await meeting.button('Edit names').click();
	await meeting.button('Remove Hanah').click();
	await meeting.button('Done editing names').click();
	const ruth = page.getByRole('button', { name: 'Ruth', exact: true });
	await ruth.click();
	await expect(ruth.getAttribute('aria-pressed')).resolves.toBe('false');
	await expect(page.getByRole('heading', { name: /Attendance/ }).textContent()).resolves.toMatch(
		/10 present of 11/
	);
	await ruth.click();
	await page.getByLabel('Facilitator').selectOption({ label: 'Sam' });
	await page.getByLabel('Minute-taker').selectOption({ label: 'Lena' });
	await shot(page, '02-header-attendance', true);

	// A) Workshop: a lettered part with a presenter, a time box and bulleted notes
	await meeting.addItem('Workshop: Rent strikes in practice');
	await meeting
		.item(0)
		.getByRole('button', { name: /Options for item/ })
		.click();
	await meeting.item(0).getByLabel('Presenter').fill('Joy');
	await meeting.item(0).getByLabel('Time box (minutes)').fill('60');
	await meeting.item(0).getByLabel('Time box (minutes)').blur();
	await meeting
		.item(0)
		.getByLabel(/Lettered part/)
		.check();
	await shot(page, '03-item-options');
	await meeting
		.item(0)
		.getByRole('button', { name: /Options for item/ })
		.click();
	await meeting.typeNotes(0, [
		'Joy gave a 20 minute talk on the 1915 Glasgow rent strikes.',
		'Open discussion (40 minutes) covered:',
		'- Legal risk for tenants on short contracts',
		'Building trust floor by floor',
		'Childcare during meetings'
	]);
	await shot(page, '04-notes-with-keyboard-toolbar');

	// 1. Repairs campaign: notes, a decision, two actions
	await meeting.addItem('Repairs campaign');
	await meeting.typeNotes(1, ['Mould reports now cover 23 flats.']);
	await meeting.button('Add decision').click();
	await page.keyboard.type('send a second letter with a 14-day deadline');
	await expect(
		meeting
			.item(1)
			.getByText(/The 11 members present unanimously agreed to send/)
			.count()
	).resolves.toBe(1);
	await meeting.button('Add action').click();
	await page.keyboard.type('collate mould photos and dates');
	let block = await meeting.currentBlock();
	await block.getByLabel('Who').fill('Ahmed');
	await block.getByLabel('Due').fill('2026-03-31');
	await meeting.button('Add action').click();
	await page.keyboard.type('draft second letter and circulate');
	block = await meeting.currentBlock();
	await block.getByLabel('Who').fill('Lena');
	await block.getByLabel('Due').fill('2026-03-19');
	await shot(page, '05-decision-and-actions');

	// 2. Upcoming events
	await meeting.addItem('Upcoming events');
	for (const [title, day, time, link] of [
		[
			'Stall at the Saturday market',
			'2026-03-21',
			'11:00',
			'https://example.org/events/market-stall'
		],
		['Citywide housing demo', '2026-04-04', '14:00', 'https://example.org/events/housing-demo']
	]) {
		await meeting.button('Add event').click();
		await page.keyboard.type(title);
		block = await meeting.currentBlock();
		await block.getByLabel('Day').fill(day);
		await block.getByLabel('Time').fill(time);
		await block.getByLabel('Link').fill(link);
	}

	// 3. Newsletter with sub-items 3.a.i, built with Enter, Tab and Shift+Tab in the titles
	await meeting.addItem('Newsletter');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Content for April issue');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Repairs update (Lena)');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Know your rights column (Priya)');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Printing: decision deferred to next meeting');
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Rotating roles');
	await page.keyboard.press('Shift+Tab');

	// 4. Rotating roles: a vote
	await meeting.button('Add decision').click();
	await page.keyboard.type('move meetings to Wednesdays');
	block = await meeting.currentBlock();
	await block.getByLabel('How').selectOption('vote');
	await block.getByLabel('For').fill('7');
	await block.getByLabel('Against').fill('3');
	await block.getByLabel('Abstain').fill('1');
	await expect(block.textContent()).resolves.toContain(
		'The 11 members present agreed to move meetings to Wednesdays by 7 votes to 3, with 1 abstention.'
	);

	// Next meeting
	const next = page.getByRole('region', { name: 'Next meeting' });
	await next.getByLabel('Day').fill('2026-04-15');
	await next.getByLabel('Starts').fill('19:00');
	await next.getByLabel('Ends').fill('21:00');
	await next.getByLabel('Where').fill('Community room, Alder Court');
	await next.getByLabel('Topic').fill('the repairs campaign, phase two');
	await next.getByLabel('Facilitates').fill('Tomasz');
	await next.getByLabel('Takes minutes').fill('Mei');

	const expected = [
		'A Workshop: Rent strikes in practice',
		'1 Repairs campaign',
		'2 Upcoming events',
		'3 Newsletter',
		'3.a Content for April issue',
		'3.a.i Repairs update (Lena)',
		'3.a.ii Know your rights column (Priya)',
		'3.b Printing: decision deferred to next meeting',
		'4 Rotating roles'
	];
	expect(await meeting.outline()).toEqual(expected);
	expect(await meeting.notesHtml(0)).toContain(
		'<ul><li><p>Legal risk for tenants on short contracts</p></li><li><p>Building trust floor by floor</p></li>'
	);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await shot(page, '06-full-meeting', true);
	if (shotsDir) await meeting.item(3).screenshot({ path: join(shotsDir, '06b-nested.png') });

	// The agenda is a list with levels; every block on screen passes axe; nothing scrolls sideways.
	await expect(
		page.locator('ol[role="list"] ol[role="list"] ol[role="list"] > li').count()
	).resolves.toBe(2);
	expect(await seriousAxeViolations(page)).toEqual([]);
	expect(await meeting.hasHorizontalScroll()).toBe(false);

	// Everything is on the device: a reload shows the same minutes.
	await page.waitForTimeout(300);
	await page.reload();
	await meeting.title.waitFor();
	await expect(meeting.title.inputValue()).resolves.toBe(
		'Riverside Tenants’ Assembly — March meeting'
	);
	// Shown in the browser's locale once entered.
	await expect(meeting.date.inputValue()).resolves.toMatch(/^(Mar 12, 2026|12 Mar 2026)$/);
	expect(await meeting.outline()).toEqual(expected);
	// Items far from the screen show their notes without an editor until they come near.
	expect(await meeting.notesHtml(0)).toContain(
		'<ul><li><p>Legal risk for tenants on short contracts</p></li><li><p>Building trust floor by floor</p></li>'
	);
	await expect(meeting.notes.nth(1).textContent()).resolves.toBe(
		'Mould reports now cover 23 flats.'
	);
	await meeting.focusNotes(1);
	await page.keyboard.press('Control+End');
	await page.keyboard.type(' More soon.');
	await expect(meeting.notes.nth(1).textContent()).resolves.toBe(
		'Mould reports now cover 23 flats. More soon.'
	);

	// Dark theme at phone size
	await page.emulateMedia({ colorScheme: 'dark' });
	await shot(page, '07-dark');
	if (shotsDir) await meeting.item(1).screenshot({ path: join(shotsDir, '07b-dark-item.png') });
	expect(await seriousAxeViolations(page)).toEqual([]);
	expect(errors).toEqual([]);
	await context.close();
});

describe.each([PHONE, DESKTOP] as Size[])('at %s size', (size) => {
	test('notes: lists with Enter and Tab, bold, a pasted link, headings', async () => {
		const { context, page, errors, meeting } = await open(size);
		await meeting.addItem('Repairs');
		await meeting.focusNotes(0);
		await page.keyboard.type('- first point');
		await page.keyboard.press('Enter');
		await page.keyboard.type('sub point');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Shift+Tab');
		await page.keyboard.type('second point ');
		await page.keyboard.press('Control+b');
		await page.keyboard.type('bold');
		await page.keyboard.press('Control+b');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await page.keyboard.type('After the list, see ');
		await page.evaluate(() => {
			const data = new DataTransfer();
			data.setData('text/plain', 'https://example.org/events/market-stall');
			document.activeElement!.dispatchEvent(
				new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
			);
		});
		await page.keyboard.press('Enter');
		await page.keyboard.type('# Heading');
		expect(await meeting.notesHtml(0)).toBe(
			'<ul><li><p>first point</p><ul><li><p>sub point</p></li></ul></li>' +
				'<li><p>second point <strong>bold</strong></p></li></ul>' +
				'<p>After the list, see <a href="https://example.org/events/market-stall" rel="noopener noreferrer nofollow" target="_blank">https://example.org/events/market-stall</a></p>' +
				'<h3>Heading</h3>'
		);
		// Undo in notes is the meeting's undo: the heading goes, and comes back.
		await page.keyboard.press('Control+z');
		expect(await meeting.notesHtml(0)).not.toContain('Heading');
		await page.keyboard.press('Control+Shift+z');
		expect(await meeting.notesHtml(0)).toContain('<h3>Heading</h3>');
		const editor = meeting.notes.first();
		await expect(editor.getAttribute('aria-multiline')).resolves.toBe('true');
		await expect(editor.getAttribute('contenteditable')).resolves.toBe('true');
		if (size === PHONE) {
			// An IME composes a word (as Gboard and iOS do), then commits it; Enter after it in a
			// list makes one new point, not two.
			await meeting.notes.nth(0).locator('li p').first().click();
			await page.keyboard.press('End');
			const cdp = await context.newCDPSession(page);
			await page.keyboard.type(' ');
			for (const part of ['M', 'Mo', 'Mou', 'Moul']) {
				await cdp.send('Input.imeSetComposition', {
					text: part,
					selectionStart: part.length,
					selectionEnd: part.length
				});
			}
			await cdp.send('Input.insertText', { text: 'Mould' });
			await page.keyboard.press('Enter');
			await page.keyboard.type('next');
			expect(await meeting.notesHtml(0)).toContain(
				'<ul><li><p>first point Mould</p></li><li><p>next</p><ul><li><p>sub point</p></li></ul></li>'
			);
			await page.keyboard.press('Control+End');
			// The toolbar formats the notes without taking the focus (and the keyboard) away.
			await page.getByRole('button', { name: 'Bold' }).click();
			await page.keyboard.type('loud');
			expect(await meeting.notesHtml(0)).toContain('<strong>loud</strong>');
			await expect(editor.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
		}
		expect(await meeting.hasHorizontalScroll()).toBe(false);
		expect(errors).toEqual([]);
		await context.close();
	});

	test('reorder and indent by keyboard, delete and undo, only one’s own changes', async () => {
		const { context, page, errors, meeting } = await open(size);
		for (const title of ['Alpha', 'Bravo', 'Charlie']) await meeting.addItem(title);
		expect(await meeting.outline()).toEqual(['1 Alpha', '2 Bravo', '3 Charlie']);

		// Alt+Shift+arrows in a title; the focus stays in the moved item.
		await page.keyboard.press('Alt+Shift+ArrowUp');
		expect(await meeting.outline()).toEqual(['1 Alpha', '2 Charlie', '3 Bravo']);
		await page.keyboard.press('Alt+Shift+ArrowRight');
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '2 Bravo']);
		await expect(
			page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)
		).resolves.toBe('Charlie');

		// The drag handle answers arrow keys too (dragging is never the only way).
		const handle = meeting.item(2).getByRole('button', { name: 'Move item 2' });
		await handle.focus();
		await page.keyboard.press('ArrowUp');
		expect(await meeting.outline()).toEqual(['1 Bravo', '2 Alpha', '2.a Charlie']);
		await page.keyboard.press('ArrowDown');
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '2 Bravo']);
		await page.keyboard.press('ArrowRight');
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '1.b Bravo']);
		await expect(page.locator('[aria-live="polite"]').allTextContents()).resolves.toContain(
			'Bravo indented, now 1.b.'
		);

		// Undo and redo, by keys and by the toolbar.
		await page.keyboard.press('Control+z');
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '2 Bravo']);
		await page.keyboard.press('Control+Shift+z');
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '1.b Bravo']);
		await meeting.button('Undo').click();
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '2 Bravo']);

		// Delete an item with its sub-item, then undo from the notice.
		await meeting.item(0).getByRole('button', { name: 'Options for item 1', exact: true }).click();
		await meeting.item(0).getByRole('button', { name: 'Delete item' }).click();
		expect(await meeting.outline()).toEqual(['1 Bravo']);
		await shot(page, `10-deleted-${size}`);
		await page.getByRole('button', { name: 'Undo', exact: true }).first().click();
		expect(await meeting.outline()).toEqual(['1 Alpha', '1.a Charlie', '2 Bravo']);

		// Collapse hides the notes and sub-items; jump moves focus to an item.
		await meeting.item(0).getByRole('button', { name: 'Show item 1', exact: true }).click();
		expect(await meeting.outline()).toEqual(['1 Alpha', '2 Bravo']);
		await meeting.item(0).getByRole('button', { name: 'Show item 1', exact: true }).click();
		await page.getByText('Jump to item').click();
		await page.getByRole('link', { name: '1.a. Charlie' }).click();
		await expect(
			page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)
		).resolves.toBe('Charlie');

		// "?" lists the shortcuts.
		await page.evaluate(() => (document.activeElement as HTMLElement).blur());
		await page.keyboard.press('?');
		await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
		await shot(page, `08-shortcuts-${size}`);
		await page.keyboard.press('Escape');
		await meeting.button('Share').click();
		await page.getByRole('dialog', { name: /Invite to/ }).waitFor();
		await shot(page, `09-share-${size}`);
		await page.keyboard.press('Escape');
		expect(errors).toEqual([]);
		await context.close();
	});
});

test('at 360×640 the focused field is never under the app bar or the toolbar', async () => {
	const context = await browser.newContext({
		viewport: { width: 360, height: 640 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	const errors = watchErrors(page);
	const meeting = new MeetingPage(page);
	await meeting.createFromList(server.url);
	const isFocusedInView = () =>
		page.evaluate(() => {
			const field = document.activeElement!.getBoundingClientRect();
			const bar = document.querySelector('.app-bar')!.getBoundingClientRect();
			const toolbar = document.querySelector('[data-meeting-toolbar]')!.getBoundingClientRect();
			return field.top >= bar.bottom - 1 && field.bottom <= toolbar.top + 1;
		});
	for (const title of [
		'Welcome',
		'Repairs',
		'Events',
		'Newsletter',
		'Roles',
		'Any other business'
	]) {
		await meeting.addItem(title);
		await page.waitForTimeout(400); // the reveal runs again once a keyboard would have opened
		expect(await isFocusedInView()).toBe(true);
	}
	await meeting.notes.nth(5).click();
	await page.keyboard.type('Nothing else came up.');
	await meeting.button('Add action').click();
	await page.waitForTimeout(400);
	expect(await isFocusedInView()).toBe(true);
	// Dragging an item by its handle is one way to reorder (buttons and keys are the others).
	const handle = meeting.item(5).getByRole('button', { name: 'Move item 6' });
	await meeting.item(4).evaluate((item) => item.scrollIntoView({ block: 'start' }));
	const from = (await handle.boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	const target = (await meeting.item(4).boundingBox())!;
	await page.mouse.move(from.x + from.width / 2, target.y + 10, { steps: 8 });
	await page.mouse.up();
	expect((await meeting.outline()).slice(4)).toEqual(['5 Any other business', '6 Roles']);
	expect(await meeting.hasHorizontalScroll()).toBe(false);
	expect(errors).toEqual([]);
	await context.close();
});

test('the names of docs/contract.md alone are enough to take minutes', async () => {
	const context = await newContext(browser, DESKTOP);
	const page = await context.newPage();
	const errors = watchErrors(page);
	await page.goto(server.url);
	await page.getByRole('button', { name: 'New meeting' }).click();
	await page.getByRole('textbox', { name: 'Title', exact: true }).fill('April meeting');
	await page.getByRole('textbox', { name: 'Date', exact: true }).fill('2026-04-15');
	for (const title of ['Repairs', 'Events']) {
		await page.getByRole('button', { name: 'Add agenda item' }).click();
		await page.getByRole('textbox', { name: 'Agenda item title' }).last().fill(title);
		await page.getByRole('textbox', { name: 'Notes' }).last().fill(`Notes on ${title}`);
	}
	await page.getByRole('button', { name: 'Add decision' }).click();
	await page.getByRole('button', { name: 'Add action' }).click();
	await expect(page.getByRole('button', { name: 'Share' }).count()).resolves.toBe(1);
	await expect(page.getByRole('textbox', { name: 'Notes' }).allTextContents()).resolves.toEqual([
		'Notes on Repairs',
		'Notes on Events'
	]);
	await expect(
		page.locator('li[data-item-id]').nth(1).locator('[data-block-id]').count()
	).resolves.toBe(2);
	expect(errors).toEqual([]);
	await context.close();
});
