/**
 * The embedded store: one SQLite file (`<dataDir>/plenary.sqlite`) in WAL mode.
 *
 *   groups(id, name, generation, created_at)
 *   updates(id, doc, data)    one row per Yjs update, or one snapshot row after compaction
 *   revisions(doc, n, published_at, snapshot)
 *                             one row per published revision of a minutes document, primary
 *                             key (doc, n); the snapshot is the whole document as one update
 *
 * Each `appendMany` is one committed transaction, holding the batches of every room that
 * changed in the same event-loop turn (the relay's group commit). `synchronous = NORMAL` in WAL
 * mode keeps every committed transaction through a crash of the process (kill -9); only a power
 * loss can take back the last ones. Set `durability: 'full'` (`DURABILITY=full`) to fsync each
 * commit too, at the cost of a disk flush per commit.
 *
 * Tables are created with `IF NOT EXISTS` on every open: a data dir from an earlier version
 * opens as it was and gains the tables it lacks.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type {
	DocumentUpdates,
	GroupRecord,
	RevisionRecord,
	Store,
	StoredRevision
} from './store.ts';

export const DATABASE_FILE = 'plenary.sqlite';

interface GroupRow {
	id: string;
	name: string;
	generation: number;
	created_at: number;
}

export type Durability = 'normal' | 'full';

export interface SqliteStoreOptions {
	durability?: Durability;
}

export interface SqliteStore extends Store {
	/** What SQLite says its `synchronous` setting is: NORMAL or FULL. */
	readonly durability: Durability;
	/** The database file did not exist: this open created it. */
	readonly wasCreated: boolean;
	/** Whether any group is stored. */
	hasGroups(): boolean;
}

export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const file = join(dataDir, DATABASE_FILE);
	const wasCreated = !existsSync(file);
	const db = new Database(file);
	// The minutes are private: only the relay's user reads them (SQLite gives -wal and -shm the
	// same mode).
	chmodSync(file, 0o600);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('busy_timeout = 5000');
	db.exec(`
		CREATE TABLE IF NOT EXISTS groups (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			generation INTEGER NOT NULL,
			created_at INTEGER NOT NULL
		);
		CREATE TABLE IF NOT EXISTS updates (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			doc TEXT NOT NULL,
			data BLOB NOT NULL
		);
		CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc, id);
		CREATE TABLE IF NOT EXISTS revisions (
			doc TEXT NOT NULL,
			n INTEGER NOT NULL,
			published_at TEXT NOT NULL,
			snapshot BLOB NOT NULL,
			PRIMARY KEY (doc, n)
		);
	`);

	const selectUpdates = db.prepare<[string], { data: Buffer }>(
		'SELECT data FROM updates WHERE doc = ? ORDER BY id'
	);
	const insertUpdate = db.prepare<[string, Uint8Array]>(
		'INSERT INTO updates (doc, data) VALUES (?, ?)'
	);
	const deleteUpdates = db.prepare<[string]>('DELETE FROM updates WHERE doc = ?');
	const insertGroup = db.prepare<[string, string, number, number]>(
		'INSERT INTO groups (id, name, generation, created_at) VALUES (?, ?, ?, ?)'
	);
	const selectGroup = db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE id = ?');
	const selectAnyGroup = db.prepare<[], { id: string }>('SELECT id FROM groups LIMIT 1');
	const bumpGeneration = db.prepare<[string]>(
		'UPDATE groups SET generation = generation + 1 WHERE id = ?'
	);
	const nextRevision = db.prepare<[string], { n: number }>(
		'SELECT COALESCE(MAX(n), 0) + 1 AS n FROM revisions WHERE doc = ?'
	);
	const insertRevision = db.prepare<[string, number, string, Uint8Array]>(
		'INSERT INTO revisions (doc, n, published_at, snapshot) VALUES (?, ?, ?, ?)'
	);
	const selectRevisions = db.prepare<[string], { n: number; published_at: string }>(
		'SELECT n, published_at FROM revisions WHERE doc = ? ORDER BY n'
	);
	const selectRevision = db.prepare<
		[string, number],
		{ n: number; published_at: string; snapshot: Buffer }
	>('SELECT n, published_at, snapshot FROM revisions WHERE doc = ? AND n = ?');
	const addRevision = db.transaction(
		(doc: string, publishedAt: string, snapshot: Uint8Array): number => {
			const { n } = nextRevision.get(doc)!;
			insertRevision.run(doc, n, publishedAt, snapshot);
			return n;
		}
	);
	const append = db.transaction((batches: readonly DocumentUpdates[]) => {
		for (const { name, updates } of batches) {
			for (const update of updates) insertUpdate.run(name, update);
		}
	});
	// Merged with the rows it replaces: a row another process appended after the snapshot was
	// taken is kept in it (store.ts), and the write lock held from the read on keeps out others.
	const replace = db.transaction((doc: string, snapshot: Uint8Array) => {
		const rows = selectUpdates.all(doc).map((row) => new Uint8Array(row.data));
		deleteUpdates.run(doc);
		insertUpdate.run(doc, rows.length > 0 ? Y.mergeUpdates([...rows, snapshot]) : snapshot);
	});
	const rotate = db.transaction((id: string) => {
		if (bumpGeneration.run(id).changes !== 1) throw new Error('unknown group');
		return selectGroup.get(id)!;
	});

	const toRecord = (row: GroupRow): GroupRecord => ({
		id: row.id,
		name: row.name,
		generation: row.generation,
		createdAt: row.created_at
	});

	return {
		get durability(): Durability {
			// SQLite's numbers for the setting: 1 NORMAL, 2 FULL.
			return db.pragma('synchronous', { simple: true }) === 2 ? 'full' : 'normal';
		},
		wasCreated,
		hasGroups() {
			return selectAnyGroup.get() !== undefined;
		},
		async loadDocument(name) {
			return selectUpdates.all(name).map((row) => new Uint8Array(row.data));
		},
		async appendMany(batches) {
			append(batches);
		},
		async replaceDocument(name, snapshot) {
			replace.immediate(name, snapshot);
		},
		async createGroup(id, name) {
			const createdAt = Date.now();
			insertGroup.run(id, name, 1, createdAt);
			return { id, name, generation: 1, createdAt };
		},
		async getGroup(id) {
			const row = selectGroup.get(id);
			return row ? toRecord(row) : undefined;
		},
		async rotateGroup(id) {
			return toRecord(rotate(id));
		},
		async addRevision(name, publishedAt, snapshot) {
			// IMMEDIATE: the write lock is taken before the highest number is read, so a second
			// process sharing the file cannot read the same one meanwhile.
			return addRevision.immediate(name, publishedAt, snapshot);
		},
		async listRevisions(name): Promise<RevisionRecord[]> {
			return selectRevisions
				.all(name)
				.map((row) => ({ revision: row.n, publishedAt: row.published_at }));
		},
		async loadRevision(name, revision): Promise<StoredRevision | undefined> {
			if (!Number.isSafeInteger(revision) || revision < 1) return undefined;
			const row = selectRevision.get(name, revision);
			return row
				? { revision: row.n, publishedAt: row.published_at, snapshot: new Uint8Array(row.snapshot) }
				: undefined;
		},
		async close() {
			if (db.open) db.close();
		}
	};
}
