/**
 * The core flows as one suite, declared by each engine's test file with its own device: one
 * relay, one network switch and one browser per file, one phone carried from step to step (so a
 * file makes few navigations), and a second device in another engine for the convergence step.
 * What the relay stored is read with a plain y-websocket client (tests/e2e/support/relay-reader).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { agendaList, header, itemNotes, notesToPlainText } from '../../src/lib/model';
import { createRelayGroup, type RelayGroup } from '../e2e/pages/meetings-list-page';
import { startAppServer, type AppServer } from '../e2e/support/app-server';
import { readFromRelay, waitForRelay } from '../e2e/support/relay-reader';
import { onAbnormalExit } from './child-processes';
import type { Device } from './device';
import { startNetworkSwitch, type NetworkSwitch } from './network-switch';
import {
	appendToNotes,
	countWord,
	hasHorizontalScroll,
	isUnreachableRelay,
	joinByInvite,
	notesHtml,
	openMeeting,
	takeNotes
} from './flows/minutes';
import { keepWorkingOffline } from './flows/offline';
import { updatePromptWaitsForReload } from './flows/update-prompt';

/** A device and what stops it (with its browser, when the device has one of its own). */
export interface Opened {
	device: Device;
	close(): Promise<void>;
}

export interface EngineSuite {
	/** The phone under test, its network through `network`. */
	open(network: NetworkSwitch): Promise<Opened>;
	/** A second device, in another engine, for the convergence step. */
	openPartner(): Promise<Opened>;
}

/** A relay token (src/lib/protocol/token-format.ts). */
const TOKEN = /p1\.[A-Za-z0-9_-]{16,64}\.(?:edit|comment|view)\.[0-9]+\.[A-Za-z0-9_-]{43}/;

export function defineEngineSuite(suite: EngineSuite) {
	let server: AppServer;
	let network: NetworkSwitch;
	let phone: Opened;
	let device: Device;
	let group: RelayGroup;
	let meeting: { groupId: string; meetingId: string };
	let forgetServer = () => {};
	const title = 'Engines meeting';

	beforeAll(async () => {
		server = await startAppServer();
		forgetServer = onAbnormalExit(() => void server.kill('SIGKILL'));
		network = await startNetworkSwitch();
		phone = await suite.open(network);
		device = phone.device;
		group = await createRelayGroup(server.url, `${device.engine} chapter`);
	});

	afterAll(async () => {
		await phone?.close();
		await network?.close();
		await server?.stop();
		forgetServer();
	});

	afterEach(() => {
		expect(
			device.consoleLines.filter((line) => TOKEN.test(line)),
			'a token in the console'
		).toEqual([]);
		expect(device.errors.filter((e) => !isUnreachableRelay(e))).toEqual([]);
	});

	const minutesName = () => `${meeting.groupId}/${meeting.meetingId}`;

	test('joins a group by its invite link at phone size', async () => {
		await joinByInvite(device, `${server.url}/join#${group.tokens.edit}`, 'Ada');
		expect(await device.evaluate(() => [innerWidth, devicePixelRatio])).toEqual([390, 2]);
		expect(await hasHorizontalScroll(device), 'the list wider than the phone').toBe(false);
	});

	test('makes a meeting, adds items, types notes: a list with Enter, a paste', async () => {
		meeting = await takeNotes(device, title);
		expect(meeting.groupId).toBe(group.groupId);
		await device.waitForStatus(/up to date/i, 20_000);
		// "Up to date" means the relay has it: read once, no waiting.
		const minutes = await readFromRelay(server.url, minutesName(), group.tokens.view);
		expect(header(minutes).title).toBe(title);
		const items = agendaList(minutes);
		expect(items.map((item) => item.title)).toEqual(['Budget', 'Repairs']);
		expect(notesToPlainText(itemNotes(minutes, items[0].id))).toMatch(
			/first point[\s\S]*second point[\s\S]*Pasted bold words/
		);
	});

	test('a second device, in another engine, edits the same notes: both converge, every word once', async () => {
		const partner = await suite.openPartner();
		try {
			const other = partner.device;
			await joinByInvite(other, `${server.url}/join#${group.tokens.edit}`, 'Grace');
			await openMeeting(other, title);
			await appendToNotes(device, ' alpha bravo');
			await appendToNotes(other, ' charlie delta');
			await appendToNotes(device, ' echo');
			const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
			// The same document in both: each engine's innerText spaces paragraphs its own way.
			const converged = await device.until(
				async () => [await notesHtml(device), await notesHtml(other)],
				([mine, theirs]) => mine === theirs && words.every((w) => countWord(mine, w) === 1),
				`the same notes on ${device.engine} and ${other.engine}`,
				20_000
			);
			await device.waitForStatus(/up to date/i, 20_000);
			await other.waitForStatus(/up to date/i, 20_000);
			const relayCopy = await waitForRelay(server.url, minutesName(), group.tokens.view, (doc) =>
				words.every((w) => notesToPlainText(itemNotes(doc, agendaList(doc)[0].id)).includes(w))
			);
			const relayText = notesToPlainText(itemNotes(relayCopy, agendaList(relayCopy)[0].id));
			for (const word of words) expect(countWord(relayText, word), word).toBe(1);
			expect(converged[0]).toContain('<p>Pasted <strong>bold</strong> words alpha');
			expect(other.errors.filter((e) => !isUnreachableRelay(e))).toEqual([]);
		} finally {
			await partner.close();
		}
	});

	test('loses its network, keeps typing and says so; a reload opens the meeting from the device; back online, the relay has it all', async () => {
		const relayNotes = async () => {
			const doc = await readFromRelay(server.url, minutesName(), group.tokens.view);
			return notesToPlainText(itemNotes(doc, agendaList(doc)[0].id));
		};
		const phrases = await keepWorkingOffline(device, network, relayNotes);
		const minutes = await readFromRelay(server.url, minutesName(), group.tokens.view);
		const text = notesToPlainText(itemNotes(minutes, agendaList(minutes)[0].id));
		for (const phrase of phrases) expect(text).toContain(phrase);
		expect(await device.seriousAxeViolations(), 'axe on the meeting screen, after').toEqual([]);
	});

	test('a new version shows "New version — reload" and reloads only when asked', async () => {
		// A second relay serving a copy of the build, whose service worker the flow changes.
		const dir = mkdtempSync(join(tmpdir(), 'plenary-engine-build-'));
		const staticDir = join(dir, 'build');
		cpSync(process.env.STATIC_DIR ?? 'build', staticDir, { recursive: true });
		const second = await startAppServer({ STATIC_DIR: staticDir });
		const forget = onAbnormalExit(() => void second.kill('SIGKILL'));
		try {
			await updatePromptWaitsForReload(device, second.url, staticDir);
		} finally {
			await second.stop();
			forget();
			rmSync(dir, { recursive: true, force: true });
		}
	});
}
