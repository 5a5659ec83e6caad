/**
 * Page model of status and publishing on the meeting screen, found by role and name: the
 * contract's "Publish", "Withdraw", link "Public page" and the status in words
 * (docs/contract.md, "Names on screen"), and this screen's own "Change status", "Move to …",
 * "Revisions", "What changed".
 */
import type { Page } from 'playwright-core';

export class PublishingPanel {
	constructor(readonly page: Page) {}

	/** The status as the screen says it: "draft", "in review", "approved", "published". */
	async status(): Promise<string> {
		return ((await this.page.locator('.status-word').first().textContent()) ?? '').trim();
	}

	get publishButton() {
		return this.page.getByRole('button', { name: 'Publish' });
	}
	get withdrawButton() {
		return this.page.getByRole('button', { name: 'Withdraw' });
	}
	get publicLink() {
		return this.page.getByRole('link', { name: 'Public page' });
	}
	get publishDialog() {
		return this.page.getByRole('dialog', { name: 'What will be published' });
	}

	/** "Change status", then "Move to <step>"; waits until the screen says it. */
	async moveTo(step: 'draft' | 'in review' | 'approved') {
		const move = this.page.getByRole('button', { name: `Move to ${step}` });
		if (!(await move.isVisible())) {
			await this.page.getByRole('button', { name: 'Change status' }).click();
		}
		await move.click();
		await this.page.locator('.status-word', { hasText: step }).first().waitFor();
	}

	/** "Preview" opens "What will be published" and waits for the preview; returns the held-back line. */
	async openPreview(): Promise<string> {
		await this.page.getByRole('button', { name: 'Preview', exact: true }).click();
		await this.publishDialog.waitFor();
		const held = this.publishDialog.getByText(/held back/);
		await held.waitFor();
		return (await held.innerText()).trim();
	}

	/** The preview's text, read from inside its sandboxed frame. */
	previewText(): Promise<string> {
		return this.page
			.frameLocator('iframe[title="Preview of the public page"]')
			.locator('body')
			.innerText();
	}

	/** "Publish" in the dialog; waits until it closed and the screen says which revision. */
	async confirmPublish(): Promise<string> {
		await this.publishDialog.getByRole('button', { name: 'Publish' }).click();
		const done = this.page.getByText(/^Published as revision \d+/);
		await done.waitFor({ timeout: 30_000 });
		return (await done.innerText()).trim();
	}

	/** "Publish" on the bar, one tap; waits until the screen says which revision. */
	async publishNow(): Promise<string> {
		await this.publishButton.click();
		const done = this.page.getByText(/^Published as revision \d+/);
		await done.waitFor({ timeout: 30_000 });
		return (await done.innerText()).trim();
	}

	async withdraw() {
		await this.withdrawButton.click();
		await this.page.getByText(/public page was taken down/).waitFor({ timeout: 30_000 });
	}
}
