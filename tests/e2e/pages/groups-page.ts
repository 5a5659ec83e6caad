/** The groups screen: create a group, and the settings of the group shown now. */
import type { Page } from 'playwright-core';

export class GroupsPage {
	constructor(readonly page: Page) {}

	async goto(baseUrl: string) {
		await this.page.goto(`${baseUrl}/groups`);
		await this.heading.waitFor();
	}

	get heading() {
		return this.page.getByRole('heading', { name: 'Groups', exact: true });
	}

	/** The select "Date order" of the group shown now (editors only). */
	get dateOrder() {
		return this.page.getByRole('combobox', { name: 'Date order' });
	}

	/** The label of the date order chosen now, e.g. "12/31/2026 (month first)". */
	async dateOrderLabel(): Promise<string> {
		return this.dateOrder.evaluate((el) => {
			const select = el as HTMLSelectElement;
			return select.selectedOptions[0]?.textContent?.trim() ?? '';
		});
	}

	/** Creates a group on the relay this app came from; the app then shows its meetings list. */
	async createGroup(name: string) {
		await this.page.getByRole('textbox', { name: 'Group name' }).fill(name);
		await this.page.getByRole('button', { name: 'Create group' }).click();
		await this.page.getByText(`“${name}” is ready`).waitFor();
	}
}
