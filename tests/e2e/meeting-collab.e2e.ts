/**
 * Two people in one meeting through the real relay: a phone and a laptop (two browser contexts,
 * so two devices) in a group made on the relay. They type in the same notes at once and end with
 * the same text, each sees the other's named cursor and avatar, and an item added by one is
 * announced to the other. The group is put on each device directly
 * and the meeting is made on the relay, so the test depends on nothing but the meeting screen.
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

/** A device that belongs to `group`, with a display name and colour. */
async function device(size: Size, group: RelayGroup, name: string, colour: string) {
	const context = await newContext(browser, size);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.joinGroup(group, server.url, { displayName: name, colour });
	return { context, page, errors, meeting: new MeetingPage(page) };
}

const notesText = (page: Page) =>
	page
		.getByRole('textbox', { name: 'Notes' })
		.first()
		.evaluate((el) => {
			const copy = el.cloneNode(true) as HTMLElement;
			copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((c) => c.remove());
			return copy.textContent;
		});

test('a phone and a laptop edit the same notes at once and converge, with named cursors', async () => {
	const group = await createRelayGroup(server.url, 'Riverside Tenants’ Assembly');
	step('put the group on a phone and a laptop');
	const lena = await device(PHONE, group, 'Lena', '#2a9d8f');
	const sam = await device(DESKTOP, group, 'Sam', '#e76f51');

	step('import a meeting and open it on both');
	// The meeting starts on the relay (its Markdown import), so both devices open it by address.
	const created = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${group.tokens.edit}`, 'content-type': 'text/markdown' },
		body: '# March meeting\n'
	});
	expect(created.status).toBe(201);
	const { meetingId } = (await created.json()) as { meetingId: string };
	const address = `${server.url}/meeting/${group.groupId}/${meetingId}`;
	for (const { page, meeting } of [lena, sam]) {
		await page.goto(address);
		await expect.poll(() => meeting.title.inputValue(), { timeout: 15_000 }).toBe('March meeting');
	}

	step('add an item on the phone');
	// An item added on the phone appears on the laptop, announced once.
	await lena.meeting.addItem('Repairs campaign');
	await expect
		.poll(() => sam.meeting.outline(), { timeout: 15_000 })
		.toEqual(['1 Repairs campaign']);
	await expect
		.poll(() => sam.page.locator('[aria-live="polite"]').allTextContents(), { timeout: 5_000 })
		.toContainEqual(expect.stringMatching(/^Someone added agenda item 1\b/));

	step('type into the same notes on both');
	// Both type into the same notes at the same time.
	await lena.meeting.focusNotes(0);
	await sam.meeting.focusNotes(0);
	await Promise.all([
		lena.page.keyboard.type('Mould reports now cover 23 flats. ', { delay: 15 }),
		sam.page.keyboard.type('The landlord replied on 2 March. ', { delay: 15 })
	]);
	step('wait for the notes to converge');
	await expect
		.poll(async () => [await notesText(lena.page), await notesText(sam.page)], { timeout: 15_000 })
		.toSatisfy(([a, b]: (string | null)[]) => a === b && a !== null);
	const text = await notesText(lena.page);
	expect(text).toContain('Mould reports now cover 23 flats.');
	expect(text).toContain('The landlord replied on 2 March.');

	step('look for the cursors and avatars');
	// Each sees the other's cursor with their name (drawn from data-name, never text in the
	// notes), and their avatar on the item and the header.
	const cursorNames = (page: Page) =>
		page
			.locator('.ProseMirror-yjs-cursor')
			.evaluateAll((cursors) => cursors.map((c) => (c as HTMLElement).dataset.name));
	await expect.poll(() => cursorNames(lena.page), { timeout: 10_000 }).toEqual(['Sam']);
	await expect.poll(() => cursorNames(sam.page), { timeout: 10_000 }).toEqual(['Lena']);
	await expect(
		sam.page
			.getByRole('list', { name: 'Also in this meeting' })
			.getByRole('img')
			.getAttribute('aria-label')
	).resolves.toBe('Lena');
	await expect(sam.meeting.item(0).getByText('Here: Lena').count()).resolves.toBe(1);
	if (process.env.SHOTS_DIR) {
		await lena.page.screenshot({ path: `${process.env.SHOTS_DIR}/11-remote-cursor-phone.png` });
	}

	step('close both');
	expect(lena.errors).toEqual([]);
	expect(sam.errors).toEqual([]);
	await lena.context.close();
	await sam.context.close();
});
