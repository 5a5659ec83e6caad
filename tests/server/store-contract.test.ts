/**
 * One suite (store-contract.ts), every store: the embedded SQLite file and PostgreSQL, a real
 * server started for this file (tests/utils/postgres.ts).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createLogger } from '../../server/log.ts';
import { openPostgresStore } from '../../server/storage/postgres-store.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import type { Store } from '../../server/storage/store.ts';
import { removeDir, tempDir } from '../utils/relay.ts';
import { startPostgres, type TestPostgres } from '../utils/postgres.ts';
import { storeContract } from './store-contract.ts';

const opened: Store[] = [];
const dirs: string[] = [];

afterEach(async () => {
	for (const store of opened.splice(0)) await store.close();
	for (const dir of dirs.splice(0)) removeDir(dir);
});

let lastDir = '';
storeContract('SQLite', {
	async open() {
		lastDir = tempDir('plenary-store-');
		dirs.push(lastDir);
		const store = openSqliteStore(lastDir);
		opened.push(store);
		return store;
	},
	async openAgain() {
		return openSqliteStore(lastDir);
	}
});

let postgres: TestPostgres;
beforeAll(async () => {
	postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

let databases = 0;
let lastUrl = '';
const logger = createLogger('silent');
storeContract('PostgreSQL', {
	async open() {
		lastUrl = await postgres.createDatabase(`contract_${++databases}`);
		const store = await openPostgresStore({ url: lastUrl, instanceId: 'one', logger });
		opened.push(store);
		return store;
	},
	async openAgain() {
		return openPostgresStore({ url: lastUrl, instanceId: 'two', logger });
	}
});
