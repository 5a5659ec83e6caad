/**
 * Two devices edit the same notes and agenda, one of them offline for a while: after it
 * reconnects both show the same minutes with every word once, and so does the relay.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { agendaList, itemNotes, notesToPlainText } from '../../src/lib/model';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { DESKTOP, launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { waitForRelay } from './support/relay-reader';

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

const itemTitles = (page: Page) =>
	page
		.getByRole('textbox', { name: 'Agenda item title' })
		.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
const notesText = (page: Page) => page.getByRole('textbox', { name: 'Notes' }).first().innerText();

function countWord(text: string, word: string) {
	return text.split(/\W+/).filter((w) => w === word).length;
}

test('one device offline, both edit the same notes and items: identical afterwards, every word once', async () => {
	const group = await createRelayGroup(server.url, 'Two devices');
	const phoneContext = await newContext(browser, PHONE);
	const laptopContext = await newContext(browser, DESKTOP);
	const phone = await phoneContext.newPage();
	const laptop = await laptopContext.newPage();
	const errors = [...watchErrors(phone), ...watchErrors(laptop)];
	const phoneList = new MeetingsListPage(phone);
	const laptopList = new MeetingsListPage(laptop);

	await phoneList.goto(server.url);
	await phoneList.waitForServiceWorker();
	await phoneList.joinGroup(group, server.url);
	await laptopList.goto(server.url);
	await laptopList.joinGroup(group, server.url);

	// The laptop starts the meeting with one item; the phone opens it from its list.
	const { meetingId } = await laptopList.newMeeting();
	await laptop.getByRole('textbox', { name: 'Title', exact: true }).fill('Shared minutes');
	await laptop.getByRole('button', { name: 'Add agenda item' }).click();
	await laptop.keyboard.type('Budget');
	await laptopList.waitForStatus(/up to date/i);
	await phoneList.meetingLink('Shared minutes').click();
	await expect.poll(() => itemTitles(phone)).toEqual(['Budget']);

	// The phone loses the network; both keep writing the same notes and adding items.
	await phoneContext.setOffline(true);
	await phoneList.waitForStatus(/offline/i);
	await phone.getByRole('textbox', { name: 'Notes' }).first().click();
	await phone.keyboard.type('alpha bravo charlie');
	await phone.getByRole('button', { name: 'Add agenda item' }).click();
	await phone.keyboard.type('From the phone');
	await laptop.getByRole('textbox', { name: 'Notes' }).first().click();
	await laptop.keyboard.type('delta echo foxtrot');
	await laptop.getByRole('button', { name: 'Add agenda item' }).click();
	await laptop.keyboard.type('From the laptop');
	await laptopList.waitForStatus(/up to date/i);
	await phone.reload();
	await expect.poll(() => notesText(phone)).toContain('alpha bravo charlie');

	await phoneContext.setOffline(false);
	await phoneList.waitForStatus(/up to date/i, 20_000);
	await laptopList.waitForStatus(/up to date/i);
	await expect.poll(async () => (await itemTitles(phone)).length).toBe(3);
	await expect.poll(async () => (await itemTitles(laptop)).length).toBe(3);
	await expect.poll(() => notesText(phone)).toBe(await notesText(laptop));

	const phoneNotes = await notesText(phone);
	for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']) {
		expect(countWord(phoneNotes, word), word).toBe(1);
	}
	expect(await itemTitles(phone)).toEqual(await itemTitles(laptop));
	expect((await itemTitles(phone)).sort()).toEqual(['Budget', 'From the laptop', 'From the phone']);

	const relayCopy = await waitForRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view,
		(doc) => agendaList(doc).length === 3
	);
	const budget = agendaList(relayCopy).find((item) => item.title === 'Budget')!;
	const relayNotes = notesToPlainText(itemNotes(relayCopy, budget.id));
	for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']) {
		expect(countWord(relayNotes, word), word).toBe(1);
	}
	expect(errors).toEqual([]);
	await phoneContext.close();
	await laptopContext.close();
});
