/**
 * Across meetings on phones, through a real relay: an action marked done on the Actions screen
 * of one phone shows done in its meeting on another phone; the next meeting planned from the
 * previous one carries its open actions and the rota's next facilitator and minute-taker; both
 * screens are axe clean.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { agendaList, allBlocks, attendance } from '../../src/lib/model';
import { followedMeeting } from '../../src/lib/model/plan-links';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';
import { waitForRelay } from './support/relay-reader';

const MINUTES = `# March meeting

Date: 2026-03-12, 19:00–21:00
Venue: Birkbeck
Facilitator: Amara
Minutes: Ben

## 1. Repairs

Action: Sam — write to the landlord, due 2026-03-19
Action: Dana — book the room

## 2. Newsletter
`;

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

async function importMeeting(group: RelayGroup): Promise<string> {
	const response = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: {
			'Content-Type': 'text/markdown; charset=utf-8',
			Authorization: `Bearer ${group.tokens.edit}`
		},
		body: MINUTES
	});
	if (response.status !== 201) throw new Error(`POST meetings: ${response.status}`);
	return ((await response.json()) as { meetingId: string }).meetingId;
}

async function phone(group: RelayGroup, displayName: string) {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await list.joinGroup(group, server.url, { displayName, colour: '#1f77b4' });
	return { context, page, list, errors };
}

const doneStates = (page: Page) =>
	page
		.getByRole('checkbox', { name: 'Done', exact: true })
		.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked));

test('an action marked done on the Actions screen of one phone is done in the meeting on another', async () => {
	const group = await createRelayGroup(server.url, 'Actions chapter');
	const meetingId = await importMeeting(group);
	const sam = await phone(group, 'Sam Okafor');
	const other = await phone(group, 'Dana');

	await sam.list.meetingLink('March meeting').waitFor({ timeout: 20_000 });
	await sam.page.getByRole('link', { name: 'Actions', exact: true }).click();
	await sam.page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
	const landlord = sam.page.getByRole('checkbox', { name: 'write to the landlord' });
	await landlord.waitFor({ timeout: 20_000 });
	await expect.poll(() => sam.page.getByText('overdue', { exact: true }).count()).toBe(1);
	// "Mine": Sam's action only (the profile's name, linked to the attendance's "Sam").
	await sam.page.getByRole('radio', { name: 'Mine' }).check();
	await expect.poll(() => sam.page.getByRole('checkbox').count(), { timeout: 10_000 }).toBe(1);
	expect(await seriousAxeViolations(sam.page)).toEqual([]);
	await sam.page.getByRole('radio', { name: 'Owner' }).check();
	await sam.page.getByRole('heading', { name: 'Sam', level: 2 }).waitFor();

	await landlord.check();
	await expect.poll(() => landlord.isChecked()).toBe(true);
	await sam.list.waitForStatus(/up to date/i, 20_000);

	await other.list.meetingLink('March meeting').click();
	await expect.poll(() => doneStates(other.page), { timeout: 20_000 }).toEqual([true, false]);
	const relayCopy = await waitForRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view,
		(doc) => allBlocks(doc).some((b) => b.kind === 'action' && b.done)
	);
	expect(
		allBlocks(relayCopy).flatMap((b) => (b.kind === 'action' ? [[b.what, b.done]] : []))
	).toEqual([
		['write to the landlord', true],
		['book the room', false]
	]);
	expect([...sam.errors, ...other.errors]).toEqual([]);
	await sam.context.close();
	await other.context.close();
});

test('plan the next meeting: the rota set by keyboard turns, the open actions are carried', async () => {
	const group = await createRelayGroup(server.url, 'Planning chapter');
	const marchId = await importMeeting(group);
	const amara = await phone(group, 'Amara');
	const { page } = amara;

	// The rota, in the group's settings, with the keyboard alone: Chidi, Amara, Ben, then Chidi
	// moved to the end.
	await page.goto(`${server.url}/groups`);
	const field = page.getByRole('textbox', { name: 'Rota member' });
	await field.waitFor();
	await expect.poll(() => field.isEnabled(), { timeout: 15_000 }).toBe(true);
	for (const name of ['Chidi', 'Amara', 'Ben']) {
		await field.fill(name);
		await field.press('Enter');
		await expect.poll(() => field.inputValue()).toBe('');
	}
	await page.getByRole('button', { name: 'Move Chidi down' }).focus();
	await page.keyboard.press('Enter');
	await expect
		.poll(() =>
			page
				.getByRole('button', { name: 'Move Chidi down' })
				.evaluate((b) => b === document.activeElement)
		)
		.toBe(true);
	await page.keyboard.press('Enter');
	await expect
		.poll(() => page.getByRole('list', { name: 'Rota' }).getByRole('listitem').allInnerTexts())
		.toEqual([
			expect.stringContaining('Amara'),
			expect.stringContaining('Ben'),
			expect.stringContaining('Chidi')
		]);
	await amara.list.waitForStatus(/up to date/i, 20_000);

	await page.goto(`${server.url}/meeting/${group.groupId}/${marchId}`);
	const plan = page.getByRole('button', { name: 'Plan next meeting' });
	await plan.click();
	const dialog = page.getByRole('dialog', { name: 'The next meeting' });
	await dialog.getByText('book the room').waitFor();
	await expect.poll(() => dialog.innerText()).toMatch(/Facilitates\s*Ben \(from the rota\)/);
	await expect.poll(() => dialog.innerText()).toMatch(/Takes minutes\s*Chidi \(from the rota\)/);
	expect(await dialog.innerText()).toContain('write to the landlord');
	expect(await seriousAxeViolations(page)).toEqual([]);

	await dialog.getByRole('button', { name: 'Create next meeting' }).click();
	await page.waitForURL((url) => !url.pathname.endsWith(marchId), { timeout: 20_000 });
	const aprilId = new URL(page.url()).pathname.split('/').pop()!;
	await expect
		.poll(() =>
			page
				.getByRole('textbox', { name: 'Agenda item title' })
				.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))
		)
		.toEqual(['Actions from the last meeting', 'Repairs', 'Newsletter']);
	await amara.list.waitForStatus(/up to date/i, 20_000);
	const april = await waitForRelay(
		server.url,
		`${group.groupId}/${aprilId}`,
		group.tokens.view,
		(doc) => agendaList(doc).length === 3
	);
	expect(followedMeeting(april)).toBe(marchId);
	expect(attendance(april)).toMatchObject({ facilitators: ['Ben'], minuteTakers: ['Chidi'] });
	expect(allBlocks(april).map((b) => (b.kind === 'action' ? b.what : b.kind))).toEqual([
		'write to the landlord',
		'book the room'
	]);
	expect(amara.errors).toEqual([]);
	await amara.context.close();
});
