/**
 * The note-taker's screen as it is lived (issue 16): the sync status stays in sight far down the
 * agenda, a meeting under way opens on a phone with its details folded, the keyboard reaches an
 * item's notes and comes back, a removed block says so with Undo, another person's cursor adds
 * nothing to what the notes say, and a folded item says what it hides; "Jump to item" is at hand
 * from anywhere. Driven by role and name, at phone size (desktop where the keyboard matters).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MeetingPage } from './pages/meeting-page';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { step } from './support/flight-recorder';
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

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function open(size: Size) {
	const context = await newContext(browser, size);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const meeting = new MeetingPage(page);
	await meeting.createFromList(server.url);
	return { context, page, errors, meeting };
}

/** Where the sync status is drawn, and whether its words fit in it. */
const statusBox = (page: Page) =>
	page
		.getByRole('status')
		.first()
		.evaluate((el) => {
			const box = el.getBoundingClientRect();
			return {
				text: el.textContent ?? '',
				isInView:
					box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth,
				fits: el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight
			};
		});

test('the sync status stays in sight and whole far down a long agenda, offline', async () => {
	const { context, page, errors, meeting } = await open(PHONE);
	await meeting.title.fill('Long meeting');
	for (let i = 1; i <= 12; i++) await meeting.addItem(`Item ${i}`);
	await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
	await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);

	await context.setOffline(true);
	await expect
		.poll(() => statusBox(page))
		.toEqual({
			text: expect.stringMatching(/offline/i),
			isInView: true,
			fits: true
		});
	// Also on the narrowest phone, where the words used to be cut.
	await page.setViewportSize({ width: 360, height: 640 });
	await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
	await expect
		.poll(() => statusBox(page))
		.toEqual({
			text: expect.stringMatching(/Offline — saved on this device/),
			isInView: true,
			fits: true
		});
	expect(await meeting.hasHorizontalScroll()).toBe(false);
	await context.setOffline(false);
	expect(errors).toEqual([]);
	await context.close();
});

test('a meeting under way opens on a phone with the agenda first and its details in one line', async () => {
	const { context, page, errors, meeting } = await open(PHONE);
	await meeting.title.fill('March meeting');
	await meeting.date.fill('2025-03-14');
	await page.getByLabel('Start', { exact: true }).fill('19:00');
	await meeting.field('Venue').fill('Alder Court');
	await meeting.addItem('Repairs');
	await meeting.typeNotes(0, ['Mould in 23 flats.']);
	await page.waitForTimeout(300); // y-indexeddb writes after a tick; a reload must find it
	await page.reload();
	await meeting.title.waitFor();

	step('folded: a summary line, the agenda in the first screen');
	const summary = page.getByRole('button', { name: /^Meeting details/ });
	await expect.poll(() => summary.getAttribute('aria-expanded')).toBe('false');
	await expect(page.locator('#meeting-summary').textContent()).resolves.toMatch(
		/(19:00|7:00\sPM).*Alder Court/
	);
	await expect(page.getByRole('heading', { name: /Attendance/ }).count()).resolves.toBe(0);
	await expect(page.getByRole('heading', { name: 'Next meeting' }).count()).resolves.toBe(0);
	const notesTop = await meeting.notes.first().evaluate((el) => el.getBoundingClientRect().top);
	expect(notesTop).toBeLessThan(844 - 100);
	// Title and Date, the names of the contract, stay in sight.
	// Shown in the person's locale once entered ("Mar 14, 2025" in en-US).
	await expect(meeting.date.inputValue()).resolves.toMatch(/14.*2025|2025.*14/);
	expect(await seriousAxeViolations(page)).toEqual([]);

	step('open the summary');
	await meeting.showDetails();
	await expect(summary.getAttribute('aria-expanded')).resolves.toBe('true');
	await expect(meeting.field('Venue').inputValue()).resolves.toBe('Alder Court');
	await page.getByRole('heading', { name: /Attendance/ }).waitFor();
	await page.getByRole('heading', { name: 'Next meeting' }).waitFor();

	step('a desktop keeps everything open');
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.reload();
	await meeting.title.waitFor();
	await page.getByRole('heading', { name: /Attendance/ }).waitFor();
	await expect(summary.count()).resolves.toBe(0);
	expect(errors).toEqual([]);
	await context.close();
});

test('keyboard alone: from a title into its notes and back (desktop)', async () => {
	const { context, page, errors, meeting } = await open(DESKTOP);
	await meeting.title.fill('Keys');
	await meeting.addItem('Alpha');
	await meeting.addItem('Bravo');
	// Both editors are mounted (they are on screen).
	await expect.poll(() => page.locator('.ProseMirror').count()).toBe(2);
	const activeItem = () =>
		page.evaluate(() => {
			const el = document.activeElement as HTMLElement;
			const item = el.closest<HTMLElement>('[data-item-id]');
			const title = item?.querySelector<HTMLTextAreaElement>('[data-item-title]')?.value;
			return { title, isNotes: el.isContentEditable, isTitle: el.hasAttribute('data-item-title') };
		});

	step('Tab from a title reaches its notes before the next item');
	await meeting.itemTitles.first().focus();
	let reached = await activeItem();
	for (let i = 0; i < 6 && !reached.isNotes && reached.title === 'Alpha'; i++) {
		await page.keyboard.press('Tab');
		reached = await activeItem();
	}
	expect(reached).toEqual({ title: 'Alpha', isNotes: true, isTitle: false });

	step('Escape goes back to the title, ↓ at its end into the notes');
	await page.keyboard.type('First point');
	await page.keyboard.press('Escape');
	expect(await activeItem()).toEqual({ title: 'Alpha', isNotes: false, isTitle: true });
	await page.keyboard.press('End');
	await page.keyboard.press('ArrowDown');
	expect(await activeItem()).toEqual({ title: 'Alpha', isNotes: true, isTitle: false });
	await page.keyboard.press('Control+End');
	await page.keyboard.type(', then more');
	await expect(meeting.notes.first().innerText()).resolves.toBe('First point, then more');
	expect(errors).toEqual([]);
	await context.close();
});

test('removing a decision, an action or an event from the keyboard says so, with Undo', async () => {
	const { context, page, errors, meeting } = await open(PHONE);
	await meeting.title.fill('Blocks');
	await meeting.addItem('Repairs');
	for (const [kind, key] of [
		['decision', 'Space'],
		['action', 'Enter'],
		['event', 'Space']
	] as const) {
		step(`remove the ${kind} with ${key}`);
		const Kind = kind[0].toUpperCase() + kind.slice(1);
		await meeting.button(`Add ${kind}`).click();
		await page.keyboard.type(`A ${kind}`);
		const blocks = page.locator('[data-block-id]');
		await expect.poll(() => blocks.count()).toBe(1);
		await meeting.button(`Remove ${kind}`).focus();
		await page.keyboard.press(key);
		await expect.poll(() => blocks.count()).toBe(0);
		// The notice above the toolbar (the live region, visually hidden, says it too).
		await page.getByText(`${Kind} removed.`, { exact: true }).last().waitFor();
		// Focus is on the item, not lost on the page.
		await expect(
			page.evaluate(() => (document.activeElement as HTMLTextAreaElement).dataset.itemTitle)
		).resolves.toBeTruthy();
		if (kind === 'decision') expect(await seriousAxeViolations(page)).toEqual([]);
		await meeting.button('Undo').first().click();
		await expect.poll(() => blocks.count()).toBe(1);
		// Focus goes to what came back, not to the page as the Undo button goes.
		await expect
			.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('[data-block-id]'))))
			.toBe(true);
		await meeting.button(`Remove ${kind}`).click();
		await expect.poll(() => blocks.count()).toBe(0);
	}
	expect(errors).toEqual([]);
	await context.close();
});

/** A device that belongs to `group`, with a display name and colour. */
async function device(group: RelayGroup, name: string, colour: string) {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.joinGroup(group, server.url, { displayName: name, colour });
	return { context, page, errors, meeting: new MeetingPage(page) };
}

test('another person’s cursor in the notes changes nothing the field says', async () => {
	const group = await createRelayGroup(server.url, 'Cursor club');
	const ada = await device(group, 'Ada', '#2a9d8f');
	const ben = await device(group, 'Ben', '#e76f51');
	const created = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${group.tokens.edit}`, 'content-type': 'text/markdown' },
		body: '# Cursor meeting\n\n## 1. Seeds\n'
	});
	expect(created.status).toBe(201);
	const { meetingId } = (await created.json()) as { meetingId: string };
	for (const { page, meeting } of [ada, ben]) {
		await page.goto(`${server.url}/meeting/${group.groupId}/${meetingId}`);
		await expect.poll(() => meeting.itemTitles.count(), { timeout: 15_000 }).toBe(1);
	}

	step('Ada types, Ben puts his caret inside her words');
	await ada.meeting.typeNotes(0, ['acorn seed']);
	await expect
		.poll(() => ben.meeting.notes.first().textContent(), { timeout: 15_000 })
		.toBe('acorn seed');
	await ben.meeting.focusNotes(0);
	await ben.page.keyboard.press('Control+Home');
	await ben.page.keyboard.press('ArrowRight');
	const cursor = ada.page.locator('.ProseMirror-yjs-cursor');
	await expect.poll(() => cursor.count(), { timeout: 10_000 }).toBe(1);

	step('the field says only what was typed');
	// Inside the words, as seen ("acorn Ben seed"); at the very end of a line ProseMirror adds
	// its own line break after any widget, which innerText reads as "\n".
	const field = ada.meeting.notes.first();
	await expect.poll(() => field.innerText(), { timeout: 10_000 }).toBe('acorn seed');
	await expect(field.textContent()).resolves.toBe('acorn seed');
	await expect(cursor.getAttribute('aria-hidden')).resolves.toBe('true');
	await expect(cursor.getAttribute('data-name')).resolves.toBe('Ben');
	// The name shows as the caret arrives, then steps aside so it hides no line.
	const nameOpacity = () => cursor.evaluate((el) => getComputedStyle(el, '::after').opacity);
	const shots = process.env.SHOTS_DIR;
	const shoot = async (name: string) => {
		const box = (await field.boundingBox())!;
		const clip = { x: 0, y: Math.max(0, box.y - 30), width: 390, height: box.height + 40 };
		if (shots) await ada.page.screenshot({ path: `${shots}/${name}.png`, clip });
	};
	await shoot('12-cursor-name-phone');
	await expect.poll(nameOpacity, { timeout: 10_000 }).toBe('0');
	await shoot('12b-cursor-faded-phone');
	const cdp = await ada.context.newCDPSession(ada.page);
	const { nodes } = await cdp.send('Accessibility.getFullAXTree');
	const notesNode = nodes.find(
		(n) => n.role?.value === 'textbox' && n.name?.value === 'Notes' && !n.ignored
	);
	expect(JSON.stringify(notesNode?.value ?? '')).not.toContain('Ben');
	expect(ada.errors).toEqual([]);
	expect(ben.errors).toEqual([]);
	await ada.context.close();
	await ben.context.close();
});

test('a folded item says what it hides; "Jump to item" is at hand from far down the agenda', async () => {
	const { context, page, errors, meeting } = await open(PHONE);
	await meeting.title.fill('Tree');
	await meeting.addItem('Parent');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Child one');
	await page.keyboard.press('Tab');
	for (const title of ['Child two', 'Child three']) {
		await page.keyboard.press('Enter');
		await page.keyboard.type(title);
	}
	for (let i = 1; i <= 8; i++) await meeting.addItem(`Later ${i}`);
	await expect(meeting.outline()).resolves.toContain('1.a Child one');

	step('fold the parent');
	const show = meeting.item(0).getByRole('button', { name: 'Show item 1', exact: true });
	await show.click();
	await meeting.item(0).getByText('3 sub-items hidden').waitFor();
	await expect(
		show.evaluate((el) =>
			(el.getAttribute('aria-describedby') ?? '')
				.split(' ')
				.map((id) => document.getElementById(id)?.textContent?.trim())
				.join(' ')
		)
	).resolves.toContain('3 sub-items hidden');
	expect(await seriousAxeViolations(page)).toEqual([]);

	step('jump from the bottom of the agenda to a folded child');
	await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
	const jump = page.getByRole('button', { name: 'Jump to item' });
	const inView = await jump.evaluateAll((els) =>
		els.some((el) => {
			const box = el.getBoundingClientRect();
			return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
		})
	);
	expect(inView).toBe(true);
	await jump.last().click();
	await page.getByRole('link', { name: '1.b. Child two' }).click();
	await expect
		.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value))
		.toBe('Child two');
	expect(errors).toEqual([]);
	await context.close();
});

test('Alt+Shift+J opens the jump list from anywhere (desktop)', async () => {
	const { context, page, errors, meeting } = await open(DESKTOP);
	await meeting.addItem('One');
	await meeting.addItem('Two');
	await meeting.focusNotes(1);
	await page.keyboard.press('Alt+Shift+J');
	await page.getByRole('dialog', { name: 'Go to an agenda item' }).waitFor();
	// The dialog starts on its Close button; the first item is next.
	await page.getByRole('link', { name: '1. One' }).waitFor();
	await page.keyboard.press('Tab');
	await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('1. One');
	await page.keyboard.press('Enter');
	await expect
		.poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value))
		.toBe('One');
	expect(errors).toEqual([]);
	await context.close();
});
