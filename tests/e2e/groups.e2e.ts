/**
 * Groups on one device: create one, its Share panel (links, QR code that decodes to
 * the link), who is online, rotation locking out an old link; two groups that stay apart, a
 * notebook meeting moved into a group, leaving a group, and the profile screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { directory, header } from '../../src/lib/model';
import { JoinPage, SharePanel } from './pages/join-page';
import { createRelayGroup, MeetingsListPage } from './pages/meetings-list-page';
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

const isRefusedSocket = (message: string) => /WebSocket connection to .* failed/.test(message);

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const titles = (doc: Y.Doc) => directory(doc).meetings.map((m) => m.title);

async function newMeeting(page: Page, title: string) {
	await page.getByRole('button', { name: /new meeting/i }).click();
	const field = page.getByRole('textbox', { name: 'Title', exact: true });
	await field.fill(title);
	await page.getByRole('link', { name: 'Plenary' }).click();
	await page.getByRole('link', { name: title }).waitFor();
}

// Two phones, a rotation and a rejoin: long, so it has room on a busy machine.
test('create a group, share it by QR code, see who is online, rotate the links', async () => {
	const context = await newContext(browser, PHONE);
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const page = await context.newPage();
	const errors = watchErrors(page);
	await page.goto(`${server.url}/groups`);
	await page.getByRole('heading', { name: 'Groups' }).waitFor();
	expect(await seriousAxeViolations(page)).toEqual([]);
	await page.getByRole('textbox', { name: 'Group name' }).fill('Hillside chapter');
	await page.getByRole('button', { name: 'Create group' }).click();
	await page.getByText('“Hillside chapter” is ready').waitFor();

	const share = new SharePanel(page);
	await share.open();
	const viewLink = await share.link('View');
	const editLink = await share.link('Edit');
	expect(viewLink).toMatch(new RegExp(`^${server.url}/join#p1\\.[\\w-]+\\.view\\.`));
	expect(editLink).toContain('.edit.');
	expect(await share.link('Comment')).toContain('.comment.');
	await share.dialog.getByRole('button', { name: 'Copy view link' }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(viewLink);
	expect(await seriousAxeViolations(page)).toEqual([]);
	expect(await share.decodeQr('View')).toBe(viewLink);
	await page.screenshot({ path: '/tmp/plenary-qr.png' });
	await page
		.getByRole('dialog', { name: /QR code/ })
		.getByRole('button', { name: 'Close' })
		.click();
	await page.screenshot({ path: '/tmp/plenary-share.png', fullPage: true });
	await share.dialog.getByRole('button', { name: 'Close' }).click();

	// Another phone joins with the view link, and both see each other.
	const other = await (await newContext(browser, PHONE)).newPage();
	const otherErrors = watchErrors(other);
	await new JoinPage(other).join(viewLink, 'Bea');
	await page.getByRole('list', { name: 'Online in this group' }).getByText('Bea').waitFor();
	await page.screenshot({ path: '/tmp/plenary-list.png', fullPage: true });

	// New links: the old one stops working on the other phone at once.
	await share.open();
	await share.dialog.getByRole('button', { name: 'Replace links…' }).click();
	await share.dialog.getByRole('button', { name: 'Yes, replace all links' }).click();
	await share.dialog.getByText(/New links made/).waitFor();
	const newViewLink = await share.link('View');
	expect(newViewLink).not.toBe(viewLink);
	await share.dialog.getByRole('button', { name: 'Close' }).click();
	await other.getByText(/no longer accepts this device’s invite link/).waitFor();
	// Opened again later, the old link is refused at the upgrade: the same words.
	await other.reload();
	await other.getByRole('heading', { name: 'Meetings' }).waitFor();
	await other.getByText(/no longer accepts this device’s invite link/).waitFor();

	// This device carries on with its new token.
	await newMeeting(page, 'After the rotation');
	const groupId = newViewLink.split('#')[1].split('.')[1];
	const dir = await waitForRelay(server.url, groupId, newViewLink.split('#')[1], (doc) =>
		titles(doc).includes('After the rotation')
	);
	expect(titles(dir)).toEqual(['After the rotation']);

	// The other phone, given the new link, is back in.
	await new JoinPage(other).join(newViewLink, 'Bea');
	await other.getByRole('link', { name: 'After the rotation' }).waitFor();
	expect(await other.getByText(/no longer accepts/).count()).toBe(0);
	// Reading a meeting still counts as online in the group.
	await other.getByRole('link', { name: 'After the rotation' }).click();
	await other.getByRole('heading', { name: 'After the rotation' }).waitFor();
	await page.getByRole('list', { name: 'Online in this group' }).getByText('Bea').waitFor();
	// A new name in the profile reaches the others at once.
	await other.getByRole('link', { name: 'Plenary' }).click();
	await other.getByRole('link', { name: 'Your profile' }).click();
	await other.getByRole('textbox', { name: 'Display name' }).fill('Bea Kim');
	await other.getByRole('button', { name: 'Save' }).click();
	await page.getByRole('list', { name: 'Online in this group' }).getByText('Bea Kim').waitFor();

	expect(errors).toEqual([]);
	expect(otherErrors.filter((e) => !isRefusedSocket(e))).toEqual([]);
	await other.context().close();
	await context.close();
}, 120_000);

test('two groups stay apart; a notebook meeting moves into one; leaving removes one', async () => {
	const context = await newContext(browser, PHONE);
	const page = await context.newPage();
	const errors = watchErrors(page);
	const list = new MeetingsListPage(page);
	await list.goto(server.url);
	await newMeeting(page, 'Notebook minutes');

	const north = await createRelayGroup(server.url, 'North chapter');
	const south = await createRelayGroup(server.url, 'South chapter');
	const join = new JoinPage(page);
	await join.join(`${server.url}/join#${north.tokens.edit}`, 'Dana');
	await newMeeting(page, 'North meeting');
	await join.join(`${server.url}/join#${south.tokens.edit}`, 'Dana');
	await newMeeting(page, 'South meeting');
	expect(await page.getByRole('link', { name: 'North meeting' }).count()).toBe(0);

	await page.getByRole('combobox', { name: 'Group' }).selectOption({ label: 'North chapter' });
	await page.getByRole('link', { name: 'North meeting' }).waitFor();
	expect(await page.getByRole('link', { name: /South meeting|Notebook minutes/ }).count()).toBe(0);
	const northDir = await waitForRelay(server.url, north.groupId, north.tokens.view, (doc) =>
		titles(doc).includes('North meeting')
	);
	expect(titles(northDir)).toEqual(['North meeting']);

	// The notebook's meeting moves into North: listed there, gone from the notebook.
	await page.getByRole('link', { name: 'Groups' }).click();
	await page
		.getByRole('combobox', { name: 'Group for Notebook minutes' })
		.selectOption({ label: 'North chapter' });
	await page.getByRole('button', { name: 'Move Notebook minutes into the group' }).click();
	await page.getByText('“Notebook minutes” is now in “North chapter”.').waitFor();
	const moved = await waitForRelay(server.url, north.groupId, north.tokens.view, (doc) =>
		titles(doc).includes('Notebook minutes')
	);
	expect(titles(moved).sort()).toEqual(['North meeting', 'Notebook minutes']);
	const movedId = directory(moved).meetings.find((m) => m.title === 'Notebook minutes')!.meetingId;
	const minutes = await waitForRelay(
		server.url,
		`${north.groupId}/${movedId}`,
		north.tokens.view,
		(doc) => header(doc).title === 'Notebook minutes'
	);
	expect(header(minutes).title).toBe('Notebook minutes');

	// Leaving South says what goes, then removes it.
	await page.getByRole('button', { name: 'Leave South chapter' }).click();
	const confirm = page.getByRole('alertdialog');
	await confirm.getByText(/removes “South chapter” and its 1 meeting from this device/).waitFor();
	await page.screenshot({ path: '/tmp/plenary-groups.png', fullPage: true });
	await confirm.getByRole('button', { name: 'Leave and remove' }).click();
	await confirm.waitFor({ state: 'detached' });
	expect(await page.getByRole('button', { name: 'Leave South chapter' }).count()).toBe(0);

	await page.getByRole('button', { name: 'Open On this device' }).click();
	await list.heading.waitFor();
	// The groups are read from the device after the screen shows: wait for them.
	const picker = page.getByRole('combobox', { name: 'Group' });
	await expect
		.poll(() => picker.locator('option').allTextContents())
		.toEqual(['On this device', 'North chapter']);
	expect(await page.getByRole('link', { name: 'Notebook minutes' }).count()).toBe(0);

	// The profile: a new display name.
	await page.getByRole('link', { name: 'Your profile' }).click();
	const name = page.getByRole('textbox', { name: 'Display name' });
	await expect.poll(() => name.inputValue()).toBe('Dana');
	await name.fill('Dana K.');
	await page.getByRole('button', { name: 'Save' }).click();
	await page.getByText(/^Saved/).waitFor();
	expect(await seriousAxeViolations(page)).toEqual([]);
	await page.screenshot({ path: '/tmp/plenary-profile.png', fullPage: true });
	expect(errors).toEqual([]);
	await context.close();
});

test('a device holds groups from two relays, each synced with its own', async () => {
	const second = await startAppServer();
	try {
		const here = await createRelayGroup(server.url, 'Here chapter');
		const there = await createRelayGroup(second.url, 'There chapter');
		const context = await newContext(browser, PHONE);
		const page = await context.newPage();
		const errors = watchErrors(page);
		await new JoinPage(page).join(`${server.url}/join#${here.tokens.edit}`, 'Eli');
		await newMeeting(page, 'Meeting here');

		await page.getByRole('link', { name: 'Groups' }).click();
		await page
			.getByRole('textbox', { name: 'Invite link' })
			.fill(`${second.url}/join#${there.tokens.edit}`);
		await page.getByRole('button', { name: 'Add group' }).click();
		await page.getByText('You joined “There chapter”: you can edit.').waitFor();
		await newMeeting(page, 'Meeting there');

		const thereDir = await waitForRelay(second.url, there.groupId, there.tokens.view, (doc) =>
			titles(doc).includes('Meeting there')
		);
		expect(titles(thereDir)).toEqual(['Meeting there']);
		const hereDir = await waitForRelay(server.url, here.groupId, here.tokens.view, (doc) =>
			titles(doc).includes('Meeting here')
		);
		expect(titles(hereDir)).toEqual(['Meeting here']);
		await page.getByRole('link', { name: 'Groups' }).click();
		await page.getByText(`on 127.0.0.1:${second.port} · you can edit`).waitFor();
		expect(errors).toEqual([]);
		await context.close();
	} finally {
		await second.stop();
	}
});
