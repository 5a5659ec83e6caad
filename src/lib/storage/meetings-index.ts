/**
 * The derived meetings index (the `meetings` table): what the meetings list, search and
 * "open actions" read without opening every Yjs document. It is never the source of truth:
 *
 * - while a minutes document is open, `MeetingIndexKeeper` rewrites its row shortly after each
 *   change (any origin: this tab, another tab, the relay); while its comments document is open,
 *   the same keeper rewrites the row's `openComments`;
 * - a group's directory lists meetings whose minutes are not on this device yet: `indexDirectory`
 *   adds rows for those (`isOnDevice: false`) and leaves rows of stored minutes alone;
 * - `rebuildMeetingsIndex` recomputes every row from the documents stored on this device.
 *
 * Lists follow the table with Dexie's `liveQuery`, which sees each write once committed, in this
 * tab and in the others.
 */
import type * as Y from 'yjs';
import type { PlenaryDatabase, MeetingIndexRecord } from './db';
import { readStoredDocument, storedDocumentNames } from './stored-documents';
import {
	commentsDocumentName,
	countOpenReviewComments,
	directoryMeetings,
	isMergedAway,
	parseDocumentName,
	summarizeMinutes,
	type MeetingSummary
} from './model-adapter';
import { reportStorageError } from './storage-errors';

// Summarizing a long meeting costs a few ms: at most once a second while someone types.
const INDEX_DELAY_MS = 1_000;

/**
 * Writes a minutes document's row; a row that already says the same is left alone, so opening
 * a meeting does not make it look changed.
 */
export async function indexMinutes(
	db: PlenaryDatabase,
	groupId: string,
	meetingId: string,
	doc: Y.Doc,
	updatedAt = Date.now()
): Promise<MeetingIndexRecord | null> {
	const summary = summarizeMinutes(doc);
	if (!summary) {
		if (isMergedAway(doc)) await db.meetings.delete([groupId, meetingId]);
		return null;
	}
	return db.transaction('rw', db.meetings, async () => {
		const existing = await db.meetings.get([groupId, meetingId]);
		if (existing?.isOnDevice && sameSummary(existing, summary)) return existing;
		const next: MeetingIndexRecord = {
			groupId,
			meetingId,
			...summary,
			updatedAt,
			isOnDevice: true,
			...(existing?.openComments !== undefined ? { openComments: existing.openComments } : {})
		};
		await db.meetings.put(next);
		return next;
	});
}

/**
 * Writes the open review comments of a meeting from its comments document. A meeting without a
 * row yet gets a placeholder (known from nowhere else: `isOnDevice: false`) that its minutes
 * or its directory entry fill in, so the count is not lost to the order documents load in.
 */
export async function indexComments(
	db: PlenaryDatabase,
	groupId: string,
	meetingId: string,
	doc: Y.Doc
): Promise<void> {
	const openComments = countOpenReviewComments(doc);
	await db.transaction('rw', db.meetings, async () => {
		const existing = await db.meetings.get([groupId, meetingId]);
		if (existing?.openComments === openComments) return;
		await db.meetings.put({
			...(existing ?? placeholderRow(groupId, meetingId)),
			openComments
		});
	});
}

/** See `isPlaceholderRow` (index-rows.ts): `updatedAt: 0` and not on this device. */
function placeholderRow(groupId: string, meetingId: string): MeetingIndexRecord {
	return {
		groupId,
		meetingId,
		title: '',
		date: '',
		status: 'draft',
		categories: [],
		updatedAt: 0,
		openActions: 0,
		searchText: '',
		isOnDevice: false
	};
}

function sameSummary(row: MeetingIndexRecord, summary: MeetingSummary): boolean {
	return (
		row.title === summary.title &&
		row.date === summary.date &&
		row.status === summary.status &&
		row.openActions === summary.openActions &&
		row.searchText === summary.searchText &&
		JSON.stringify(row.categories) === JSON.stringify(summary.categories)
	);
}

/** Adds index rows for directory entries whose minutes this device does not hold. */
export async function indexDirectory(db: PlenaryDatabase, groupId: string, doc: Y.Doc) {
	const listings = directoryMeetings(doc);
	if (listings.length === 0) return;
	await db.transaction('rw', db.meetings, async () => {
		for (const listing of listings) {
			const existing = await db.meetings.get([groupId, listing.meetingId]);
			if (existing?.isOnDevice) continue;
			await db.meetings.put({
				...(existing?.openComments !== undefined ? { openComments: existing.openComments } : {}),
				groupId,
				meetingId: listing.meetingId,
				title: listing.title,
				date: listing.date,
				status: listing.status,
				categories: listing.categories,
				updatedAt: Date.parse(listing.updatedAt) || Date.now(),
				openActions: 0,
				searchText: listing.title.toLowerCase(),
				isOnDevice: false
			});
		}
	});
}

/** Keeps one open minutes (or comments) document's index row current. */
export class MeetingIndexKeeper {
	#timer: ReturnType<typeof setTimeout> | null = null;
	#db: PlenaryDatabase;
	#kind: 'minutes' | 'comments';
	#groupId: string;
	#meetingId: string;
	#doc: Y.Doc;

	constructor(
		db: PlenaryDatabase,
		groupId: string,
		meetingId: string,
		doc: Y.Doc,
		kind: 'minutes' | 'comments' = 'minutes'
	) {
		this.#db = db;
		this.#kind = kind;
		this.#groupId = groupId;
		this.#meetingId = meetingId;
		this.#doc = doc;
		doc.on('update', this.#schedule);
		void this.write();
	}

	#schedule = () => {
		if (this.#timer) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.write();
		}, INDEX_DELAY_MS);
	};

	async write() {
		try {
			if (this.#kind === 'comments') {
				await indexComments(this.#db, this.#groupId, this.#meetingId, this.#doc);
			} else {
				await indexMinutes(this.#db, this.#groupId, this.#meetingId, this.#doc);
			}
		} catch (error) {
			reportStorageError('meetings index', error);
		}
	}

	destroy() {
		this.#doc.off('update', this.#schedule);
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = null;
			void this.write();
		}
	}
}

/**
 * Recomputes the whole index from the documents stored on this device: every stored minutes
 * document gets its row from its content, and every directory adds its other meetings. Those of
 * a group not in the groups table (left, some of its documents still stored) are skipped.
 * Returns how many rows it wrote.
 */
export async function rebuildMeetingsIndex(db: PlenaryDatabase): Promise<number> {
	const names = await storedDocumentNames(db);
	const groupIds = new Set(await db.groups.toCollection().primaryKeys());
	const rows: MeetingIndexRecord[] = [];
	const directories: { groupId: string; doc: Y.Doc }[] = [];
	const stored = new Set(names);
	for (const name of names) {
		const parsed = parseDocumentName(name);
		if (!parsed || !groupIds.has(parsed.groupId)) continue;
		if (parsed.kind === 'comments' || parsed.kind === 'floor') continue;
		const doc = await readStoredDocument(db, name);
		if (parsed.kind === 'directory') {
			directories.push({ groupId: parsed.groupId, doc });
			continue;
		}
		const summary = summarizeMinutes(doc);
		const previous = await db.meetings.get([parsed.groupId, parsed.meetingId]);
		if (summary) {
			const commentsName = commentsDocumentName(parsed.groupId, parsed.meetingId);
			let openComments: number | undefined;
			if (stored.has(commentsName)) {
				const comments = await readStoredDocument(db, commentsName);
				openComments = countOpenReviewComments(comments);
				comments.destroy();
			}
			rows.push({
				groupId: parsed.groupId,
				meetingId: parsed.meetingId,
				...summary,
				updatedAt: previous?.updatedAt ?? Date.now(),
				isOnDevice: true,
				...(openComments !== undefined ? { openComments } : {})
			});
		}
		doc.destroy();
	}
	await db.transaction('rw', db.meetings, async () => {
		await db.meetings.clear();
		await db.meetings.bulkPut(rows);
	});
	for (const { groupId, doc } of directories) {
		await indexDirectory(db, groupId, doc);
		doc.destroy();
	}
	return db.meetings.count();
}
