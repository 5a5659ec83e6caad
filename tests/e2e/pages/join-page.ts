/**
 * Page models of joining and sharing, found by role and name as the acceptance tests
 * do (docs/contract.md, "Names on screen": textbox "Your name", button "Join", button "Share").
 */
import jsQR from 'jsqr';
import type { BrowserContext, Page } from 'playwright-core';

export class JoinPage {
	constructor(readonly page: Page) {}

	get name() {
		return this.page.getByRole('textbox', { name: 'Your name' });
	}
	get joinButton() {
		return this.page.getByRole('button', { name: 'Join' });
	}
	get alert() {
		return this.page.getByRole('alert');
	}

	async open(link: string) {
		await this.page.goto(link);
		await this.page.getByRole('heading', { name: 'Join a group' }).waitFor();
	}

	/** Opens the link, gives a name and joins; waits for the meetings list. */
	async join(link: string, name: string) {
		await this.open(link);
		await this.name.fill(name);
		await this.joinButton.click();
		await this.page.getByRole('heading', { name: 'Meetings' }).waitFor();
	}
}

/** Lets a test reach the app's documents as a tampered page would (see test-hooks.ts). */
export async function allowTestHooks(context: BrowserContext) {
	await context.addInitScript(() => {
		(window as unknown as { __plenaryTest: object }).__plenaryTest = {};
	});
}

export class SharePanel {
	constructor(readonly page: Page) {}

	get dialog() {
		return this.page.getByRole('dialog', { name: /invite to/i });
	}

	async open() {
		await this.page.getByRole('button', { name: 'Share', exact: true }).click();
		await this.dialog.waitFor();
	}

	/** The address of the edit, comment or view link, as shown. */
	link(role: 'Edit' | 'Comment' | 'View') {
		return this.dialog.getByRole('textbox', { name: `${role} link address` }).inputValue();
	}

	/** Shows the link's QR code full-screen and decodes it from the canvas's pixels. */
	async decodeQr(role: 'Edit' | 'Comment' | 'View'): Promise<string | null> {
		await this.dialog
			.getByRole('button', { name: `QR code of the ${role.toLowerCase()} link` })
			.click();
		const code = this.page.getByRole('img', { name: `QR code of the ${role.toLowerCase()} link` });
		await code.waitFor();
		const pixels = await code.locator('canvas').evaluate(async (canvas: HTMLCanvasElement) => {
			for (let i = 0; i < 100 && canvas.width <= 300; i++) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
			return { width: data.width, height: data.height, data: Array.from(data.data) };
		});
		const result = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
		return result?.data ?? null;
	}
}
