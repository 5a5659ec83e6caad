/**
 * Page model of review comments, on the editors' meeting screen and on the read-only one, found
 * by the names of docs/contract.md ("a meeting, review": textbox "Comment", button "Add comment",
 * on a comment "Reply" and "Resolve"/"Reopen") and the screen's own (the "Comments, n open"
 * count of an item, the group "Comments on item n" that lists its threads).
 */
import type { Locator, Page } from 'playwright-core';

export class ReviewPanel {
	constructor(
		readonly page: Page,
		/** "item 2", or "the whole meeting" */
		readonly about: string
	) {}

	get group(): Locator {
		return this.page.getByRole('group', { name: `Comments on ${this.about}`, exact: true });
	}

	/** The thread whose first comment contains `text`. */
	thread(text: string): Locator {
		return this.group.getByRole('listitem').filter({ hasText: text }).first();
	}

	/** The texts of a thread's comments, in order. */
	async messages(text: string): Promise<string[]> {
		return this.thread(text).locator('.text').allInnerTexts();
	}

	async add(text: string) {
		await this.group.getByRole('textbox', { name: 'Comment' }).fill(text);
		await this.group.getByRole('button', { name: 'Add comment' }).click();
		await this.thread(text).waitFor();
	}

	async reply(threadText: string, text: string) {
		const thread = this.thread(threadText);
		await thread.getByRole('button', { name: 'Reply', exact: true }).click();
		await thread.getByRole('textbox', { name: 'Comment' }).fill(text);
		await thread.getByRole('button', { name: 'Add comment' }).click();
		await thread.getByText(text, { exact: true }).waitFor();
	}
}
