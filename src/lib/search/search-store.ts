/**
 * Where the search index is kept on this device: a small IndexedDB database of its own,
 * `<device database>-search` (e.g. `plenary-search`), one row holding the saved index
 * (search-index.ts `toJSON`). Separate from the device database so that a large index written
 * every few seconds wakes none of its live queries, and so that deleting it loses nothing: the
 * index is rebuilt from the documents.
 *
 *   table   primary key   row
 *   saved   &key          { key: 'index', json: string, savedAt: ms }
 */
import { Dexie, type EntityTable } from 'dexie';

interface SavedRow {
	key: string;
	json: string;
	savedAt: number;
}

const KEY = 'index';

class SearchDatabase extends Dexie {
	saved!: EntityTable<SavedRow, 'key'>;
	constructor(name: string) {
		super(name);
		this.version(1).stores({ saved: '&key' });
	}
}

export class SearchStore {
	#db: SearchDatabase;

	constructor(deviceDatabaseName: string) {
		this.#db = new SearchDatabase(`${deviceDatabaseName}-search`);
	}

	/** The saved index, or null when none (first use, deleted, or unreadable). */
	async load(): Promise<string | null> {
		const row = await this.#db.saved.get(KEY);
		return typeof row?.json === 'string' ? row.json : null;
	}

	async save(json: string): Promise<void> {
		await this.#db.saved.put({ key: KEY, json, savedAt: Date.now() });
	}

	/** Tests: a corrupt row in place of the index. */
	async saveRaw(row: unknown): Promise<void> {
		await this.#db.saved.put(row as SavedRow);
	}

	close() {
		this.#db.close();
	}

	async delete() {
		await this.#db.delete();
	}
}
