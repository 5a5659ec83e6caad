/**
 * What a browser test did last, printed only when it fails. CI keeps nothing but the console,
 * and a test that runs into Vitest's timeout says only that it timed out: this says which step
 * it was on, what each page logged, loaded and closed, and what the relay logged meanwhile.
 *
 * Every page of a context made by `newContext` or `launchPersistent` is watched, and every
 * server `startAppServer` started; `setup.ts` starts a fresh record before each test and prints
 * it when the test fails. A test may call `step` to mark its stages.
 */
import type { Page } from 'playwright-core';
import type { AppServer } from './app-server';

const KEPT_LINES = 80;
const SERVER_LINES = 40;

interface FlightRecord {
	start: number;
	lines: string[];
	/** How many log lines each server had printed when the test started. */
	serverLogsBefore: Map<AppServer, number>;
	/** Where a page printed a group's token (never the token itself). */
	tokenLeaks: string[];
}

/** A relay token (src/lib/protocol/token-format.ts) anywhere in a text. */
const TOKEN = /p1\.[A-Za-z0-9_-]{16,64}\.(?:edit|comment|view)\.[0-9]+\.[A-Za-z0-9_-]{43}/;
const TOKEN_GLOBAL = new RegExp(TOKEN.source, 'g');

const servers = new Set<AppServer>();
let current: FlightRecord | undefined;
let pageCount = 0;

/** Begins the record of a test; called before each test by `setup.ts`. */
export function startRecord(): void {
	current = {
		start: Date.now(),
		lines: [],
		tokenLeaks: [],
		serverLogsBefore: new Map([...servers].map((server) => [server, server.logs.length]))
	};
}

/** The console messages of the running test that carried a token: a test fails on any. */
export function tokenLeaks(): string[] {
	return current?.tokenLeaks ?? [];
}

/** Marks the start of a stage of the running test. */
export function step(label: string): void {
	note('test', `— ${label}`);
}

export function watchServer(server: AppServer): void {
	servers.add(server);
}

export function forgetServer(server: AppServer): void {
	servers.delete(server);
}

/** Records what `page` logs, loads, fails to load, and whether it crashes or closes. */
export function watchPage(page: Page, kind: string): void {
	const label = `${kind} page ${++pageCount}`;
	page.on('console', (message) => {
		const text = message.text();
		if (TOKEN.test(text)) current?.tokenLeaks.push(`console.${message.type()}`);
		note(label, `console.${message.type()}: ${text.replace(TOKEN_GLOBAL, '<token>')}`);
	});
	page.on('pageerror', (error) => note(label, `uncaught: ${String(error)}`));
	let address = '';
	page.on('framenavigated', (frame) => {
		// Same-document navigations fire too; only a change of address is worth a line.
		// A join link carries a group's token after '#': never print one.
		const url = frame.url().split('#')[0];
		if (frame !== page.mainFrame() || url === address) return;
		address = url;
		note(label, `navigated to ${address}`);
	});
	page.on('requestfailed', (request) =>
		note(label, `request failed: ${request.url()} (${request.failure()?.errorText})`)
	);
	page.on('websocket', (socket) => {
		// A relay address may carry a group's token: never print one.
		const url = socket.url().split('?')[0];
		note(label, `websocket opened: ${url}`);
		socket.on('close', () => note(label, `websocket closed: ${url}`));
	});
	page.on('crash', () => note(label, 'renderer crashed'));
	page.on('close', () => note(label, 'closed'));
}

/** The running test's record, then what each server logged since it started. */
export function report(): string {
	if (!current) return '';
	const out = ['What the test did last (seconds since it started):', ...current.lines];
	for (const server of servers) {
		const since = current.serverLogsBefore.get(server) ?? 0;
		const lines = server.logs
			.slice(Math.max(since, server.logs.length - SERVER_LINES))
			.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
		out.push(`The relay at ${server.url} logged (last ${lines.length} lines):`, ...lines);
	}
	return out.join('\n');
}

function note(source: string, text: string): void {
	if (!current) return;
	const seconds = ((Date.now() - current.start) / 1000).toFixed(1).padStart(5);
	current.lines.push(`${seconds} [${source}] ${text.slice(0, 300)}`);
	if (current.lines.length > KEPT_LINES) current.lines.shift();
}
