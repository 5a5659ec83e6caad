import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE, openSqliteStore, type SqliteStore } from './sqlite-store.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];

function open(dataDir = freshDir()): SqliteStore {
	const store = openSqliteStore(dataDir);
	stores.push(store);
	return store;
}

function freshDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'plenary-store-'));
	dirs.push(dir);
	return dir;
}

afterEach(async () => {
	for (const store of stores.splice(0)) await store.close();
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const bytes = (...values: number[]) => new Uint8Array(values);

describe('revisions', () => {
	it('numbers each document’s revisions 1, 2, … and gives them back as stored', async () => {
		const store = open();
		expect(await store.addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(1, 2))).toBe(1);
		expect(await store.addRevision('g/other', '2026-03-13T08:00:00.000Z', bytes(9))).toBe(1);
		expect(await store.addRevision('g/m', '2026-03-14T09:30:00.000Z', bytes(3))).toBe(2);
		expect(await store.listRevisions('g/m')).toEqual([
			{ revision: 1, publishedAt: '2026-03-12T20:00:00.000Z' },
			{ revision: 2, publishedAt: '2026-03-14T09:30:00.000Z' }
		]);
		expect(await store.loadRevision('g/m', 2)).toEqual({
			revision: 2,
			publishedAt: '2026-03-14T09:30:00.000Z',
			snapshot: bytes(3)
		});
		expect(await store.listRevisions('g/none')).toEqual([]);
		for (const n of [0, 3, -1, 1.5, Number.NaN]) {
			expect(await store.loadRevision('g/m', n)).toBeUndefined();
		}
	});

	it('keeps revisions through compaction and a reopen', async () => {
		const dir = freshDir();
		const first = open(dir);
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		doc.getText('t').insert(0, 'ab');
		doc.getText('t').insert(2, 'c');
		await first.appendMany([{ name: 'g/m', updates }]);
		await first.addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(7, 7));
		const snapshot = Y.encodeStateAsUpdate(doc);
		await first.replaceDocument('g/m', snapshot);
		await first.close();
		const again = open(dir);
		expect((await again.loadRevision('g/m', 1))?.snapshot).toEqual(bytes(7, 7));
		expect(await again.addRevision('g/m', '2026-03-15T10:00:00.000Z', bytes(8))).toBe(2);
		const stored = await again.loadDocument('g/m');
		expect(stored).toHaveLength(1);
		const loaded = new Y.Doc();
		Y.applyUpdate(loaded, stored[0]);
		expect(loaded.getText('t').toString()).toBe('abc');
	});

	it('opens a data dir made before revisions existed, keeping what it holds', async () => {
		const dir = freshDir();
		// The schema as it was before revisions: groups and updates only.
		const old = new Database(join(dir, DATABASE_FILE));
		old.exec(`
			CREATE TABLE groups (id TEXT PRIMARY KEY, name TEXT NOT NULL, generation INTEGER NOT NULL,
				created_at INTEGER NOT NULL);
			CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL,
				data BLOB NOT NULL);
			CREATE INDEX updates_by_doc ON updates (doc, id);
		`);
		old.prepare('INSERT INTO groups VALUES (?, ?, ?, ?)').run('g', 'Riverside', 1, 1);
		old.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)').run('g/m', bytes(4));
		old.close();
		const store = open(dir);
		expect(store.wasCreated).toBe(false);
		expect((await store.getGroup('g'))?.name).toBe('Riverside');
		expect(await store.loadDocument('g/m')).toEqual([bytes(4)]);
		expect(await store.addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(6))).toBe(1);
		expect(await store.listRevisions('g/m')).toHaveLength(1);
	});

	it('never gives one number twice, even to two stores sharing the file', async () => {
		const dir = freshDir();
		const one = open(dir);
		const two = open(dir);
		const numbers = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				(i % 2 ? one : two).addRevision('g/m', '2026-03-12T20:00:00.000Z', bytes(i))
			)
		);
		expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	});
});
