/**
 * The store for several relays: one PostgreSQL database (`DATABASE_URL`) shared by all of them,
 * through `pg`'s pool. Schema and migrations in postgres-schema.ts; the notices relays send each
 * other in postgres-notices.ts.
 *
 * - `appendMany` is one statement, so one transaction: it inserts every row and notifies, per
 *   document, the ids it wrote. PostgreSQL delivers a notice only when its transaction commits,
 *   so a relay hears of an update only once it is durable, and always then.
 * - `replaceDocument` (compaction) runs under a per-document advisory lock (one compaction of a
 *   document at a time, across relays) and merges the snapshot with every row it removes, then
 *   removes exactly those rows by id: a row another relay committed meanwhile is neither removed
 *   nor needed in the snapshot, so a compaction racing an append loses nothing.
 * - `addRevision` takes the next number in the same statement that inserts; two relays that
 *   pick the same number collide on the primary key and the loser tries again.
 * - A database that cannot be reached rejects with `StoreUnavailableError`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { migrate } from './postgres-schema.ts';
import { AWARENESS_CHANNEL, GROUPS_CHANNEL, UPDATES_CHANNEL } from './postgres-notices.ts';
import {
	StoreUnavailableError,
	type GroupRecord,
	type RevisionRecord,
	type Store,
	type StoredRevision
} from './store.ts';

export interface PostgresStoreOptions {
	url: string;
	/** Written into every notice, so a relay knows its own. */
	instanceId: string;
	logger: Logger;
	/** Most connections the pool opens. */
	poolSize?: number;
	/**
	 * 'normal' (the relay's default): commits survive a crash of the relay, as with SQLite, but
	 * the relay does not wait for PostgreSQL's disk flush (`synchronous_commit = off`), so a
	 * crash of PostgreSQL itself or a power loss may take back the last fraction of a second.
	 * 'full': every commit waits for the flush (`synchronous_commit = on`).
	 */
	durability?: 'normal' | 'full';
}

export interface PostgresStore extends Store {
	readonly url: string;
	readonly instanceId: string;
	/**
	 * For each range, the rows of its document with ids from `firstId` to `lastId`, oldest first:
	 * one query for all of them.
	 */
	fetchUpdates(ranges: readonly UpdateRange[]): Promise<Uint8Array[][]>;
	/** The shared relay secret: the stored one, or a new one stored for every relay. */
	loadOrCreateSecret(): Promise<string>;
	/** Sends awareness notices (JSON payloads, postgres-notices.ts). */
	notifyAwareness(payloads: string[]): Promise<void>;
	/** Whether the database answers now. */
	ping(): Promise<boolean>;
	/** What PostgreSQL says the relay's sessions run with (`synchronous_commit`). */
	readDurability(): Promise<'normal' | 'full'>;
}

export interface UpdateRange {
	doc: string;
	firstId: number;
	lastId: number;
}

interface GroupRow {
	id: string;
	name: string;
	generation: number;
	created_at: string;
}

/** Any fixed number: with the document's hash, the lock one compaction of a document holds. */
const COMPACTION_LOCK = 7_420_212;
const SECRET_KEY = 'relay_secret';

const toRecord = (row: GroupRow): GroupRecord => ({
	id: row.id,
	name: row.name,
	generation: row.generation,
	createdAt: Number(row.created_at)
});

const toBuffer = (bytes: Uint8Array) =>
	Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const toBytes = (buffer: Buffer) =>
	new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/**
 * Connection failures (refused, cut, timed out, the server shutting down or starting), as opposed
 * to an error in what was asked.
 */
export function isConnectionError(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string') {
		if (/^(08|57|53)/.test(code)) return true;
		if (/^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/.test(code)) {
			return true;
		}
	}
	return /Connection terminated|timeout exceeded when trying to connect|connection error|not queryable/i.test(
		error.message
	);
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
	const { url, instanceId, logger } = options;
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize ?? 10,
		// A database that does not answer fails the write (1011, 503) rather than holding it.
		connectionTimeoutMillis: 5_000,
		idleTimeoutMillis: 30_000,
		application_name: `plenary-relay ${instanceId}`,
		options: `-c synchronous_commit=${options.durability === 'full' ? 'on' : 'off'}`
	});
	// An idle connection cut by the server: the pool drops it and opens another when needed.
	pool.on('error', (error) => logger.warn('database_connection_lost', { error }));

	async function query<R extends pg.QueryResultRow>(
		text: string,
		values?: unknown[]
	): Promise<pg.QueryResult<R>> {
		try {
			return await pool.query<R>(text, values);
		} catch (error) {
			throw isConnectionError(error) ? new StoreUnavailableError(error) : error;
		}
	}

	async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
		let client: pg.PoolClient;
		try {
			client = await pool.connect();
		} catch (error) {
			throw isConnectionError(error) ? new StoreUnavailableError(error) : error;
		}
		let isBroken = false;
		try {
			await client.query('BEGIN');
			const result = await work(client);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => (isBroken = true));
			throw isConnectionError(error) ? new StoreUnavailableError(error) : error;
		} finally {
			client.release(isBroken);
		}
	}

	try {
		await migrate(pool);
	} catch (error) {
		await pool.end().catch(() => {});
		throw isConnectionError(error)
			? new Error(`cannot reach the database of DATABASE_URL: ${(error as Error).message}`)
			: error;
	}

	return {
		url,
		instanceId,
		async loadDocument(name) {
			const { rows } = await query<{ data: Buffer }>(
				'SELECT data FROM updates WHERE doc = $1 ORDER BY id',
				[name]
			);
			return rows.map((row) => toBytes(row.data));
		},
		async fetchUpdates(ranges) {
			const found: Uint8Array[][] = ranges.map(() => []);
			if (ranges.length === 0) return found;
			const { rows } = await query<{ k: string; data: Buffer }>(
				`SELECT r.k, u.data
				FROM unnest($1::text[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS r (doc, a, b, k)
				JOIN updates u ON u.doc = r.doc AND u.id BETWEEN r.a AND r.b
				ORDER BY r.k, u.id`,
				[ranges.map((r) => r.doc), ranges.map((r) => r.firstId), ranges.map((r) => r.lastId)]
			);
			for (const row of rows) found[Number(row.k) - 1].push(toBytes(row.data));
			return found;
		},
		async appendMany(batches) {
			const docs: string[] = [];
			const data: Buffer[] = [];
			for (const { name, updates } of batches) {
				for (const update of updates) {
					if (!(update instanceof Uint8Array)) throw new TypeError('an update must be bytes');
					docs.push(name);
					data.push(toBuffer(update));
				}
			}
			if (docs.length === 0) return;
			await query(
				`WITH written AS (
					INSERT INTO updates (doc, data)
					SELECT doc, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u (doc, data, k)
					ORDER BY k
					RETURNING id, doc
				)
				SELECT pg_notify('${UPDATES_CHANNEL}', json_build_object(
					'r', $3::text, 'd', doc, 'a', min(id), 'b', max(id), 'n', count(*)
				)::text)
				FROM written GROUP BY doc`,
				[docs, data, instanceId]
			);
		},
		async replaceDocument(name, snapshot) {
			await transaction(async (client) => {
				await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
					COMPACTION_LOCK,
					name
				]);
				const { rows } = await client.query<{ id: string; data: Buffer }>(
					'SELECT id, data FROM updates WHERE doc = $1 ORDER BY id',
					[name]
				);
				const merged = Y.mergeUpdates([...rows.map((row) => toBytes(row.data)), snapshot]);
				await client.query('DELETE FROM updates WHERE id = ANY($1::bigint[])', [
					rows.map((row) => row.id)
				]);
				await client.query('INSERT INTO updates (doc, data) VALUES ($1, $2)', [
					name,
					toBuffer(merged)
				]);
			});
		},
		async createGroup(id, name) {
			const createdAt = Date.now();
			await query('INSERT INTO groups (id, name, generation, created_at) VALUES ($1, $2, 1, $3)', [
				id,
				name,
				createdAt
			]);
			return { id, name, generation: 1, createdAt };
		},
		async getGroup(id) {
			const { rows } = await query<GroupRow>('SELECT * FROM groups WHERE id = $1', [id]);
			return rows[0] ? toRecord(rows[0]) : undefined;
		},
		async rotateGroup(id) {
			// The notice goes with the commit: every relay closes the old tokens' connections.
			const { rows } = await query<GroupRow>(
				`WITH rotated AS (
					UPDATE groups SET generation = generation + 1 WHERE id = $1 RETURNING *
				)
				SELECT id, name, generation, created_at,
					pg_notify('${GROUPS_CHANNEL}', json_build_object('g', id, 'v', generation)::text)
				FROM rotated`,
				[id]
			);
			if (!rows[0]) throw new Error('unknown group');
			return toRecord(rows[0]);
		},
		async addRevision(name, publishedAt, snapshot) {
			for (let attempt = 0; ; attempt++) {
				try {
					const { rows } = await query<{ n: number }>(
						`INSERT INTO revisions (doc, n, published_at, snapshot)
						SELECT $1, COALESCE(MAX(n), 0) + 1, $2, $3 FROM revisions WHERE doc = $1
						RETURNING n`,
						[name, publishedAt, toBuffer(snapshot)]
					);
					return rows[0].n;
				} catch (error) {
					// Another relay took the same number first: take the next one.
					if ((error as { code?: string }).code !== '23505' || attempt >= 20) throw error;
				}
			}
		},
		async listRevisions(name): Promise<RevisionRecord[]> {
			const { rows } = await query<{ n: number; published_at: string }>(
				'SELECT n, published_at FROM revisions WHERE doc = $1 ORDER BY n',
				[name]
			);
			return rows.map((row) => ({ revision: row.n, publishedAt: row.published_at }));
		},
		async loadRevision(name, revision): Promise<StoredRevision | undefined> {
			if (!Number.isSafeInteger(revision) || revision < 1 || revision > 2 ** 31 - 1) {
				return undefined;
			}
			const { rows } = await query<{ n: number; published_at: string; snapshot: Buffer }>(
				'SELECT n, published_at, snapshot FROM revisions WHERE doc = $1 AND n = $2',
				[name, revision]
			);
			const row = rows[0];
			return row
				? { revision: row.n, publishedAt: row.published_at, snapshot: toBytes(row.snapshot) }
				: undefined;
		},
		async loadOrCreateSecret() {
			const { rows } = await query<{ value: string }>(
				`WITH created AS (
					INSERT INTO settings (key, value) VALUES ($1, $2)
					ON CONFLICT (key) DO NOTHING RETURNING value
				)
				SELECT value FROM created UNION ALL SELECT value FROM settings WHERE key = $1`,
				[SECRET_KEY, randomBytes(32).toString('base64url')]
			);
			if (rows[0]) return rows[0].value;
			// Another relay inserted it while this statement ran, too late for its snapshot.
			const again = await query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
				SECRET_KEY
			]);
			if (!again.rows[0]) throw new Error('the relay secret could not be stored');
			return again.rows[0].value;
		},
		async notifyAwareness(payloads) {
			if (payloads.length === 0) return;
			await query(`SELECT pg_notify('${AWARENESS_CHANNEL}', p) FROM unnest($1::text[]) AS p`, [
				payloads
			]);
		},
		async readDurability() {
			const { rows } = await query<{ synchronous_commit: string }>('SHOW synchronous_commit');
			return rows[0].synchronous_commit === 'off' ? 'normal' : 'full';
		},
		async ping() {
			try {
				await query('SELECT 1');
				return true;
			} catch {
				return false;
			}
		},
		async close() {
			await pool.end();
		}
	};
}
