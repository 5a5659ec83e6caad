/**
 * One suite (store-contract.ts), every store: the embedded SQLite file and PostgreSQL, a real
 * server started for this file (tests/utils/postgres.ts).
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';
import { SCHEMA_VERSION } from '../../server/storage/postgres-schema.ts';
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

describe('PostgreSQL store: its schema', () => {
	it('creates the schema once, at version 1, and refuses a database of a newer one', async () => {
		const url = await postgres.createDatabase(`schema_${++databases}`);
		// Two relays starting together: one migrates, the other finds it done.
		const [one, two] = await Promise.all([
			openPostgresStore({ url, instanceId: 'one', logger }),
			openPostgresStore({ url, instanceId: 'two', logger })
		]);
		opened.push(one, two);
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const { rows } = await client.query('SELECT version FROM plenary_schema');
			expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
			expect(SCHEMA_VERSION).toBe(1);
			// Both relays share one generated secret.
			expect(await one.loadOrCreateSecret()).toBe(await two.loadOrCreateSecret());
			expect((await one.loadOrCreateSecret()).length).toBeGreaterThanOrEqual(32);
			await client.query('UPDATE plenary_schema SET version = 99');
		} finally {
			await client.end();
		}
		await expect(openPostgresStore({ url, instanceId: 'three', logger })).rejects.toThrow(
			/schema is version 99, newer than this relay's \(1\)/
		);
	});

	it('waits for the disk flush of each commit only under DURABILITY=full', async () => {
		const url = await postgres.createDatabase(`durability_${++databases}`);
		for (const [durability, expected] of [
			[undefined, 'normal'],
			['normal', 'normal'],
			['full', 'full']
		] as const) {
			const store = await openPostgresStore({ url, instanceId: 'd', logger, durability });
			opened.push(store);
			// Read back from PostgreSQL's own setting, not from the option.
			expect(await store.readDurability()).toBe(expected);
		}
	});

	it('says when the database cannot be reached, without the URL', async () => {
		const error = await openPostgresStore({
			url: 'postgres://plenary:hunter2-password@127.0.0.1:1/none',
			instanceId: 'lost',
			logger
		}).catch((caught: Error) => caught);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/cannot reach the database of DATABASE_URL/);
		expect((error as Error).message).not.toContain('hunter2');
	});
});
