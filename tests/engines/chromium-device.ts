/**
 * Chromium through playwright-core, with the flags and flight record of the Chromium tests
 * (tests/e2e/support/browser.ts). Its network goes through a switch (network-switch.ts), loopback
 * included, so a flow cuts it the same way in every engine.
 */
import type { Browser, BrowserContext, ElementHandle, Page } from 'playwright-core';
import { launchBrowser, newContext, PHONE } from '../e2e/support/browser';
import { Device, type Key } from './device';

/** Chromium whose every request, loopback too, goes through the proxy at `proxyAddress`. */
export function launchChromium(proxyAddress: string): Promise<Browser> {
	return launchBrowser([
		`--proxy-server=http://${proxyAddress}`,
		'--proxy-bypass-list=<-loopback>'
	]);
}

export class ChromiumDevice extends Device<ElementHandle> {
	readonly engine = 'chromium' as const;

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

	/** A new phone (390×844, touch) in its own context of `browser`. */
	static async open(browser: Browser): Promise<ChromiumDevice> {
		const context = await newContext(browser, PHONE);
		return new ChromiumDevice(context, await context.newPage());
	}

	protected evaluateExpression(expression: string): Promise<unknown> {
		return this.page.evaluate(expression);
	}
	protected async evaluateElement(expression: string): Promise<ElementHandle | null> {
		return (await this.page.evaluateHandle(expression)).asElement();
	}
	protected tapElement(element: ElementHandle): Promise<void> {
		return element.click();
	}
	protected writeScreenshot(): Promise<Buffer> {
		return this.page.screenshot();
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
