/**
 * WebKitGTK's MiniBrowser, Safari's engine, through its WebDriver (WebKitWebDriver) and
 * selenium-webdriver's classic protocol. MiniBrowser draws a real window, so it runs under an
 * Xvfb of its own (without a display the driver hangs instead of failing); `GDK_SCALE=2` gives a
 * device pixel ratio of 2, and a window opened without toolbars gives a 390×844 viewport. It has
 * no network emulation: every request, loopback included, goes through the network switch
 * (`--proxy`). It has no console log endpoint either, so `errors` stays empty here.
 *
 * Xvfb and the driver (with the MiniBrowser it starts) run in process groups of their own,
 * stopped by `close` and, should the run end otherwise, by child-processes.ts.
 */
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { Builder, Key as SeleniumKey, type WebDriver, type WebElement } from 'selenium-webdriver';
import { spawnGroup, stopGroup } from './child-processes';
import { Device, type Key } from './device';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER =
	process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = process.env.XVFB ?? '/usr/bin/Xvfb';

const KEYS: Record<Key, string> = {
	Enter: SeleniumKey.ENTER,
	End: SeleniumKey.END,
	Tab: SeleniumKey.TAB,
	Escape: SeleniumKey.ESCAPE,
	Backspace: SeleniumKey.BACK_SPACE
};

/** Starts Xvfb on a free display, which it reports on fd 3 (`-displayfd`). */
async function startXvfb(): Promise<{ process: ChildProcess; display: string }> {
	// Tall enough for a 390×844 window at scale 2.
	const child = spawnGroup(
		XVFB,
		['-displayfd', '3', '-screen', '0', '1280x1800x24', '-nolisten', 'tcp'],
		{
			stdio: ['ignore', 'ignore', 'pipe', 'pipe']
		}
	);
	const stderr: string[] = [];
	child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
	const display = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`Xvfb did not start:\n${stderr.join('')}`)),
			15_000
		);
		let out = '';
		(child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk) => {
			out += String(chunk);
			if (out.includes('\n')) {
				clearTimeout(timer);
				resolve(`:${out.trim()}`);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`Xvfb exited with ${code}:\n${stderr.join('')}`));
		});
	});
	return { process: child, display };
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Starts WebKitWebDriver on a free port and waits until it answers `/status`. */
async function startDriver(display: string): Promise<{ process: ChildProcess; url: string }> {
	const port = await freePort();
	const child = spawnGroup(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
		env: { ...process.env, DISPLAY: display, GDK_SCALE: '2' },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	const stderr: string[] = [];
	child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited:\n${stderr.join('')}`);
		try {
			if ((await fetch(`${url}/status`)).ok) return { process: child, url };
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			await stopGroup(child);
			throw new Error(`WebKitWebDriver did not answer in 15 s:\n${stderr.join('')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export class WebKitDevice extends Device<WebElement> {
	readonly engine = 'webkit' as const;

	private constructor(
		readonly driver: WebDriver,
		private readonly children: ChildProcess[]
	) {
		super();
	}

	/** A MiniBrowser under its own Xvfb whose network is the proxy at `proxyAddress`. */
	static async launch(proxyAddress: string): Promise<WebKitDevice> {
		const children: ChildProcess[] = [];
		try {
			const xvfb = await startXvfb();
			children.push(xvfb.process);
			const server = await startDriver(xvfb.display);
			children.push(server.process);
			const driver = await new Builder()
				.usingServer(server.url)
				.withCapabilities({
					browserName: 'MiniBrowser',
					'webkitgtk:browserOptions': {
						binary: MINIBROWSER,
						args: [
							'--automation',
							`--proxy=http://${proxyAddress}`,
							'--javascript-can-open-windows-automatically=true'
						]
					}
				})
				.build();
			await driver.manage().setTimeouts({ script: 60_000, pageLoad: 30_000 });
			const device = new WebKitDevice(driver, children);
			await device.openPhoneWindow();
			return device;
		} catch (error) {
			for (const child of children.reverse()) await stopGroup(child);
			throw error;
		}
	}

	/** A toolbar-less window of phone size, which the device then uses. */
	private async openPhoneWindow() {
		const before = await this.driver.getAllWindowHandles();
		await this.driver.executeScript(
			"window.open('about:blank', 'phone', 'popup,width=390,height=844')"
		);
		const after = await this.driver.getAllWindowHandles();
		const phone = after.find((handle) => !before.includes(handle));
		if (!phone) throw new Error('MiniBrowser opened no phone-sized window');
		await this.driver.switchTo().window(phone);
	}

	protected evaluateExpression(expression: string): Promise<unknown> {
		return this.driver.executeScript(`return ${expression}`);
	}
	protected async evaluateElement(expression: string): Promise<WebElement | null> {
		return ((await this.driver.executeScript(`return ${expression}`)) as WebElement | null) ?? null;
	}
	protected tapElement(element: WebElement): Promise<void> {
		return element.click();
	}
	protected async writeScreenshot(): Promise<Buffer> {
		return Buffer.from(await this.driver.takeScreenshot(), 'base64');
	}

	async goto(url: string) {
		await this.driver.get(url);
	}
	async reload() {
		await this.driver.navigate().refresh();
	}
	async url() {
		return this.driver.getCurrentUrl();
	}
	async type(text: string) {
		await this.driver.actions().sendKeys(text).perform();
	}
	async press(key: Key) {
		await this.driver.actions().sendKeys(KEYS[key]).perform();
	}
	async close() {
		try {
			await this.driver.quit();
		} finally {
			for (const child of this.children.reverse()) await stopGroup(child);
		}
	}
}
