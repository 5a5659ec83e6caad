/**
 * An editor who joined with the edit link shares every link: the Share panel gets the
 * comment and view links from the relay once (offline it says so), and a device that joins with
 * the view link it shows gets a read-only meeting. Links replaced from a meeting's Share panel:
 * the meeting carries on syncing with the new token, the old link is refused.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { header } from '../../src/lib/model';
import { JoinPage, SharePanel } from './pages/join-page';
import { createRelayGroup, MeetingsListPage, type RelayGroup } from './pages/meetings-list-page';
import { startAppServer, type AppServer } from './support/app-server';
import { launchBrowser, newContext, PHONE, watchErrors } from './support/browser';
import { waitForRelay } from './support/relay-reader';

let server: AppServer;
let browser: Browser;
let group: RelayGroup;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
	group = await createRelayGroup(server.url, 'Lakeside chapter');
	const response = await fetch(`${server.url}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: {
			'Content-Type': 'text/markdown; charset=utf-8',
			Authorization: `Bearer ${group.tokens.edit}`
		},
		body: '# April general meeting\n'
	});
	if (response.status !== 201) throw new Error(`POST meetings: ${response.status}`);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

test('an editor who joined with the edit link shares the comment and view links', async () => {
	const editor = await (await newContext(browser, PHONE)).newPage();
	const editorErrors = watchErrors(editor);
	await new JoinPage(editor).join(`${server.url}/join#${group.tokens.edit}`, 'Eli');
	await editor.getByRole('link', { name: 'April general meeting' }).waitFor();

	// Offline: the panel says the other links need a connection once; back online, they come.
	await editor.context().setOffline(true);
	const share = new SharePanel(editor);
	await share.open();
	const offline = share.dialog.locator('p', { hasText: 'You are offline.' });
	expect(await offline.innerText()).toMatch(/comment and view links need a connection once/);
	expect(await share.dialog.getByRole('textbox', { name: 'View link address' }).count()).toBe(0);
	await editor.context().setOffline(false);
	const viewLink = `${server.url}/join#${group.tokens.view}`;
	await expect.poll(() => share.link('View'), { timeout: 20_000 }).toBe(viewLink);
	expect(await share.link('Comment')).toBe(`${server.url}/join#${group.tokens.comment}`);
	expect(await share.link('Edit')).toBe(`${server.url}/join#${group.tokens.edit}`);
	expect(await share.dialog.getByText(/cannot show|You are offline/).count()).toBe(0);
	await share.dialog.getByRole('button', { name: 'Close' }).click();

	// Stored with the group: shown again after a reload, offline (once the worker has the shell).
	await new MeetingsListPage(editor).waitForServiceWorker();
	await editor.context().setOffline(true);
	await editor.reload();
	await editor.getByRole('heading', { name: 'Meetings' }).waitFor();
	await share.open();
	expect(await share.link('View')).toBe(viewLink);
	await share.dialog.getByRole('button', { name: 'Close' }).click();
	await editor.context().setOffline(false);

	// A third device joins with the view link shown and gets a read-only meeting.
	const viewer = await (await newContext(browser, PHONE)).newPage();
	const viewerErrors = watchErrors(viewer);
	await new JoinPage(viewer).join(viewLink, 'Vi');
	await viewer.getByRole('link', { name: 'April general meeting' }).click();
	await viewer.getByText('You can only view these minutes.').waitFor();
	expect(await viewer.getByRole('textbox', { name: 'Title' }).count()).toBe(0);

	// Replace the links from inside the meeting: it carries on with the new token.
	await editor.getByRole('link', { name: 'April general meeting' }).click();
	const title = editor.getByRole('textbox', { name: 'Title', exact: true });
	await title.waitFor();
	await share.open();
	await share.dialog.getByRole('button', { name: 'Replace links…' }).click();
	await share.dialog.getByRole('button', { name: 'Yes, replace all links' }).click();
	await share.dialog.getByText(/New links made/).waitFor();
	const newView = (await share.link('View')).split('#')[1];
	expect(newView).not.toBe(group.tokens.view);
	expect(newView.split('.')[3]).toBe('2');
	await share.dialog.getByRole('button', { name: 'Close' }).click();
	await title.fill('April general meeting, revised');
	const minutesName = `${group.groupId}/${meetingIdOf(editor.url())}`;
	await waitForRelay(
		server.url,
		minutesName,
		newView,
		(doc) => header(doc).title === 'April general meeting, revised'
	);
	await editor
		.getByRole('status')
		.first()
		.filter({ hasText: /up to date/i })
		.waitFor();
	expect(await editor.getByText(/no longer accepts/).count()).toBe(0);
	// The old view link no longer works on the viewer's device.
	await viewer.getByText(/no longer accepts this device’s invite link/).waitFor();

	expect(editorErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e))).toEqual([]);
	expect(viewerErrors.filter((e) => !/WebSocket/.test(e))).toEqual([]);
	await viewer.context().close();
	await editor.context().close();
});

function meetingIdOf(url: string): string {
	return new URL(url).pathname.split('/').filter(Boolean).at(-1)!;
}
