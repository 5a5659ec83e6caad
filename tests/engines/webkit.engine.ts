/**
 * The core flows (suite.ts) in WebKit: WebKitGTK's MiniBrowser under Xvfb through its WebDriver
 * and selenium-webdriver, a 390×844 window at 2×; the second device of the convergence step is
 * Firefox, so the two engines Chromium does not stand for meet each other.
 */
import { FirefoxDevice, launchFirefox } from './firefox-device';
import { startNetworkSwitch } from './network-switch';
import { defineEngineSuite } from './suite';
import { WebKitDevice } from './webkit-device';

defineEngineSuite({
	async open(network) {
		const device = await WebKitDevice.launch(network.address);
		return { device, close: () => device.close() };
	},
	async openPartner() {
		// Its own network, always on: only the phone under test loses its network.
		const network = await startNetworkSwitch();
		const browser = await launchFirefox(network.port);
		const device = await FirefoxDevice.open(browser);
		return {
			device,
			close: async () => {
				await browser.close();
				await network.close();
			}
		};
	}
});
