/**
 * A draft meeting into a Yjs document, through the model's own operations, so an imported
 * meeting holds nothing a meeting made on the screen could not.
 */
import type * as Y from 'yjs';
import { addAgendaItem } from '../agenda';
import { addAction, addEvent, recordDecision } from '../blocks';
import { parseTimeRange, parseWhen } from '../dates';
import {
	addPerson,
	createMeeting,
	setHeader,
	setNextMeeting,
	setPresentCount,
	type NextMeeting
} from '../minutes';
import type { AttendanceRole } from '../schema';
import type { Draft, DraftBlock, DraftItem } from './draft';
import { plain, stripEnd } from './tokens';

type When = Pick<NextMeeting, 'date' | 'startTime' | 'endTime'>;

function whenFields(when: { date: string; start: string; end: string }): Partial<When> {
	const out: Partial<When> = {};
	if (when.date) out.date = when.date;
	if (when.start) out.startTime = when.start;
	if (when.end) out.endTime = when.end;
	return out;
}

/** The date and times of "Date: …" (plain text), overridden by those of "Time: …". */
function readWhen(date: string, time: string | undefined): Partial<When> {
	const out = whenFields(parseWhen(date));
	const range = time ? parseTimeRange(time) : null;
	if (range) {
		out.startTime = range.start;
		out.endTime = range.end;
	}
	return out;
}

function splitNames(value: string): string[] {
	return value
		.split(/\s*(?:,|;|\band\b)\s*/)
		.map((n) => plain(n).replace(/\.$/, ''))
		.filter(Boolean);
}

function writeAttendance(doc: Y.Doc, header: Map<string, string>, origin: unknown): void {
	const people: { name: string; present: boolean; roles: AttendanceRole[] }[] = [];
	const present = header.get('present');
	if (present !== undefined) {
		const m = /^(\d+)\s*(?:people|members|persons|present)?\s*(?:\((.*)\))?\s*[.:]?\s*(.*)$/i.exec(
			present
		);
		if (m) setPresentCount(doc, Number(m[1]), origin);
		const names = m ? [m[2], m[3]].filter(Boolean).join(', ') : present;
		for (const name of splitNames(names)) people.push({ name, present: true, roles: [] });
	}
	for (const name of splitNames(header.get('absent') ?? '')) {
		people.push({ name, present: false, roles: [] });
	}
	const giveRole = (role: AttendanceRole, value: string | undefined) => {
		for (const name of splitNames(value ?? '')) {
			const lower = name.toLowerCase();
			let person = people.find((p) => p.name.toLowerCase() === lower);
			if (!person) {
				// "Sam" in the present list and "Sam Okafor" as facilitator are one person.
				const first = lower.split(/\s+/)[0];
				const candidates = people.filter((p) => p.name.toLowerCase() === first);
				if (candidates.length === 1) {
					person = candidates[0];
					person.name = name;
				}
			}
			if (!person) {
				person = { name, present: true, roles: [] };
				people.push(person);
			}
			if (!person.roles.includes(role)) person.roles.push(role);
		}
	};
	giveRole('facilitator', header.get('facilitator'));
	giveRole('minute-taker', header.get('minutes'));
	for (const p of people) addPerson(doc, p, origin);
}

function writeHeader(doc: Y.Doc, draft: Draft, origin: unknown): void {
	const h = draft.header;
	const time = h.get('time');
	const patch: Parameters<typeof setHeader>[1] = readWhen(
		plain(h.get('date') ?? ''),
		time === undefined ? undefined : plain(time)
	);
	if (h.has('date') && !patch.date) {
		draft.warnings.push(`could not read the date "${h.get('date')}"`);
	}
	if (h.has('venue')) patch.venue = plain(h.get('venue')!);
	if (h.has('categories')) patch.categories = splitNames(h.get('categories')!);
	if (h.has('writtenBy')) patch.writtenBy = plain(h.get('writtenBy')!);
	if (h.has('publishedOn')) {
		const published = parseWhen(plain(h.get('publishedOn')!)).date;
		if (published) patch.publishedOn = published;
	}
	setHeader(doc, patch, origin);
	writeAttendance(doc, h, origin);
}

function writeNext(doc: Y.Doc, draft: Draft, origin: unknown): void {
	const n = draft.next;
	const patch: Partial<NextMeeting> = readWhen(plain(n.get('date') ?? ''), n.get('time'));
	for (const line of draft.nextFree) {
		const free = parseWhen(line);
		if (!patch.date && (free.date || free.start)) {
			Object.assign(patch, whenFields(free));
			if (free.rest && !n.has('venue')) patch.venue = stripEnd(free.rest);
		} else if (!patch.topic && line.trim()) patch.topic = stripEnd(line);
	}
	if (n.has('venue')) patch.venue = stripEnd(n.get('venue')!);
	if (n.has('topic')) patch.topic = stripEnd(n.get('topic')!);
	if (n.has('facilitator')) patch.facilitator = n.get('facilitator')!;
	if (n.has('minutes')) patch.minuteTaker = n.get('minutes')!;
	setNextMeeting(doc, patch, origin);
}

function writeBlocks(
	doc: Y.Doc,
	itemId: string | null,
	blocks: DraftBlock[],
	origin: unknown
): void {
	for (const { kind, ...fields } of blocks) {
		if (kind === 'decision') recordDecision(doc, { itemId, ...fields }, origin);
		else if (kind === 'action') addAction(doc, { itemId, ...fields }, origin);
		else addEvent(doc, { itemId, ...fields }, origin);
	}
}

function writeItems(
	doc: Y.Doc,
	items: DraftItem[],
	parentId: string | null,
	origin: unknown,
	depth: number
): void {
	for (const item of items) {
		const id = addAgendaItem(
			doc,
			{
				parentId,
				title: item.title,
				presenter: item.presenter,
				timeBox: item.timeBox,
				isPrivate: item.isPrivate,
				numbered: item.numbered,
				notes: item.notes
			},
			origin
		);
		writeBlocks(doc, id, item.blocks, origin);
		if (depth < 50) writeItems(doc, item.children, id, origin, depth + 1);
	}
}

/** Create the meeting `draft` describes in `doc`; returns its id. Call inside one transaction. */
export function writeMeeting(
	doc: Y.Doc,
	draft: Draft,
	options: { meetingId?: string; createdAt?: string; origin?: unknown }
): string {
	const { origin } = options;
	const meetingId = createMeeting(
		doc,
		{
			meetingId: options.meetingId,
			createdAt: options.createdAt,
			title: draft.title.slice(0, 500)
		},
		origin
	);
	writeHeader(doc, draft, origin);
	writeBlocks(doc, null, draft.meetingBlocks, origin);
	writeItems(doc, draft.items, null, origin, 0);
	writeNext(doc, draft, origin);
	return meetingId;
}
