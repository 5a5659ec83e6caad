/**
 * Running a meeting from three phones through the real relay: the facilitator (edit role)
 * starts the timer; two members (comment role) raise hands from their own phones, one with a
 * point of order that jumps the queue; the facilitator gives the floor in turn; the speakers
 * reach the minutes (the Speakers block, and the Markdown export over HTTP); a room display
 * follows along untouched, and after a relay restart and a reload still shows the item, the
 * speaker and the queue (they live in documents, not in awareness).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
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

async function device(
	size: Size,
	group: RelayGroup,
	name: string,
	role: 'edit' | 'comment' | 'view'
) {
	const context = await newContext(browser, size);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.joinGroup(group, server.url, { displayName: name, colour: '#2a9d8f' }, role);
	return { context, page, errors };
}

const text = (page: Page, selector = 'body') => page.locator(selector).innerText();

test('three phones: hands raised and ordered, speakers marked and minuted, the room display follows', async () => {
	const group = await createRelayGroup(server.url, 'Riverside Tenants’ Assembly');
	const created = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${group.tokens.edit}`, 'content-type': 'text/markdown' },
		body: '# March meeting\n\n## 1. Repairs\n\nTime box: 10 minutes\n\n## 2. Newsletter\n\nTime box: 5 minutes\n'
	});
	expect(created.status).toBe(201);
	const { meetingId } = (await created.json()) as { meetingId: string };
	const address = `${server.url}/meeting/${group.groupId}/${meetingId}`;

	step('three phones and a room display open the meeting');
	const sam = await device(PHONE, group, 'Sam', 'edit');
	const joy = await device(PHONE, group, 'Joy', 'comment');
	const ahmed = await device(PHONE, group, 'Ahmed', 'comment');
	for (const { page } of [sam, joy, ahmed]) await page.goto(address);
	const roomContext = await newContext(browser, DESKTOP);
	const room = await roomContext.newPage();
	const roomErrors = watchErrors(room);
	await new MeetingsListPage(room).goto(server.url);
	await new MeetingsListPage(room).joinGroup(group, server.url, undefined, 'view');
	await room.goto(`${address}/room`);
	await expect.poll(() => text(room), { timeout: 20_000 }).toContain('March meeting');

	step('the facilitator starts the timer; everyone sees the current item');
	const start = sam.page.getByRole('button', { name: 'Start timer' });
	await start.waitFor({ timeout: 20_000 });
	await start.click();
	for (const page of [sam.page, joy.page, ahmed.page, room]) {
		await expect.poll(() => text(page), { timeout: 15_000 }).toMatch(/Now:\s*1\. Repairs/);
	}
	await expect.poll(() => text(room)).toMatch(/10:00 left|9:5\d left/);
	// Members have no timer controls.
	expect(await joy.page.getByRole('button', { name: 'Start timer' }).count()).toBe(0);

	step('Joy raises a hand, then Ahmed a point of order, which goes first');
	await joy.page.getByRole('button', { name: 'Raise hand' }).click();
	await expect.poll(() => text(joy.page)).toContain('you are next in the queue');
	await ahmed.page.getByRole('combobox', { name: 'Kind of intervention' }).selectOption('order');
	await ahmed.page.getByRole('button', { name: 'Raise hand' }).click();
	const queueNames = (page: Page) =>
		page.getByRole('list', { name: /Queue/ }).locator('li strong').allInnerTexts();
	await expect.poll(() => queueNames(sam.page), { timeout: 15_000 }).toEqual(['Ahmed', 'Joy']);
	await expect.poll(() => queueNames(room), { timeout: 15_000 }).toEqual(['Ahmed', 'Joy']);
	await expect.poll(() => text(joy.page)).toContain('you are number 2 in the queue');

	step('the facilitator gives Ahmed the floor, then Joy');
	await sam.page.getByRole('button', { name: 'Give floor to Ahmed' }).click();
	await expect.poll(() => text(room), { timeout: 15_000 }).toMatch(/Speaking:\s*Ahmed/);
	await expect.poll(() => queueNames(room)).toEqual(['Joy']);
	await sam.page.getByRole('button', { name: 'Give floor to Joy' }).click();
	await expect.poll(() => text(room), { timeout: 15_000 }).toMatch(/Speaking:\s*Joy/);
	// Joy's hand was taken: her phone offers to raise one again.
	await joy.page.getByRole('button', { name: 'Raise hand' }).waitFor({ timeout: 15_000 });

	step('the speakers are in the minutes, on screen and in the export');
	const speakers = sam.page.getByRole('textbox', { name: 'Speakers, in order' });
	await expect
		.poll(() => speakers.inputValue(), { timeout: 15_000 })
		.toBe('Ahmed (point of order), Joy');
	await expect
		.poll(() => text(joy.page), { timeout: 15_000 })
		.toContain('Speakers: Ahmed (point of order), Joy');
	await expect
		.poll(
			async () => {
				const res = await fetch(
					`${server.url}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=md`,
					{ headers: { authorization: `Bearer ${group.tokens.view}` } }
				);
				return res.text();
			},
			{ timeout: 15_000 }
		)
		.toContain('Speakers: Ahmed (point of order), Joy\n');

	step('no serious accessibility violation on the three views');
	for (const page of [sam.page, joy.page, room]) {
		expect(await seriousAxeViolations(page)).toEqual([]);
	}

	if (process.env.FLOOR_SHOTS) {
		for (const [name, page] of [
			['sam', sam.page],
			['joy', joy.page],
			['room', room]
		] as const) {
			await page.screenshot({ path: `${process.env.FLOOR_SHOTS}/${name}.png`, fullPage: true });
		}
	}

	step('after a relay restart, a new device sees the item, the speaker and the queue');
	await ahmed.page.getByRole('button', { name: 'Raise hand' }).click();
	await expect.poll(() => queueNames(room), { timeout: 15_000 }).toEqual(['Ahmed']);
	await server.kill('SIGTERM');
	await server.restart();
	// A fresh device has nothing of the meeting: all it shows comes from the relay's store.
	const fresh = await device(DESKTOP, group, 'Projector', 'view');
	await fresh.page.goto(`${address}/room`);
	await expect.poll(() => text(fresh.page), { timeout: 30_000 }).toMatch(/Now:\s*1\. Repairs/);
	await expect.poll(() => text(fresh.page), { timeout: 30_000 }).toMatch(/Speaking:\s*Joy/);
	await expect.poll(() => queueNames(fresh.page), { timeout: 30_000 }).toEqual(['Ahmed']);
	await fresh.context.close();

	for (const errors of [sam.errors, joy.errors, ahmed.errors, roomErrors]) {
		expect(
			errors.filter((e) => !/WebSocket|ERR_CONNECTION|Failed to load resource/i.test(e))
		).toEqual([]);
	}
	for (const ctx of [sam.context, joy.context, ahmed.context, roomContext]) await ctx.close();
}, 240_000);
