/**
 * From draft to published minutes on a phone: an editor moves the status draft → in review →
 * approved, sees what will be published (an item held back is counted and left out), publishes,
 * and the public page is served without JavaScript; a correction becomes revision 2 while
 * revision 1 stays readable, and "what changed" shows it; Withdraw takes the page down; offline
 * the Publish button says it needs the network; a viewer sees the status and the held item
 * marked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { JoinPage } from './pages/join-page';
import { MeetingPage } from './pages/meeting-page';
import { createRelayGroup, type RelayGroup } from './pages/meetings-list-page';
import { PublishingPanel } from './pages/publishing-panel';
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
let group: RelayGroup;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	group = await createRelayGroup(server.url, 'Riverside tenants');
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** The public page as a reader without JavaScript gets it. */
async function readWithoutScript(url: string): Promise<{ status: number; text: string }> {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 390, height: 844 },
		serviceWorkers: 'block'
	});
	try {
		const page = await context.newPage();
		const response = await page.goto(url);
		return { status: response?.status() ?? 0, text: await page.locator('body').innerText() };
	} finally {
		await context.close();
	}
}

async function upToDate(page: Page) {
	await page
		.getByRole('status')
		.first()
		.filter({ hasText: /up to date/i })
		.waitFor({ timeout: 30_000 });
}

test('draft to published, revision 2, what changed, withdraw; offline and viewer', async () => {
	const editor = await (await newContext(browser, PHONE)).newPage();
	const errors = watchErrors(editor);
	await new JoinPage(editor).join(`${server.url}/join#${group.tokens.edit}`, 'Eda');
	const meeting = new MeetingPage(editor);
	await editor.getByRole('button', { name: /new meeting/i }).click();
	await meeting.title.waitFor();
	await meeting.title.fill('June general meeting');
	await meeting.addItem('Repairs report');
	await meeting.addItem('Personnel');
	await meeting.item(1).getByRole('button', { name: 'Options for item 2', exact: true }).click();
	await meeting.item(1).getByRole('checkbox', { name: 'Not for publication' }).check();

	const publishing = new PublishingPanel(editor);
	expect(await publishing.status()).toBe('draft');
	await publishing.moveTo('in review');
	await publishing.moveTo('approved');
	expect(await publishing.status()).toBe('approved');
	await editor.getByText(/History \(2\)/).click();
	expect(await editor.locator('.history').innerText()).toMatch(/in review\s+by Eda/);
	expect(await meeting.hasHorizontalScroll()).toBe(false);
	expect(await seriousAxeViolations(editor)).toEqual([]);
	await upToDate(editor);

	// What will be published: the held item counted and named, and absent from the preview.
	const held = await publishing.openPreview();
	expect(held).toMatch(/1 item held back/);
	expect(held).toMatch(/Personnel/);
	await expect.poll(() => publishing.previewText()).toMatch(/June general meeting/);
	const preview = await publishing.previewText();
	expect(preview).toMatch(/Repairs report/);
	expect(preview).not.toMatch(/Personnel/);
	expect(await seriousAxeViolations(editor)).toEqual([]);
	expect(await publishing.confirmPublish()).toMatch(/revision 1/);
	await publishing.publicLink.waitFor({ timeout: 30_000 });
	await expect.poll(() => publishing.status()).toBe('published');
	const href = (await publishing.publicLink.getAttribute('href')) ?? '';
	const meetingId = new URL(editor.url()).pathname.split('/').at(-1)!;
	expect(href).toBe(`/p/${group.groupId}/${meetingId}`);

	const first = await readWithoutScript(`${server.url}${href}`);
	expect(first.status).toBe(200);
	expect(first.text).toMatch(/June general meeting/);
	expect(first.text).toMatch(/Repairs report/);
	expect(first.text).not.toMatch(/Personnel/);

	// A correction, published again as revision 2 with one tap on "Publish"; revision 1 stays
	// readable.
	await meeting.itemTitles.first().fill('Repairs report, corrected');
	await upToDate(editor);
	const bar = editor.getByRole('region', { name: 'Status and publishing' });
	expect(await bar.getByText(/held back/).innerText()).toMatch(
		/1 item held back as not for publication: Personnel/
	);
	expect(await publishing.publishNow()).toMatch(/revision 2/);
	await editor.getByText('revision 2', { exact: true }).waitFor({ timeout: 30_000 });
	const latest = await readWithoutScript(`${server.url}${href}`);
	expect(latest.text).toMatch(/Repairs report, corrected/);
	const one = await readWithoutScript(`${server.url}${href}/1`);
	expect(one.status).toBe(200);
	expect(one.text).toMatch(/Repairs report/);
	expect(one.text).not.toMatch(/corrected/);

	// What changed from revision 1 to revision 2, with text markers.
	await editor.getByRole('button', { name: 'Revisions' }).click();
	await editor.getByRole('button', { name: 'Read revision 1' }).waitFor({ timeout: 30_000 });
	await editor.getByRole('combobox', { name: 'Compare from' }).selectOption('1');
	await editor.getByRole('combobox', { name: 'Compare to' }).selectOption('2');
	await editor.getByRole('button', { name: 'Show what changed' }).click();
	const changes = editor.locator('.what-changed');
	await changes.waitFor();
	expect(await changes.locator('figcaption').innerText()).toMatch(
		/From revision 1 to revision 2: 1 line added, 1 line removed/
	);
	// The marks are text: "+" or "−" and the words a screen reader says.
	expect(await changes.locator('li.added').textContent()).toMatch(/^\+Added line: .*corrected/);
	expect(await changes.locator('li.removed').textContent()).toMatch(/^−Removed line: /);
	expect(await changes.locator('ins').innerText()).toMatch(/corrected/);
	expect(await seriousAxeViolations(editor)).toEqual([]);
	// Revision 1 read in the app, in its sandboxed frame.
	await editor.getByRole('button', { name: 'Read revision 1' }).click();
	await expect
		.poll(() =>
			editor.frameLocator('iframe[title="Revision 1 as published"]').locator('body').innerText()
		)
		.toMatch(/Repairs report/);
	expect(await meeting.hasHorizontalScroll()).toBe(false);

	// Withdraw: the public page answers 404, the link goes away.
	await publishing.withdraw();
	await publishing.publicLink.waitFor({ state: 'detached', timeout: 30_000 });
	expect((await fetch(`${server.url}${href}`)).status).toBe(404);
	await expect.poll(() => publishing.status()).toBe('approved');

	// Offline: Publish says it needs the network.
	await editor.context().setOffline(true);
	await expect.poll(() => publishing.publishButton.innerText()).toMatch(/needs the network/);
	await publishing.publishButton.press('Enter');
	await editor.locator('#publish-why-not.is-asked', { hasText: 'needs the network' }).waitFor();
	expect(await publishing.publishDialog.count()).toBe(0);
	await editor.context().setOffline(false);
	await expect.poll(() => publishing.publishButton.innerText()).not.toMatch(/needs the network/);

	// A viewer sees the status and the held item marked.
	const viewer = await (await newContext(browser, PHONE)).newPage();
	const viewerErrors = watchErrors(viewer);
	await new JoinPage(viewer).join(`${server.url}/join#${group.tokens.view}`, 'Vic');
	// The meetings list says the status in words too.
	const listed = viewer.getByRole('listitem').filter({ hasText: 'June general meeting' });
	await expect.poll(() => listed.innerText(), { timeout: 30_000 }).toMatch(/approved/);
	// The list's rows are still being filled in from the relay: open the meeting by its address.
	await viewer.goto(`${server.url}/meeting/${group.groupId}/${meetingId}`);
	await viewer.getByText('You can only view these minutes.').waitFor({ timeout: 30_000 });
	await expect.poll(() => new PublishingPanel(viewer).status()).toBe('approved');
	const heldItem = viewer
		.getByRole('listitem')
		.filter({ has: viewer.getByRole('heading', { name: /Personnel/ }) });
	expect(await heldItem.innerText()).toMatch(/not for publication/i);
	expect(await viewer.getByRole('button', { name: 'Publish' }).count()).toBe(0);

	expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e))).toEqual([]);
	expect(viewerErrors.filter((e) => !/WebSocket/.test(e))).toEqual([]);
	await viewer.context().close();
	await editor.context().close();
});
