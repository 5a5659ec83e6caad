/**
 * The cross-engine flows (tests/engines/suite.ts) in Chromium, through the same device interface
 * as Firefox and WebKit, so each flow is written once and all three engines run it; the second
 * device of the convergence step is another Chromium profile.
 */
import { ChromiumDevice, launchChromium } from '../engines/chromium-device';
import { defineEngineSuite } from '../engines/suite';
import { launchBrowser } from './support/browser';

defineEngineSuite({
	async open(network) {
		const browser = await launchChromium(network.address);
		try {
			const device = await ChromiumDevice.open(browser);
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
