/**
 * Check-in and a vote on three phones: a facilitator (edit link) sets the group's quorum, then
 * two members (comment links) and the facilitator tap "I'm here"; the attendance fills and the
 * quorum is met. The facilitator opens a vote, the members vote from their phones (one changes
 * their mind), the facilitator closes it, and the Decision with its sentence is in the minutes
 * on all three phones and on the relay. Offline, the facilitator then takes a vote by show of
 * hands, which reaches the members once back online. The screens stay axe-clean and no wider
 * than a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addAgendaItem, createMeeting, newMeetingId } from '../../src/lib/model';
import { allBlocks } from '../../src/lib/model/blocks';
import { readVotes } from '../../src/lib/model/votes';
import { JoinPage } from './pages/join-page';
import { createRelayGroup, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import {
	launchBrowser,
	newContext,
	PHONE,
	seriousAxeViolations,
	watchErrors
} from './support/browser';
import { waitForRelay } from './support/relay-reader';

let server: AppServer;
let browser: Browser;
let group: RelayGroup;
let meetingId: string;

const TITLE = 'June general meeting';
const WAIT = { timeout: 30_000 };
const SENTENCE =
	/Proposal to affiliate to the federation was carried by 2 votes to 1 \(3 members present\)/;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	group = await createRelayGroup(server.url, 'Riverside chapter');
	meetingId = newMeetingId();
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId, title: TITLE, date: '2026-06-02' });
	for (const title of ['Welcome', 'Affiliation']) addAgendaItem(doc, { title });
	const provider = new WebsocketProvider(
		`${server.url.replace('http', 'ws')}/sync`,
		`${group.groupId}/${meetingId}`,
		doc,
		{
			params: { token: group.tokens.edit },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		}
	);
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	await waitForRelay(server.url, group.groupId, group.tokens.view, (d) =>
		d.getMap('meetings').has(meetingId)
	);
	provider.destroy();
}, 120_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function join(token: string, name: string): Promise<Page> {
	const page = await (await newContext(browser, PHONE)).newPage();
	await new JoinPage(page).join(`${server.url}/join#${token}`, name);
	return page;
}

async function openMeeting(page: Page): Promise<void> {
	await page.getByRole('link', { name: TITLE }).click();
	await page.getByRole('heading', { name: 'Check-in and votes' }).waitFor(WAIT);
}

const floor = (page: Page) => page.getByRole('region', { name: 'Check-in and votes' });

test('three phones check in, vote, and the Decision reaches the minutes on all three', async () => {
	const fay = await join(group.tokens.edit, 'Fay');
	const fayErrors = watchErrors(fay);
	// The group's quorum, in its settings.
	await fay.goto(`${server.url}/groups`);
	await fay.getByRole('spinbutton', { name: 'Quorum' }).fill('3');
	await fay.getByRole('button', { name: 'Save quorum' }).click();
	await fay.getByText('Saved: quorum of 3.').waitFor();
	await fay.goto(server.url);
	await openMeeting(fay);

	const ann = await join(group.tokens.comment, 'Ann');
	const bo = await join(group.tokens.comment, 'Bo');
	const memberErrors = [watchErrors(ann), watchErrors(bo)];
	await openMeeting(ann);
	await openMeeting(bo);

	// Check-in: "I'm here" on each phone.
	for (const page of [ann, bo, fay]) {
		await page.getByRole('button', { name: "I'm here" }).click();
		await page.getByText(/You are checked in as/).waitFor();
	}
	for (const page of [fay, ann, bo]) {
		await floor(page)
			.getByText(/3 people checked in/)
			.waitFor(WAIT);
		await floor(page).getByText('Quorum met: 3 present, 3 needed.').waitFor(WAIT);
	}
	// The facilitator's phone copied the check-ins into the attendance of the minutes.
	const minutesOnRelay = await waitForRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view,
		(doc) => doc.getMap('people').size === 3
	);
	expect(
		[...minutesOnRelay.getMap('people').values()]
			.map((p) => (p as Y.Map<unknown>).get('name'))
			.sort()
	).toEqual(['Ann', 'Bo', 'Fay']);

	// Members have no vote controls of their own to run.
	expect(await ann.getByRole('button', { name: 'Open vote' }).count()).toBe(0);

	// The facilitator opens a vote on item 2.
	await fay.getByRole('textbox', { name: 'Proposal' }).fill('to affiliate to the federation');
	await fay
		.getByRole('combobox', { name: 'Decision goes under' })
		.selectOption({ label: '2. Affiliation' });
	await fay.getByRole('button', { name: 'Open vote' }).click();

	// Members vote from their phones; Ann changes her mind; Fay votes too.
	const ballot = (page: Page) => page.getByRole('group', { name: /affiliate to the federation/ });
	await ballot(ann).getByRole('button', { name: 'Against' }).click(WAIT);
	await ballot(bo).getByRole('button', { name: 'Against' }).click(WAIT);
	await ballot(ann).getByRole('button', { name: 'For' }).click();
	await ballot(fay).getByRole('button', { name: 'For' }).click();
	await ballot(ann)
		.getByText(/Your vote: for/)
		.waitFor();
	expect(await ballot(ann).getByRole('button', { name: 'For' }).getAttribute('aria-pressed')).toBe(
		'true'
	);
	await fay.getByText('Ballots: 2 for, 1 against, 0 abstaining (3 people).').waitFor(WAIT);

	expect(await seriousAxeViolations(fay)).toEqual([]);
	expect(await seriousAxeViolations(ann)).toEqual([]);

	await fay.getByRole('button', { name: 'Close vote' }).click();

	// The Decision with its sentence, in the minutes on all three phones.
	// On the editor's screen the sentence is a paragraph under the Decision's fields (the floor
	// lists it too, as a list item).
	await fay.locator('p', { hasText: SENTENCE }).waitFor(WAIT);
	for (const page of [ann, bo]) {
		await page.getByText(new RegExp(`Decision: ${SENTENCE.source}`)).waitFor(WAIT);
		// The ballot is gone with the open vote.
		await expect.poll(() => ballot(page).count(), WAIT).toBe(0);
	}
	const closed = await waitForRelay(
		server.url,
		`${group.groupId}/${meetingId}`,
		group.tokens.view,
		(doc) => readVotes(doc).some((v) => v.status === 'closed')
	);
	const [decision] = allBlocks(closed).filter((b) => b.kind === 'decision');
	expect(decision).toMatchObject({
		method: 'vote',
		votesFor: 2,
		votesAgainst: 1,
		abstentions: 0,
		presentCount: 3,
		outcome: 'carried'
	});

	// Offline, the facilitator takes a vote by show of hands: it needs nothing but the minutes.
	await fay.context().setOffline(true);
	await fay
		.getByRole('status')
		.first()
		.filter({ hasText: /offline/i })
		.waitFor(WAIT);
	await fay.getByRole('textbox', { name: 'Proposal' }).fill('New meeting day');
	await fay.getByRole('button', { name: 'Open vote' }).click();
	await fay.getByRole('spinbutton', { name: 'Hands for' }).fill('1');
	await fay.getByRole('spinbutton', { name: 'Hands against' }).fill('2');
	await fay.getByRole('button', { name: 'Use these counts' }).click();
	await fay.getByText(/Counted by show of hands: 1 for, 2 against, 0 abstaining/).waitFor();
	await fay.getByRole('button', { name: 'Close vote' }).click();
	const OFFLINE = /Proposal “New meeting day” was defeated by 2 votes to 1 \(3 members present\)/;
	await fay.locator('p', { hasText: OFFLINE }).waitFor(WAIT);
	await fay.context().setOffline(false);
	for (const page of [ann, bo]) {
		await page.getByText(new RegExp(`Decision: ${OFFLINE.source}`)).waitFor(WAIT);
	}

	expect(await seriousAxeViolations(bo)).toEqual([]);
	for (const page of [fay, ann, bo]) {
		expect(
			await page.evaluate(
				() => document.documentElement.scrollWidth > document.documentElement.clientWidth
			)
		).toBe(false);
	}
	const isNetworkNoise = (e: string) => /ERR_INTERNET_DISCONNECTED|WebSocket/.test(e);
	expect(fayErrors.filter((e) => !isNetworkNoise(e))).toEqual([]);
	expect(memberErrors.flat()).toEqual([]);
	for (const page of [fay, ann, bo]) await page.context().close();
}, 180_000);
