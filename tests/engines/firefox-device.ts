/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, headless: nothing downloads
 * a browser. Puppeteer ignores `isMobile` and `hasTouch` in Firefox, so touch points and a coarse
 * pointer come from testing prefs; every request, loopback included, goes through the network
 * switch (network-switch.ts), since Firefox's offline emulation spares the service worker's
 * own fetches. Puppeteer stops the browser (its whole process group) on exit and on signals.
 */
import { existsSync } from 'node:fs';
import puppeteer, {
	type Browser,
	type BrowserContext,
	type ElementHandle,
	type Page
} from 'puppeteer-core';
import { Device, type Key } from './device';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export function launchFirefox(proxyPort: number): Promise<Browser> {
	if (!existsSync(FIREFOX_PATH)) throw new Error(`no Firefox at ${FIREFOX_PATH}`);
	return puppeteer.launch({
		browser: 'firefox',
		executablePath: FIREFOX_PATH,
		protocol: 'webDriverBiDi',
		headless: true,
		extraPrefsFirefox: {
			'network.proxy.type': 1,
			'network.proxy.http': '127.0.0.1',
			'network.proxy.http_port': proxyPort,
			'network.proxy.no_proxies_on': '',
			'network.proxy.allow_hijacking_localhost': true,
			// A phone: touch points and a coarse pointer without hover (ui.* bits: 1 coarse).
			'dom.maxtouchpoints.testing.value': 5,
			'ui.primaryPointerCapabilities': 1,
			'ui.allPointerCapabilities': 1,
			// Nothing of Firefox's own reaches for the network (this machine has none).
			'app.update.enabled': false,
			'browser.safebrowsing.malware.enabled': false,
			'browser.safebrowsing.phishing.enabled': false,
			'network.captive-portal-service.enabled': false,
			'network.connectivity-service.enabled': false
		}
	});
}

export class FirefoxDevice extends Device<ElementHandle> {
	readonly engine = 'firefox' as const;

	private constructor(
		readonly context: BrowserContext,
		readonly page: Page
	) {
		super();
		page.on('console', (message) => {
			this.consoleLines.push(message.text());
			if (message.type() === 'error') this.errors.push(message.text());
		});
		page.on('pageerror', (error) => this.errors.push(String(error)));
	}

	/** A new phone (390×844 at 2×) in its own context (profile) of `browser`. */
	static async open(browser: Browser): Promise<FirefoxDevice> {
		const context = await browser.createBrowserContext();
		const page = await context.newPage();
		await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2 });
		page.setDefaultTimeout(15_000);
		page.setDefaultNavigationTimeout(30_000);
		return new FirefoxDevice(context, page);
	}

	protected evaluateExpression(expression: string): Promise<unknown> {
		return this.page.evaluate(expression);
	}
	protected async evaluateElement(expression: string): Promise<ElementHandle | null> {
		return (await this.page.evaluateHandle(expression)).asElement() as ElementHandle | null;
	}
	protected tapElement(element: ElementHandle): Promise<void> {
		return element.click();
	}
	protected async writeScreenshot(): Promise<Buffer> {
		return Buffer.from(await this.page.screenshot());
	}

	async goto(url: string) {
		await this.page.goto(url);
	}
	async reload() {
		await this.page.reload();
	}
	async url() {
		return this.page.url();
	}
	type(text: string) {
		return this.page.keyboard.type(text);
	}
	press(key: Key) {
		return this.page.keyboard.press(key);
	}
	close() {
		return this.context.close();
	}
}
