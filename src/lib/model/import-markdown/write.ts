/**
 * A draft meeting into a Yjs document, through the model's own operations, so an imported
 * meeting holds nothing a meeting made on the screen could not.
 */
import type * as Y from 'yjs';
import { appendAgendaTree, type NewItemTree } from '../agenda-append';
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
import { setNextPlan } from '../next-plan';
import type { NotesBlock } from '../notes';
import type { Schedule } from '../schedule';
import { readScheduleLine } from '../schedule-words';
import { transact, type AttendanceRole } from '../schema';
import type { Draft, DraftBlock, DraftItem } from './draft';
import { notesParts } from './limits';
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

type Person = { name: string; present: boolean; roles: AttendanceRole[] };

/** The attendance lines of the header as people and a stand-alone count ("14 present"). */
function readAttendance(header: Map<string, string>): {
	people: Person[];
	presentCount: number | null;
} {
	const people: Person[] = [];
	let presentCount: number | null = null;
	const present = header.get('present');
	if (present !== undefined) {
		const m = /^(\d+)\s*(?:people|members|persons|present)?\s*(?:\((.*)\))?\s*[.:]?\s*(.*)$/i.exec(
			present
		);
		if (m) presentCount = Number(m[1]);
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
			if (!person && !/\s/.test(lower)) {
				// "Sam facilitated" names the one "Sam Okafor" in the present list.
				const full = people.filter((p) => p.name.toLowerCase().split(/\s+/)[0] === lower);
				if (full.length === 1) person = full[0];
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
	return { people, presentCount };
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
	// Review, approval and publishing happen in this group: its status is read, not taken.
	const status = plain(h.get('status') ?? '').toLowerCase();
	if (status && status !== 'draft') {
		draft.warnings.push(
			`the status "${status}" was not taken over: an imported meeting starts as a draft`
		);
	}
	setHeader(doc, patch, origin);
}

function writeNext(doc: Y.Doc, draft: Draft, origin: unknown): void {
	const n = draft.next;
	const patch: Partial<NextMeeting> = readWhen(plain(n.get('date') ?? ''), n.get('time'));
	// "Schedule:" / "Meets:" in the next meeting's lines, else in the header.
	const scheduleText = n.get('schedule') ?? draft.header.get('schedule') ?? '';
	let schedule: Schedule | null = scheduleText ? readScheduleLine(scheduleText) : null;
	if (scheduleText && !schedule) {
		draft.warnings.push(
			`the schedule "${scheduleText}" was not read: write it as "last Tuesday of each month, 18:30–21:00, Venue (Europe/London)"`
		);
	}
	for (const line of draft.nextFree) {
		const free = parseWhen(line);
		const regular = schedule ? null : readScheduleLine(line);
		if (regular) schedule = regular;
		else if (!patch.date && (free.date || free.start)) {
			Object.assign(patch, whenFields(free));
			if (free.rest && !n.has('venue')) patch.venue = stripEnd(free.rest);
		} else if (!patch.topic && line.trim()) patch.topic = stripEnd(line);
	}
	if (n.has('venue')) patch.venue = stripEnd(n.get('venue')!);
	if (n.has('topic')) patch.topic = stripEnd(n.get('topic')!);
	if (n.has('facilitator')) patch.facilitator = n.get('facilitator')!;
	if (n.has('minutes')) patch.minuteTaker = n.get('minutes')!;
	setNextMeeting(doc, patch, origin);
	// Already plain text, as the other keyed lines: split only (names keep their * and _).
	const rota = (n.get('rota') ?? '')
		.split(/\s*(?:,|;|\band\b)\s*/)
		.map((name) => name.trim().replace(/\.$/, ''))
		.filter(Boolean);
	if (schedule || rota.length) setNextPlan(doc, { schedule, rota }, origin);
}

function addBlocks(out: NewBlock[], itemId: string | null, blocks: DraftBlock[]): void {
	for (const { kind, ...fields } of blocks) out.push({ kind, itemId, ...fields } as NewBlock);
}

interface ItemNode extends NewItemTree {
	id: string;
	notes: NotesBlock[];
	children: ItemNode[];
}

/** The draft's items as a tree with ids, and their blocks under those ids. */
function itemTree(items: DraftItem[], blocks: NewBlock[], depth: number): ItemNode[] {
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

/**
 * A slice of the agenda weighs at most this: one per note part, `ITEM_WEIGHT` per item (what
 * each costs to apply, roughly). Slices of this weight apply in some tens of milliseconds.
 */
const SLICE_WEIGHT = 5_000;
const ITEM_WEIGHT = 20;
/** Blocks and people per slice. */
const ROWS_PER_SLICE = 250;

function weight(node: ItemNode): number {
	let total = ITEM_WEIGHT + notesParts(node.notes);
	for (const child of node.children) total += weight(child);
	return total;
}

/**
 * The agenda as runs of siblings, each under `SLICE_WEIGHT` unless one item's own notes are
 * heavier, parents before their children. Appended in this order they make the same agenda as
 * the tree at once.
 */
function agendaSlices(
	nodes: ItemNode[],
	parentId: string | null,
	out: [string | null, NewItemTree[]][]
): void {
	let run: ItemNode[] = [];
	let runWeight = 0;
	const flush = () => {
		if (run.length) out.push([parentId, run]);
		run = [];
		runWeight = 0;
	};
	for (const node of nodes) {
		const w = weight(node);
		if (w > SLICE_WEIGHT) {
			flush();
			out.push([parentId, [{ ...node, children: [] }]]);
			agendaSlices(node.children, node.id, out);
			continue;
		}
		if (runWeight + w > SLICE_WEIGHT) flush();
		run.push(node);
		runWeight += w;
	}
	flush();
}

/**
 * Create the meeting `draft` describes in `doc`; returns its id. Call inside one transaction, or
 * with `inSlices` outside any: then it writes in transactions of a bounded size (agenda, blocks,
 * people, and last the meeting itself with its header and next meeting), which a relay can apply
 * one at a time. Until the last one is applied, the document holds no meeting.
 */
export function writeMeeting(
	doc: Y.Doc,
	draft: Draft,
	options: { meetingId?: string; createdAt?: string; origin?: unknown; inSlices?: boolean }
): string {
	const { origin } = options;
	const slice = (write: () => void) => (options.inSlices ? transact(doc, origin, write) : write());
	// Whole runs at once: one item, block or person at a time reads every earlier one again.
	const blocks: NewBlock[] = [];
	addBlocks(blocks, null, draft.meetingBlocks);
	const tree = itemTree(draft.items, blocks, 0);
	const agenda: [string | null, NewItemTree[]][] = [];
	if (options.inSlices) agendaSlices(tree, null, agenda);
	else agenda.push([null, tree]);
	for (const [parentId, run] of agenda) slice(() => appendAgendaTree(doc, parentId, run, origin));
	const attendance = readAttendance(draft.header);
	const { people } = attendance;
	const presentCount = attendance.presentCount ?? draft.presentCount ?? null;
	const rows = options.inSlices ? ROWS_PER_SLICE : Infinity;
	for (let i = 0; i < blocks.length; i += rows) {
		slice(() => appendBlocks(doc, blocks.slice(i, i + rows), origin));
	}
	for (let i = 0; i < people.length; i += rows) {
		slice(() => addPeople(doc, people.slice(i, i + rows), origin));
	}
	let meetingId = '';
	slice(() => {
		meetingId = createMeeting(
			doc,
			{
				meetingId: options.meetingId,
				createdAt: options.createdAt,
				title: draft.title.slice(0, 500)
			},
			origin
		);
		writeHeader(doc, draft, origin);
		if (presentCount !== null) setPresentCount(doc, presentCount, origin);
		writeNext(doc, draft, origin);
	});
	return meetingId;
}
