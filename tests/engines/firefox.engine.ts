/**
 * The core flows (suite.ts) in Firefox: Debian's Firefox ESR through puppeteer-core over WebDriver
 * BiDi, a phone at 390×844; the second device of the convergence step is Chromium.
 */
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from '../e2e/support/browser';
import { ChromiumDevice } from './chromium-device';
import { FirefoxDevice, launchFirefox } from './firefox-device';
import { defineEngineSuite } from './suite';

defineEngineSuite({
	async open(network) {
		const browser: Browser = await launchFirefox(network.port);
		try {
			const device = await FirefoxDevice.open(browser);
			return { device, close: () => browser.close() };
		} catch (error) {
			await browser.close();
			throw error;
		}
	},
	async openPartner() {
		const browser = await launchBrowser();
		const device = await ChromiumDevice.open(browser);
		return { device, close: () => browser.close() };
	}
});
