/**
 * The device database as an earlier build wrote it (tests/fixtures/plenary-database-v10.json),
 * restored into a page's real IndexedDB before the app first opens it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { restoreDatabase, type DatabaseDump } from '../../fixtures/database-dump';

export const LEGACY_DUMP = JSON.parse(
	readFileSync(new URL('../../fixtures/plenary-database-v10.json', import.meta.url), 'utf8')
) as DatabaseDump;

/**
 * Restores the dump from a file of the app's origin that runs none of its code (`path`), so the
 * database is in place, and closed, before anything of the app opens it.
 */
export async function restoreLegacyDatabase(page: Page, origin: string, path = '/healthz') {
	await page.goto(`${origin}${path}`);
	await page.evaluate(
		async ({ source, dump }) => {
			const restore = new Function(`return (${source})`)() as (
				factory: IDBFactory,
				dump: unknown
			) => Promise<void>;
			await restore(indexedDB, dump);
		},
		{ source: restoreDatabase.toString(), dump: LEGACY_DUMP }
	);
}
