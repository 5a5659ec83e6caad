/**
 * Debian's Chromium driven by playwright-core: nothing downloads a browser. The flags keep
 * Chromium off the network (this machine has none but loopback) and headless-safe as root.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
}

/** A persistent profile: needed where Chromium refuses incognito (installability checks). */
export function launchPersistent(userDataDir: string, size: Size = PHONE): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM_PATH,
		args: FLAGS,
		headless: true,
		...contextOptions(size)
	});
}

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

export function newContext(browser: Browser, size: Size): Promise<BrowserContext> {
	return browser.newContext(contextOptions(size));
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
	await page.addScriptTag({ content: axeSource });
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
