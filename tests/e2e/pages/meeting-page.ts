/**
 * Page model of the meeting screen. It finds controls the way people using a screen reader and
 * the acceptance tests do: by role and accessible name (docs/contract.md, "Names on screen").
 */
import type { Locator, Page } from 'playwright-core';

export class MeetingPage {
	constructor(readonly page: Page) {}

	/** From the meetings list: "New meeting", then wait for the meeting screen. */
	async createFromList(baseUrl: string) {
		await this.page.goto(baseUrl);
		await this.page.getByRole('button', { name: /new meeting/i }).click();
		await this.title.waitFor();
	}

	get title() {
		return this.page.getByRole('textbox', { name: 'Title', exact: true });
	}
	get date() {
		return this.page.getByRole('textbox', { name: 'Date', exact: true });
	}
	get itemTitles() {
		return this.page.getByRole('textbox', { name: 'Agenda item title' });
	}
	get notes() {
		return this.page.getByRole('textbox', { name: 'Notes' });
	}
	/**
	 * On a phone a meeting under way opens with its details (times, venue, attendance, next
	 * meeting) folded into one summary line; open it when it is folded. Title and Date stay out.
	 */
	async showDetails() {
		const summary = this.page.getByRole('button', { name: /^Meeting details/ });
		if ((await summary.count()) && (await summary.getAttribute('aria-expanded')) === 'false') {
			await summary.click();
		}
	}

	button(name: string | RegExp) {
		return this.page.getByRole('button', { name });
	}
	field(name: string, within: Locator | Page = this.page) {
		return within.getByRole('textbox', { name, exact: true });
	}

	/** The agenda's items in order: number and title. */
	async outline(): Promise<string[]> {
		return this.page.locator('[data-item-id]').evaluateAll((items) =>
			items.map((item) => {
				const number = item.querySelector('[id^="number-"]')?.textContent?.trim();
				const title = (item.querySelector('[data-item-title]') as HTMLTextAreaElement).value;
				return `${number} ${title}`;
			})
		);
	}

	/** "Add agenda item" (focus moves to the new title), then type the title. */
	async addItem(title: string) {
		await this.button('Add agenda item').click();
		await this.page.keyboard.type(title);
	}

	/** The n-th agenda item (in reading order) as a list element. */
	item(index: number): Locator {
		return this.page.locator('li[data-item-id]').nth(index);
	}

	/** Tap an item's notes and wait for its editor to have focus (it mounts near the screen). */
	async focusNotes(itemIndex: number) {
		await this.notes.nth(itemIndex).click();
		await this.page
			.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'), null, {
				timeout: 5000
			})
			.catch(async (error) => {
				const active = await this.page.evaluate(() => document.activeElement?.outerHTML);
				throw new Error(`notes ${itemIndex} did not take focus; focus is on ${active}`, {
					cause: error
				});
			});
	}

	/** Type into an item's notes: each entry of `lines` followed by Enter, except the last. */
	async typeNotes(itemIndex: number, lines: string[]) {
		await this.focusNotes(itemIndex);
		await this.page.keyboard.press('End');
		for (const [i, line] of lines.entries()) {
			await this.page.keyboard.type(line);
			if (i < lines.length - 1) await this.page.keyboard.press('Enter');
		}
	}

	async notesHtml(itemIndex: number): Promise<string> {
		return this.notes.nth(itemIndex).evaluate((el) => {
			const copy = el.cloneNode(true) as HTMLElement;
			copy
				.querySelectorAll('.ProseMirror-yjs-cursor, .ProseMirror-trailingBreak')
				.forEach((n) => n.remove());
			return copy.innerHTML.replace(/ class="[^"]*"/g, '');
		});
	}

	/** The block just added has focus: fill the field with `name` inside the focused block. */
	async currentBlock(): Promise<Locator> {
		const id = await this.page.evaluate(
			() =>
				(document.activeElement?.closest('[data-block-id]') as HTMLElement | null)?.dataset.blockId
		);
		return this.page.locator(`[data-block-id="${id}"]`);
	}

	async hasHorizontalScroll(): Promise<boolean> {
		return this.page.evaluate(
			() => document.documentElement.scrollWidth > document.documentElement.clientWidth
		);
	}
}
