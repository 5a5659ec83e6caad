/**
 * The minutes document as a whole (shape in schema.ts): creating a meeting, its header, status,
 * attendance and next-meeting block, and the snapshot screens and exports read.
 */
import * as Y from 'yjs';
import { agendaTree, type AgendaNode } from './agenda';
import { allBlocks, type Block } from './blocks';
import { isValidId } from '../protocol/ids';
import { newId, newMeetingId } from './ids';
import { comparePositioned, positionAt, positionsAtEnd } from './positions';
import {
	asBool,
	asCount,
	asDate,
	asMap,
	asString,
	asStringArray,
	asText,
	asTime,
	checkCount,
	checkDate,
	checkTime,
	oneOf
} from './read';
import {
	MEETING_STATUSES,
	MINUTES_SCHEMA_VERSION,
	ATTENDANCE_ROLES,
	minutesRoots,
	transact,
	type MeetingStatus,
	type AttendanceRole
} from './schema';
import { setText } from './text';

export interface Header {
	title: string;
	date: string;
	startTime: string;
	endTime: string;
	venue: string;
	categories: string[];
	writtenBy: string;
	publishedOn: string;
}

export interface Person {
	id: string;
	name: string;
	present: boolean;
	roles: AttendanceRole[];
	pos: string;
}

export interface Attendance {
	people: Person[];
	/** The stand-alone count ("14 people"), as entered. */
	presentCount: number | null;
	/** How many named people are marked present. */
	namedPresent: number;
	/** The count to use: the larger of the entered count and the named present; null if neither. */
	effectivePresentCount: number | null;
	facilitators: string[];
	minuteTakers: string[];
}

export interface NextMeeting {
	date: string;
	startTime: string;
	endTime: string;
	venue: string;
	topic: string;
	facilitator: string;
	minuteTaker: string;
}

export interface MeetingSnapshot {
	schemaVersion: number | null;
	meetingId: string;
	createdAt: string;
	header: Header;
	status: MeetingStatus;
	revision: number;
	attendance: Attendance;
	agenda: AgendaNode[];
	blocks: Block[];
	next: NextMeeting;
}

/** Whether `createMeeting` has run on this document (here or on a replica it synced with). */
export function isMeetingCreated(doc: Y.Doc): boolean {
	return minutesRoots(doc).meta.has('schemaVersion');
}

export type HeaderPatch = Partial<Header>;

function checkHeader(patch: HeaderPatch): void {
	if (patch.date !== undefined) checkDate(patch.date, 'date');
	if (patch.publishedOn !== undefined) checkDate(patch.publishedOn, 'publishedOn');
	if (patch.startTime !== undefined) checkTime(patch.startTime, 'startTime');
	if (patch.endTime !== undefined) checkTime(patch.endTime, 'endTime');
	if (
		patch.categories !== undefined &&
		!(Array.isArray(patch.categories) && patch.categories.every((c) => typeof c === 'string'))
	) {
		throw new RangeError('categories: expected a list of strings');
	}
}

function writeHeader(header: Y.Map<unknown>, patch: HeaderPatch): void {
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		if (key === 'title') {
			const t = header.get('title');
			if (t instanceof Y.Text) setText(t, value as string);
			else header.set('title', new Y.Text(value as string));
		} else if (key === 'categories') {
			const list = [...new Set((value as string[]).map((c) => c.trim()).filter(Boolean))];
			if (JSON.stringify(asStringArray(header.get(key))) !== JSON.stringify(list)) {
				header.set(key, list);
			}
		} else if (
			['date', 'startTime', 'endTime', 'venue', 'writtenBy', 'publishedOn'].includes(key)
		) {
			if (header.get(key) !== value) header.set(key, value);
		}
	}
}

export interface NewMeeting extends HeaderPatch {
	meetingId?: string;
	/** ISO time of creation; default now. */
	createdAt?: string;
}

/**
 * Write a new meeting's first content, once. Throws if the document already holds a meeting.
 * Returns the meeting id.
 */
export function createMeeting(doc: Y.Doc, input: NewMeeting = {}, origin?: unknown): string {
	if (isMeetingCreated(doc)) throw new Error('this document already holds a meeting');
	const { meetingId = newMeetingId(), createdAt = new Date().toISOString(), ...header } = input;
	if (!isValidId(meetingId)) throw new RangeError('invalid meeting id');
	checkHeader(header);
	return transact(doc, origin, () => {
		const roots = minutesRoots(doc);
		roots.meta.set('schemaVersion', MINUTES_SCHEMA_VERSION);
		roots.meta.set('meetingId', meetingId);
		roots.meta.set('createdAt', createdAt);
		roots.header.set('title', new Y.Text());
		for (const key of ['date', 'startTime', 'endTime', 'venue', 'writtenBy', 'publishedOn']) {
			roots.header.set(key, '');
		}
		roots.header.set('categories', []);
		roots.header.set('status', 'draft');
		roots.header.set('revision', 1);
		roots.header.set('presentCount', null);
		writeHeader(roots.header, header);
		return meetingId;
	});
}

/** Set the meeting's title (minimal text edit). */
export function setTitle(doc: Y.Doc, title: string, origin?: unknown): void {
	transact(doc, origin, () => writeHeader(minutesRoots(doc).header, { title }));
}

/** Set header fields: date, times, venue, categories, written by, published on, title. */
export function setHeader(doc: Y.Doc, patch: HeaderPatch, origin?: unknown): void {
	checkHeader(patch);
	transact(doc, origin, () => writeHeader(minutesRoots(doc).header, patch));
}

/** The title's Y.Text to bind an input to (null before creation or for an unmigrated title). */
export function titleText(doc: Y.Doc): Y.Text | null {
	const t = minutesRoots(doc).header.get('title');
	return t instanceof Y.Text ? t : null;
}

/** Set the status (draft → review → approved → published; any step is allowed here). */
export function setStatus(doc: Y.Doc, status: MeetingStatus, origin?: unknown): void {
	if (!(MEETING_STATUSES as readonly string[]).includes(status)) {
		throw new RangeError('unknown status');
	}
	transact(doc, origin, () => {
		const header = minutesRoots(doc).header;
		if (header.get('status') !== status) header.set('status', status);
	});
}

/** Set the revision number (1 and up). */
export function setRevision(doc: Y.Doc, revision: number, origin?: unknown): void {
	if (!Number.isInteger(revision) || revision < 1) throw new RangeError('revision: 1 or more');
	transact(doc, origin, () => minutesRoots(doc).header.set('revision', revision));
}

/** Set the stand-alone present count ("14 people"), or null. */
export function setPresentCount(doc: Y.Doc, count: number | null, origin?: unknown): void {
	checkCount(count, 'presentCount');
	transact(doc, origin, () => minutesRoots(doc).header.set('presentCount', count));
}

function readRoles(value: unknown): AttendanceRole[] {
	return asStringArray(value).filter((r): r is AttendanceRole =>
		(ATTENDANCE_ROLES as readonly string[]).includes(r)
	);
}

function readPeople(doc: Y.Doc): Person[] {
	const out: Person[] = [];
	minutesRoots(doc).people.forEach((value, id) => {
		const map = asMap(value);
		if (!map) return;
		out.push({
			id,
			name: asString(map.get('name')),
			present: asBool(map.get('present'), true),
			roles: readRoles(map.get('roles')),
			pos: asString(map.get('pos'))
		});
	});
	return out.sort(comparePositioned);
}

export interface PersonInput {
	id?: string;
	name: string;
	present?: boolean;
	roles?: AttendanceRole[];
}

function checkRoles(roles: AttendanceRole[] | undefined): void {
	if (roles && !roles.every((r) => (ATTENDANCE_ROLES as readonly string[]).includes(r))) {
		throw new RangeError('roles: facilitator or minute-taker');
	}
}

/** Add a person to the attendance list; returns their id. */
export function addPerson(doc: Y.Doc, input: PersonInput, origin?: unknown): string {
	checkRoles(input.roles);
	const id = input.id ?? newId();
	return transact(doc, origin, () => {
		const people = minutesRoots(doc).people;
		const siblings = readPeople(doc);
		const { pos, rekey } = positionAt(siblings, siblings.length);
		for (const r of rekey) asMap(people.get(r.id))?.set('pos', r.pos);
		writeNewPerson(people, id, input, pos);
		return id;
	});
}

/**
 * Add `list` after the people already listed; returns their ids. The same rows `addPerson` would
 * make one by one, with the list read once and the positions made in one go (import).
 */
export function addPeople(doc: Y.Doc, list: PersonInput[], origin?: unknown): string[] {
	for (const input of list) checkRoles(input.roles);
	const ids = list.map((input) => input.id ?? newId());
	return transact(doc, origin, () => {
		const people = minutesRoots(doc).people;
		const { keys, rekey } = positionsAtEnd(readPeople(doc), list.length);
		for (const r of rekey) asMap(people.get(r.id))?.set('pos', r.pos);
		list.forEach((input, i) => writeNewPerson(people, ids[i], input, keys[i]));
		return ids;
	});
}

function writeNewPerson(people: Y.Map<unknown>, id: string, input: PersonInput, pos: string): void {
	const map = new Y.Map<unknown>();
	people.set(id, map);
	map.set('name', input.name.trim());
	map.set('present', input.present ?? true);
	map.set('roles', [...new Set(input.roles ?? [])]);
	map.set('pos', pos);
}

/** Change a person's name, presence or roles. */
export function updatePerson(
	doc: Y.Doc,
	id: string,
	patch: Partial<Omit<PersonInput, 'id'>>,
	origin?: unknown
): boolean {
	const map = asMap(minutesRoots(doc).people.get(id));
	if (!map) return false;
	checkRoles(patch.roles);
	transact(doc, origin, () => {
		if (patch.name !== undefined && map.get('name') !== patch.name.trim()) {
			map.set('name', patch.name.trim());
		}
		if (patch.present !== undefined && map.get('present') !== patch.present) {
			map.set('present', patch.present);
		}
		if (patch.roles !== undefined) map.set('roles', [...new Set(patch.roles)]);
	});
	return true;
}

/** Remove a person from the attendance list. */
export function removePerson(doc: Y.Doc, id: string, origin?: unknown): boolean {
	const people = minutesRoots(doc).people;
	if (!people.has(id)) return false;
	transact(doc, origin, () => people.delete(id));
	return true;
}

/** Give `role` to exactly the people in `personIds` (e.g. one facilitator). */
export function setAttendanceRole(
	doc: Y.Doc,
	role: AttendanceRole,
	personIds: string[],
	origin?: unknown
): void {
	checkRoles([role]);
	transact(doc, origin, () => {
		minutesRoots(doc).people.forEach((value, id) => {
			const map = asMap(value);
			if (!map) return;
			const roles = readRoles(map.get('roles'));
			const should = personIds.includes(id);
			if (should !== roles.includes(role)) {
				map.set('roles', should ? [...roles, role] : roles.filter((r) => r !== role));
			}
		});
	});
}

/** Attendance as read, with the derived present count. */
export function attendance(doc: Y.Doc): Attendance {
	const people = readPeople(doc);
	const presentCount = asCount(minutesRoots(doc).header.get('presentCount'));
	const namedPresent = people.filter((p) => p.present).length;
	const effective =
		presentCount === null ? namedPresent || null : Math.max(presentCount, namedPresent);
	const withRole = (role: AttendanceRole) =>
		people.filter((p) => p.roles.includes(role)).map((p) => p.name);
	return {
		people,
		presentCount,
		namedPresent,
		effectivePresentCount: effective,
		facilitators: withRole('facilitator'),
		minuteTakers: withRole('minute-taker')
	};
}

const NEXT_KEYS = [
	'date',
	'startTime',
	'endTime',
	'venue',
	'topic',
	'facilitator',
	'minuteTaker'
] as const;

/** Set fields of the next-meeting block. */
export function setNextMeeting(doc: Y.Doc, patch: Partial<NextMeeting>, origin?: unknown): void {
	if (patch.date !== undefined) checkDate(patch.date, 'date');
	if (patch.startTime !== undefined) checkTime(patch.startTime, 'startTime');
	if (patch.endTime !== undefined) checkTime(patch.endTime, 'endTime');
	transact(doc, origin, () => {
		const next = minutesRoots(doc).next;
		for (const key of NEXT_KEYS) {
			const value = patch[key];
			if (value !== undefined && next.get(key) !== value) next.set(key, value);
		}
	});
}

export function nextMeeting(doc: Y.Doc): NextMeeting {
	const next = minutesRoots(doc).next;
	return {
		date: asDate(next.get('date')),
		startTime: asTime(next.get('startTime')),
		endTime: asTime(next.get('endTime')),
		venue: asString(next.get('venue')),
		topic: asString(next.get('topic')),
		facilitator: asString(next.get('facilitator')),
		minuteTaker: asString(next.get('minuteTaker'))
	};
}

export function header(doc: Y.Doc): Header {
	const h = minutesRoots(doc).header;
	return {
		title: asText(h.get('title')),
		date: asDate(h.get('date')),
		startTime: asTime(h.get('startTime')),
		endTime: asTime(h.get('endTime')),
		venue: asString(h.get('venue')),
		categories: asStringArray(h.get('categories')),
		writtenBy: asString(h.get('writtenBy')),
		publishedOn: asDate(h.get('publishedOn'))
	};
}

export function meetingStatus(doc: Y.Doc): { status: MeetingStatus; revision: number } {
	const h = minutesRoots(doc).header;
	const revision = asCount(h.get('revision'));
	return {
		status: oneOf(h.get('status'), MEETING_STATUSES, 'draft'),
		revision: revision && revision > 0 ? revision : 1
	};
}

/** Everything a screen or export reads, as plain data. Never throws. */
export function meetingSnapshot(doc: Y.Doc): MeetingSnapshot {
	const meta = minutesRoots(doc).meta;
	return {
		schemaVersion: asCount(meta.get('schemaVersion')),
		meetingId: asString(meta.get('meetingId')),
		createdAt: asString(meta.get('createdAt')),
		header: header(doc),
		...meetingStatus(doc),
		attendance: attendance(doc),
		agenda: agendaTree(doc),
		blocks: allBlocks(doc),
		next: nextMeeting(doc)
	};
}
