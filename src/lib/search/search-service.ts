/**
 * This tab's search across every meeting on the device, loaded with `import()` the first time
 * someone may search. `getSearch()` opens it once: the saved index (search-store.ts), or an
 * empty one when it is missing or corrupt, then brought in step with the documents stored on
 * this device (only the meetings whose words changed are re-read; all of them after a loss).
 * From then on every open minutes document's Yjs updates (search-feed.ts: this tab's typing,
 * other tabs, the relay) re-index its meeting shortly after, its old units discarded by id, and
 * the index is saved a few seconds after the last change.
 */
import type * as Y from 'yjs';
import { getDatabase, type PlenaryDatabase } from '$lib/storage/db';
import { parseDocumentName, summarizeMinutes } from '$lib/storage/model-adapter';
import { readStoredDocument, storedDocumentNames } from '$lib/storage/stored-documents';
import { clearStorageError, reportStorageError } from '$lib/storage/storage-errors';
import { attachSearchSink } from './search-feed';
import { SearchIndex, type SearchHit } from './search-index';
import { SearchStore } from './search-store';
import { fingerprint, meetingKey, searchUnits } from './search-units';

export type { SearchHit } from './search-index';
export type { Segment } from './search-text';

const REINDEX_DELAY_MS = 400;
const SAVE_DELAY_MS = 3_000;

export interface SearchProgress {
	done: number;
	total: number;
}

export class SearchService {
	index: SearchIndex = SearchIndex.empty();
	/** Meetings still to be read while the index catches up; null once it has. */
	progress: SearchProgress | null = null;
	/** The saved index could not be read and is being rebuilt from the documents. */
	wasRebuilt = false;

	#db: PlenaryDatabase;
	#store: SearchStore;
	#listeners = new Set<() => void>();
	#timers = new Map<string, ReturnType<typeof setTimeout>>();
	#saveTimer: ReturnType<typeof setTimeout> | null = null;
	#detach: (() => void) | null = null;
	#isClosed = false;

	constructor(db: PlenaryDatabase) {
		this.#db = db;
		this.#store = new SearchStore(db.name);
	}

	/** Loads the saved index, follows open documents, then catches up with the stored ones. */
	async open(): Promise<void> {
		let saved: string | null = null;
		try {
			saved = await this.#store.load();
		} catch (error) {
			reportStorageError('search index', error);
		}
		if (saved !== null) {
			try {
				this.index = SearchIndex.fromJSON(saved);
			} catch {
				// Corrupt or from another version: rebuilt below, from the documents.
				this.wasRebuilt = true;
			}
		}
		this.#detach = attachSearchSink({ changed: (g, m, doc) => this.#schedule(g, m, doc) });
		this.#notify();
		await this.catchUp();
	}

	/** Each change (the index, progress) is told to `listener`; returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	search(query: string, limit?: number): SearchHit[] {
		return this.index.search(query, limit);
	}

	/**
	 * Brings the index in step with the minutes stored on this device: a meeting whose index row
	 * (meetings-index.ts) says other words than were indexed is read again; a meeting no longer on
	 * the device, or of a group left, is removed.
	 */
	async catchUp(): Promise<void> {
		const db = this.#db;
		const [names, groupIds, rows] = await Promise.all([
			storedDocumentNames(db),
			db.groups.toCollection().primaryKeys(),
			db.meetings.toArray()
		]);
		const groups = new Set<string>(groupIds);
		const rowByKey = new Map(rows.map((r) => [meetingKey(r.groupId, r.meetingId), r]));
		const kept = new Set<string>();
		const toRead: { name: string; groupId: string; meetingId: string }[] = [];
		for (const name of names) {
			const parsed = parseDocumentName(name);
			if (parsed?.kind !== 'minutes' || !groups.has(parsed.groupId)) continue;
			const key = meetingKey(parsed.groupId, parsed.meetingId);
			kept.add(key);
			const row = rowByKey.get(key);
			const indexed = this.index.fingerprintOf(parsed.groupId, parsed.meetingId);
			if (row?.isOnDevice && indexed === fingerprint(row.date, row.searchText)) continue;
			toRead.push({ name, groupId: parsed.groupId, meetingId: parsed.meetingId });
		}
		let changed = false;
		for (const key of this.index.meetingKeys()) {
			if (!kept.has(key)) changed = this.index.removeMeeting(key) || changed;
		}
		this.progress = toRead.length ? { done: 0, total: toRead.length } : null;
		this.#notify();
		for (const [i, { name, groupId, meetingId }] of toRead.entries()) {
			if (this.#isClosed) return;
			try {
				const doc = await readStoredDocument(db, name);
				changed = this.#reindex(groupId, meetingId, doc) || changed;
				doc.destroy();
			} catch (error) {
				// One unreadable document is left out of search; the others are indexed.
				console.error('Plenary: a meeting could not be read for search', (error as Error).name);
			}
			this.progress = { done: i + 1, total: toRead.length };
			if (i % 25 === 24) this.#notify();
		}
		this.progress = null;
		this.#notify();
		if (changed || this.wasRebuilt || toRead.length) this.#scheduleSave(0);
	}

	#schedule(groupId: string, meetingId: string, doc: Y.Doc) {
		const key = meetingKey(groupId, meetingId);
		if (this.#timers.has(key) || this.#isClosed) return;
		this.#timers.set(
			key,
			setTimeout(() => {
				this.#timers.delete(key);
				if (this.#isClosed) return;
				if (this.#reindex(groupId, meetingId, doc)) {
					this.#notify();
					this.#scheduleSave();
				}
			}, REINDEX_DELAY_MS)
		);
	}

	/** Re-indexes one meeting from its document; true when its words changed. */
	#reindex(groupId: string, meetingId: string, doc: Y.Doc): boolean {
		const summary = summarizeMinutes(doc);
		const units = summary ? searchUnits(groupId, meetingId, doc) : [];
		const print = summary ? fingerprint(summary.date, summary.searchText) : '';
		return this.index.setMeeting(groupId, meetingId, units, print);
	}

	#scheduleSave(delay = SAVE_DELAY_MS) {
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => void this.save(), delay);
	}

	/** Writes the index to this device now. */
	async save(): Promise<void> {
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#saveTimer = null;
		try {
			await this.#store.save(this.index.toJSON());
			clearStorageError('search index');
		} catch (error) {
			reportStorageError('search index', error);
		}
	}

	#notify() {
		for (const listener of [...this.#listeners]) listener();
	}

	/** Stops following documents; pending re-indexing is dropped (caught up on next open). */
	close() {
		this.#isClosed = true;
		this.#detach?.();
		for (const timer of this.#timers.values()) clearTimeout(timer);
		this.#timers.clear();
		if (this.#saveTimer) clearTimeout(this.#saveTimer);
		this.#store.close();
	}
}

let shared: Promise<SearchService> | null = null;

/** This tab's search, opened once (its catching up carries on after this resolves). */
export function getSearch(db: PlenaryDatabase = getDatabase()): Promise<SearchService> {
	shared ??= (async () => {
		const service = new SearchService(db);
		service.open().catch((error) => reportStorageError('search index', error));
		return service;
	})();
	return shared;
}
