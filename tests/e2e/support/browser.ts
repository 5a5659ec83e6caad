/**
 * Debian's Chromium driven by playwright-core: nothing downloads a browser. The flags keep
 * Chromium off the network (this machine has none but loopback) and headless-safe as root.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from 'playwright-core';
import { watchPage } from './flight-recorder';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** `extraArgs`: more command-line switches, such as a proxy for the cross-engine flows. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [...FLAGS, ...extraArgs],
		headless: true
	});
}

/** A persistent profile: needed where Chromium refuses incognito (installability checks). */
export async function launchPersistent(
	userDataDir: string,
	size: Size = PHONE
): Promise<BrowserContext> {
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM_PATH,
		args: FLAGS,
		headless: true,
		...contextOptions(size)
	});
	prepare(context, size);
	for (const page of context.pages()) watchPage(page, size);
	return context;
}

const ELEMENT_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 30_000;

export type Size = 'phone' | 'desktop';
export const PHONE: Size = 'phone';
export const DESKTOP: Size = 'desktop';

function contextOptions(size: Size) {
	return size === 'phone'
		? {
				viewport: { width: 390, height: 844 },
				deviceScaleFactor: 2,
				isMobile: true,
				hasTouch: true
			}
		: { viewport: { width: 1280, height: 800 } };
}

/** `extra`: more context options, such as a `locale` other than the browser's own. */
export async function newContext(
	browser: Browser,
	size: Size,
	extra: BrowserContextOptions = {}
): Promise<BrowserContext> {
	const context = await browser.newContext({ ...contextOptions(size), ...extra });
	prepare(context, size);
	return context;
}

/**
 * Every page is watched for the flight record, and a wait for an element gives up after 15 s
 * instead of Playwright's 30: inside `expect.poll`, which awaits each attempt in full, one
 * 30-second attempt before and one after the poll's own timeout run into the test's 60 s
 * timeout, which names no step. Navigations keep their 30 s.
 */
function prepare(context: BrowserContext, size: Size): void {
	context.setDefaultTimeout(ELEMENT_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
	context.on('page', (page) => watchPage(page, size));
}

/** Collects console errors and uncaught exceptions, which every test expects to stay empty. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(String(error)));
	return errors;
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: string[];
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
	// Evaluated through the DevTools protocol, which the app's Content-Security-Policy does not
	// govern; an injected <script> would be refused as an inline script.
	await page.evaluate(`${axeSource}\n;undefined`);
	const violations = await page.evaluate(async () => {
		const result = await (
			window as unknown as {
				axe: {
					run: (
						context: Document,
						options: object
					) => Promise<{
						violations: {
							id: string;
							impact: string | null;
							help: string;
							nodes: { target: string[] }[];
						}[];
					}>;
				};
			}
		).axe.run(document, {
			runOnly: {
				type: 'tag',
				values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']
			}
		});
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.map((n) => n.target.join(' '))
		}));
	});
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
