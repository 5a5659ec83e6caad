/**
 * One way to find a control by its role and accessible name, run inside the page, used by the
 * devices of all three engines: axe-core's own role and name computation (`axe.commons`), which
 * the tests inject anyway to check accessibility. Playwright's `getByRole` drives Chromium only,
 * puppeteer's `::-p-aria` leans on each browser's accessibility tree, and selenium has no such
 * finder: one finder in the page means a name is resolved the same way in every engine, by the
 * same code that judges whether the name is good.
 *
 * Names are matched as docs/contract.md says ("Names on screen"): case-insensitively, as a
 * substring; `exact` asks for the whole name, case included. Hidden elements (what a screen
 * reader would not reach) are left out.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** axe-core's source, evaluated in a page before the first search there. */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface RoleQuery {
	role: string;
	/** A part of the accessible name (any case), or the whole of it with `exact`. */
	name?: string;
	exact?: boolean;
	/** The n-th match in document order; 0 unless given. */
	nth?: number;
}

/**
 * Runs in the page (so it is written as plain JavaScript a browser runs after `toString`):
 * every element with `role` and a matching name, in document order.
 */
export function matchingElements(query: RoleQuery): Element[] {
	interface AxeInPage {
		_tree?: unknown;
		setup(node: Document): unknown;
		teardown(): void;
		utils: { getNodeFromTree(node: Element): unknown };
		commons: {
			aria: { getRole(node: unknown): string | null };
			dom: { isVisibleToScreenReaders(node: unknown): boolean };
			text: { accessibleTextVirtual(node: unknown): string };
		};
	}
	const axe = (window as unknown as { axe: AxeInPage }).axe;
	// axe caches the tree it walks: a fresh one for each search sees the page as it is now.
	if (axe._tree) axe.teardown();
	axe.setup(document);
	try {
		const wanted = query.name ?? '';
		const found: Element[] = [];
		for (const element of Array.from(document.querySelectorAll('body *'))) {
			const node = axe.utils.getNodeFromTree(element);
			if (!node || axe.commons.aria.getRole(node) !== query.role) continue;
			if (!axe.commons.dom.isVisibleToScreenReaders(node)) continue;
			const name = axe.commons.text.accessibleTextVirtual(node).replace(/\s+/g, ' ').trim();
			const isMatch = query.exact
				? name === wanted
				: name.toLowerCase().includes(wanted.toLowerCase());
			if (isMatch) found.push(element);
		}
		return found;
	} finally {
		axe.teardown();
	}
}

/** How a query reads in an error message: `button "Join"`. */
export function describeQuery(query: RoleQuery): string {
	const name = query.name === undefined ? '' : ` "${query.name}"${query.exact ? ' (exact)' : ''}`;
	return `${query.role}${name}${query.nth ? ` #${query.nth}` : ''}`;
}
