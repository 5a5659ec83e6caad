/**
 * The PostgreSQL store's schema, created and migrated by the relay itself on start.
 *
 *   plenary_schema(version)              one row: the last migration applied
 *   groups(id, name, generation, created_at)
 *   updates(id bigserial, doc, data bytea)
 *                                        one row per committed Yjs update, or one snapshot row
 *                                        after a compaction; `id` is what relays notify each
 *                                        other with (postgres-store.ts)
 *   revisions(doc, n, published_at, snapshot)
 *                                        one row per published revision, primary key (doc, n)
 *   settings(key, value)                 the relay secret every relay shares, when generated
 *
 * Migrations are append-only: each runs once, in order, in one transaction with the version
 * bump, under an advisory lock, so relays started together migrate once and never half-way.
 * A database of a newer version than this relay knows is refused (an older relay would write
 * what the newer schema no longer means).
 */
import type pg from 'pg';

/** Any fixed number: the advisory lock that serializes migrations across relays. */
const MIGRATION_LOCK = 7_420_211;

export const MIGRATIONS: readonly string[] = [
	`CREATE TABLE groups (
		id text PRIMARY KEY,
		name text NOT NULL,
		generation integer NOT NULL,
		created_at bigint NOT NULL
	);
	CREATE TABLE updates (
		id bigserial PRIMARY KEY,
		doc text NOT NULL,
		data bytea NOT NULL
	);
	CREATE INDEX updates_by_doc ON updates (doc, id);
	CREATE TABLE revisions (
		doc text NOT NULL,
		n integer NOT NULL,
		published_at text NOT NULL,
		snapshot bytea NOT NULL,
		PRIMARY KEY (doc, n)
	);
	CREATE TABLE settings (
		key text PRIMARY KEY,
		value text NOT NULL
	);`
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to `SCHEMA_VERSION`; resolves with the version it found. */
export async function migrate(pool: pg.Pool): Promise<number> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
		await client.query('CREATE TABLE IF NOT EXISTS plenary_schema (version integer NOT NULL)');
		const { rows } = await client.query<{ version: number }>('SELECT version FROM plenary_schema');
		const found = rows[0]?.version ?? 0;
		if (found > SCHEMA_VERSION) {
			throw new Error(
				`the database's schema is version ${found}, newer than this relay's (${SCHEMA_VERSION}): run the newer relay`
			);
		}
		for (let version = found; version < SCHEMA_VERSION; version++) {
			await client.query(MIGRATIONS[version]);
		}
		if (rows.length === 0) {
			await client.query('INSERT INTO plenary_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
		} else {
			await client.query('UPDATE plenary_schema SET version = $1', [SCHEMA_VERSION]);
		}
		await client.query('COMMIT');
		return found;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}
