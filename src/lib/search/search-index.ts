/**
 * The full-text index of every meeting on this device, on MiniSearch: prefix and fuzzy
 * matching, documents removed by id (`discard`), which fits re-indexing a meeting whenever its
 * Yjs document changes. Pure: it knows nothing of IndexedDB (search-store.ts keeps it) or of
 * documents (search-service.ts feeds it).
 *
 * Saved form (`toJSON`): { version: SEARCH_INDEX_VERSION, meetings: [key, fingerprint, ids[]][],
 * index: MiniSearch's JSON }. Anything else is refused by `fromJSON`, and the index is rebuilt.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import { excerpt, highlight, normalizeTerm, tokenize, type Segment } from './search-text';
import { meetingKey, type SearchUnit } from './search-units';

export const SEARCH_INDEX_VERSION = 1;

const STORED = [
	'groupId',
	'meetingId',
	'target',
	'meetingTitle',
	'date',
	'title',
	'text',
	'context'
];

const OPTIONS = {
	fields: ['title', 'text', 'context'],
	storeFields: STORED,
	tokenize,
	processTerm: (term: string) => normalizeTerm(term) || null,
	searchOptions: {
		boost: { title: 3, context: 0.5 },
		// Typing: the last word is usually unfinished.
		prefix: true,
		// One typo in a word of 4 to 7 letters, 20 % of the letters beyond.
		fuzzy: (term: string) => (term.length < 4 ? false : 0.2),
		combineWith: 'AND' as const
	}
};

export interface SearchHit {
	id: string;
	groupId: string;
	meetingId: string;
	target: string;
	meetingTitle: string;
	date: string;
	context: string;
	/** The unit's title with the matching words marked. */
	title: Segment[];
	/** An excerpt of its other words around the first match; empty when nothing else matched. */
	excerpt: Segment[];
}

interface MeetingEntry {
	fingerprint: string;
	ids: string[];
}

export class SearchIndex {
	#search: MiniSearch<SearchUnit>;
	#meetings: Map<string, MeetingEntry>;

	private constructor(search: MiniSearch<SearchUnit>, meetings: Map<string, MeetingEntry>) {
		this.#search = search;
		this.#meetings = meetings;
	}

	static empty(): SearchIndex {
		return new SearchIndex(new MiniSearch<SearchUnit>(OPTIONS), new Map());
	}

	/** The index as saved; throws on anything that is not one (another version, corrupt). */
	static fromJSON(text: string): SearchIndex {
		const saved = JSON.parse(text) as unknown;
		if (!saved || typeof saved !== 'object') throw new TypeError('not a saved search index');
		const o = saved as Record<string, unknown>;
		if (o.version !== SEARCH_INDEX_VERSION) throw new TypeError('another search index version');
		if (!Array.isArray(o.meetings) || typeof o.index !== 'string') {
			throw new TypeError('not a saved search index');
		}
		const meetings = new Map<string, MeetingEntry>();
		for (const row of o.meetings as unknown[]) {
			if (
				!Array.isArray(row) ||
				typeof row[0] !== 'string' ||
				typeof row[1] !== 'string' ||
				!Array.isArray(row[2]) ||
				!row[2].every((id) => typeof id === 'string')
			) {
				throw new TypeError('a meeting of the saved search index is malformed');
			}
			meetings.set(row[0], { fingerprint: row[1], ids: row[2] as string[] });
		}
		const search = MiniSearch.loadJSON<SearchUnit>(o.index, OPTIONS);
		for (const { ids } of meetings.values()) {
			for (const id of ids) if (!search.has(id)) throw new TypeError('the saved index lost a unit');
		}
		return new SearchIndex(search, meetings);
	}

	toJSON(): string {
		return JSON.stringify({
			version: SEARCH_INDEX_VERSION,
			meetings: [...this.#meetings].map(([key, e]) => [key, e.fingerprint, e.ids]),
			index: JSON.stringify(this.#search)
		});
	}

	/** `<groupId>/<meetingId>` of every meeting indexed. */
	meetingKeys(): string[] {
		return [...this.#meetings.keys()];
	}

	fingerprintOf(groupId: string, meetingId: string): string | null {
		return this.#meetings.get(meetingKey(groupId, meetingId))?.fingerprint ?? null;
	}

	get unitCount(): number {
		return this.#search.documentCount;
	}

	/** Replaces a meeting's units (its old ones discarded by id); false when nothing changed. */
	setMeeting(
		groupId: string,
		meetingId: string,
		units: SearchUnit[],
		fingerprint: string
	): boolean {
		const key = meetingKey(groupId, meetingId);
		const current = this.#meetings.get(key);
		if (current && current.fingerprint === fingerprint) return false;
		this.#discardUnits(current);
		if (units.length === 0) {
			this.#meetings.delete(key);
			return Boolean(current);
		}
		this.#search.addAll(units);
		this.#meetings.set(key, { fingerprint, ids: units.map((u) => u.id) });
		return true;
	}

	removeMeeting(key: string): boolean {
		const current = this.#meetings.get(key);
		if (!current) return false;
		this.#discardUnits(current);
		this.#meetings.delete(key);
		return true;
	}

	#discardUnits(entry: MeetingEntry | undefined) {
		for (const id of entry?.ids ?? []) if (this.#search.has(id)) this.#search.discard(id);
	}

	/** The best matches first; nothing for a query without a word. */
	search(query: string, limit = 50): SearchHit[] {
		if (tokenize(query).length === 0) return [];
		return this.#search.search(query).slice(0, limit).map(toHit);
	}
}

function toHit(result: SearchResult): SearchHit {
	const terms = new Set(result.terms);
	const unit = result as unknown as SearchUnit;
	const words = excerpt(unit.text, terms);
	return {
		id: String(result.id),
		groupId: unit.groupId,
		meetingId: unit.meetingId,
		target: unit.target,
		meetingTitle: unit.meetingTitle,
		date: unit.date,
		context: unit.context,
		title: highlight(unit.title, terms),
		excerpt: words.some((s) => s.isMatch) ? words : []
	};
}
