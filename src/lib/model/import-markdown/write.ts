/**
 * A draft meeting into a Yjs document, through the model's own operations, so an imported
 * meeting holds nothing a meeting made on the screen could not.
 */
import type * as Y from 'yjs';
import { appendAgendaTree, type NewItemTree } from '../agenda';
import { appendBlocks, type NewBlock } from '../blocks';
import { parseTimeRange, parseWhen } from '../dates';
import { newId } from '../ids';
import {
	addPeople,
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
	type Person = { name: string; present: boolean; roles: AttendanceRole[] };
	const people: Person[] = [];
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
	// People by lower-case name, in list order, so each name is found without a scan.
	const byName = new Map<string, Person[]>();
	const index = (person: Person) => {
		const key = person.name.toLowerCase();
		const list = byName.get(key);
		if (list) list.push(person);
		else byName.set(key, [person]);
	};
	people.forEach(index);
	const giveRole = (role: AttendanceRole, value: string | undefined) => {
		for (const name of splitNames(value ?? '')) {
			const lower = name.toLowerCase();
			let person = byName.get(lower)?.[0];
			if (!person) {
				// "Sam" in the present list and "Sam Okafor" as facilitator are one person.
				const first = lower.split(/\s+/)[0];
				const candidates = byName.get(first) ?? [];
				if (candidates.length === 1) {
					person = candidates[0];
					byName.delete(first);
					person.name = name;
					// No one else has this name (it was not found), so the list stays in order.
					index(person);
				}
			}
			if (!person) {
				person = { name, present: true, roles: [] };
				people.push(person);
				index(person);
			}
			if (!person.roles.includes(role)) person.roles.push(role);
		}
	};
	giveRole('facilitator', header.get('facilitator'));
	giveRole('minute-taker', header.get('minutes'));
	addPeople(doc, people, origin);
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

function addBlocks(out: NewBlock[], itemId: string | null, blocks: DraftBlock[]): void {
	for (const { kind, ...fields } of blocks) out.push({ kind, itemId, ...fields } as NewBlock);
}

/** The draft's items as a tree with ids, and their blocks under those ids. */
function itemTree(items: DraftItem[], blocks: NewBlock[], depth: number): NewItemTree[] {
	return items.map((item) => {
		const id = newId();
		addBlocks(blocks, id, item.blocks);
		return {
			id,
			title: item.title,
			presenter: item.presenter,
			timeBox: item.timeBox,
			isPrivate: item.isPrivate,
			numbered: item.numbered,
			notes: item.notes,
			children: depth < 50 ? itemTree(item.children, blocks, depth + 1) : []
		};
	});
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
	// Whole levels at once: one item or block at a time reads every earlier one again.
	const blocks: NewBlock[] = [];
	addBlocks(blocks, null, draft.meetingBlocks);
	appendAgendaTree(doc, null, itemTree(draft.items, blocks, 0), origin);
	appendBlocks(doc, blocks, origin);
	writeNext(doc, draft, origin);
	return meetingId;
}
