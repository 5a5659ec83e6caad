/**
 * The group's directory document, `<groupId>`:
 *
 *   Y.Doc
 *   ├─ meta: Y.Map      schemaVersion: number (DIRECTORY_SCHEMA_VERSION)
 *   ├─ group: Y.Map     name: string
 *   │                   dateOrder?: 'dmy' | 'mdy' | 'ymd'   how the group writes numeric dates
 *   │                        (3/4/2026), for every import; missing or invalid: not set, and the
 *   │                        reader's own default applies (the app: its locale; the relay: dmy)
 *   │                   quorum?: number   members present for the meeting to decide (quorum.ts)
 *   │                   schedule?: { rule, timeZone, start, end, venue }   when the group meets
 *   │                        (an RRULE in an IANA zone; checked, stored and read by schedule.ts)
 *   │                   rota?: { members: string[] }   who takes turns facilitating and taking
 *   │                        minutes, in order (rota.ts)
 *   └─ meetings: Y.Map<meetingId, DirectoryEntry>
 *        each entry one plain JSON value, last writer wins:
 *        { title, date: 'YYYY-MM-DD' | '', status, revision, categories: string[],
 *          updatedAt: ISO time, follows?: meetingId }   follows: the meeting it was planned
 *        from (plan-merge.ts); a meeting merged into another has no entry
 *
 * Entries are derived from the minutes documents by `syncDirectoryEntry`, which the app calls
 * after local edits and the relay after applying updates; it writes only when something
 * changed, so two writers agree and nothing churns.
 */
import * as Y from 'yjs';
import { isValidId } from '../protocol/ids';
import { DATE_ORDERS, type DateOrder } from './import-markdown/context';
import { header, isMeetingCreated, meetingStatus } from './minutes';
import { followedMeeting, mergedInto } from './plan-links';
import { asCount, asDate, asMap, asString, asStringArray, compareStrings, oneOf } from './read';
import { MEETING_STATUSES, transact, type MeetingStatus } from './schema';

export const DIRECTORY_SCHEMA_VERSION = 1;
export const DIRECTORY_ROOT_NAMES = ['meta', 'group', 'meetings'] as const;

export interface DirectoryEntry {
	meetingId: string;
	title: string;
	date: string;
	status: MeetingStatus;
	revision: number;
	categories: string[];
	updatedAt: string;
	/** The meeting this one was planned from ('' when none). */
	follows: string;
}

export interface Directory {
	schemaVersion: number | null;
	name: string;
	/** How the group writes numeric dates; null: not set. */
	dateOrder: DateOrder | null;
	/** Newest date first, then by title. */
	meetings: DirectoryEntry[];
}

function roots(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>('meta'),
		group: doc.getMap<unknown>('group'),
		meetings: doc.getMap<unknown>('meetings')
	};
}

function checkName(name: string): string {
	const trimmed = name.trim();
	if (trimmed.length < 1 || trimmed.length > 200) throw new RangeError('name: 1–200 characters');
	return trimmed;
}

export function isDateOrder(value: unknown): value is DateOrder {
	return typeof value === 'string' && (DATE_ORDERS as readonly string[]).includes(value);
}

function checkDateOrder(order: unknown): DateOrder {
	if (!isDateOrder(order)) throw new RangeError(`dateOrder: one of ${DATE_ORDERS.join(', ')}`);
	return order;
}

/** Write a new directory's first content (the relay, when it creates a group). */
export function createDirectory(
	doc: Y.Doc,
	input: { name: string; dateOrder?: DateOrder },
	origin?: unknown
): void {
	const name = checkName(input.name);
	const dateOrder = input.dateOrder === undefined ? undefined : checkDateOrder(input.dateOrder);
	const { meta, group } = roots(doc);
	if (meta.has('schemaVersion')) throw new Error('this document already holds a directory');
	transact(doc, origin, () => {
		meta.set('schemaVersion', DIRECTORY_SCHEMA_VERSION);
		group.set('name', name);
		if (dateOrder) group.set('dateOrder', dateOrder);
	});
}

/** Sets how the group writes numeric dates; a RangeError for anything but a `DateOrder`. */
export function setDateOrder(doc: Y.Doc, order: DateOrder, origin?: unknown): void {
	const checked = checkDateOrder(order);
	transact(doc, origin, () => {
		const group = roots(doc).group;
		if (group.get('dateOrder') !== checked) group.set('dateOrder', checked);
	});
}

export function setGroupName(doc: Y.Doc, name: string, origin?: unknown): void {
	const trimmed = checkName(name);
	transact(doc, origin, () => {
		const group = roots(doc).group;
		if (group.get('name') !== trimmed) group.set('name', trimmed);
	});
}

function readEntry(meetingId: string, value: unknown): DirectoryEntry | null {
	const v = asMap(value)?.toJSON() ?? value;
	if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
	const o = v as Record<string, unknown>;
	return {
		meetingId,
		title: asString(o.title),
		date: asDate(o.date),
		status: oneOf(o.status, MEETING_STATUSES, 'draft'),
		revision: asCount(o.revision) || 1,
		categories: asStringArray(o.categories),
		updatedAt: asString(o.updatedAt),
		follows: isValidId(o.follows) ? o.follows : ''
	};
}

export function directoryEntry(doc: Y.Doc, meetingId: string): DirectoryEntry | null {
	return readEntry(meetingId, roots(doc).meetings.get(meetingId));
}

/** The group's date order as stored; null when not set or not one of `DATE_ORDERS`. */
export function groupDateOrder(doc: Y.Doc): DateOrder | null {
	const value = roots(doc).group.get('dateOrder');
	return isDateOrder(value) ? value : null;
}

export function directory(doc: Y.Doc): Directory {
	const { meta, group, meetings } = roots(doc);
	const list: DirectoryEntry[] = [];
	meetings.forEach((value, id) => {
		const entry = readEntry(id, value);
		if (entry) list.push(entry);
	});
	list.sort(
		(a, b) =>
			compareStrings(b.date, a.date) ||
			compareStrings(a.title, b.title) ||
			compareStrings(a.meetingId, b.meetingId)
	);
	return {
		schemaVersion: asCount(meta.get('schemaVersion')),
		name: asString(group.get('name')),
		dateOrder: groupDateOrder(doc),
		meetings: list
	};
}

/**
 * Bring the directory's entry for `meetingId` in step with its minutes document. Writes nothing
 * when the entry already matches or the minutes are still empty. True when it wrote.
 */
export function syncDirectoryEntry(
	directoryDoc: Y.Doc,
	meetingId: string,
	minutesDoc: Y.Doc,
	options: { now?: string; origin?: unknown } = {}
): boolean {
	if (!isValidId(meetingId) || !isMeetingCreated(minutesDoc)) return false;
	if (mergedInto(minutesDoc)) return removeDirectoryEntry(directoryDoc, meetingId, options.origin);
	const h = header(minutesDoc);
	const { status, revision } = meetingStatus(minutesDoc);
	const follows = followedMeeting(minutesDoc);
	const wanted = {
		title: h.title,
		date: h.date,
		status,
		revision,
		categories: h.categories,
		...(isValidId(follows) ? { follows } : {})
	};
	const current = directoryEntry(directoryDoc, meetingId);
	if (
		current &&
		current.follows === (wanted.follows ?? '') &&
		current.title === wanted.title &&
		current.date === wanted.date &&
		current.status === wanted.status &&
		current.revision === wanted.revision &&
		JSON.stringify(current.categories) === JSON.stringify(wanted.categories)
	) {
		return false;
	}
	const updatedAt = options.now ?? new Date().toISOString();
	transact(directoryDoc, options.origin, () => {
		roots(directoryDoc).meetings.set(meetingId, { ...wanted, updatedAt });
	});
	return true;
}

/** Remove a meeting from the directory. */
export function removeDirectoryEntry(doc: Y.Doc, meetingId: string, origin?: unknown): boolean {
	const meetings = roots(doc).meetings;
	if (!meetings.has(meetingId)) return false;
	transact(doc, origin, () => meetings.delete(meetingId));
	return true;
}
