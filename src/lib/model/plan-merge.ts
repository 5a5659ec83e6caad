/**
 * Two next meetings planned from the same meeting (two devices, offline, at once): finding them
 * and merging one into the other.
 *
 * A planned meeting records the meeting it follows in its minutes' `meta.follows` (follow-up.ts);
 * the directory carries it in each entry's `follows`, so every device sees both plans once the
 * directory syncs. Merging copies into the kept meeting everything of the other that it lacks and
 * then marks the other `meta.mergedInto: <kept meeting id>`: the directory drops such an entry
 * (directory.ts) and the meetings index such a row, while its document stays readable.
 *
 * Nothing either device typed is lost: items are matched by title, level by level, and a match
 * gets the other's notes (when they differ), blocks (when not the same) and children; unmatched
 * items come over whole; people, categories and empty header and next-meeting fields are added;
 * header values that differ are written into a last item, "From the other plan".
 */
import * as Y from 'yjs';
import { addAgendaItem, agendaTree, itemNotes, type AgendaNode } from './agenda';
import { allBlocks, appendBlocks, type Block, type NewBlock } from './blocks';
import {
	addPerson,
	attendance,
	header,
	meetingSnapshot,
	nextMeeting,
	setHeader,
	setNextMeeting,
	updatePerson,
	type NextMeeting
} from './minutes';
import { notesToPlainText } from './notes';
import { mergedInto } from './plan-links';
import { minutesRoots, transact } from './schema';

export const OTHER_PLAN_TITLE = 'From the other plan';

export interface MergeReport {
	itemsAdded: number;
	notesAdded: number;
	blocksAdded: number;
	peopleAdded: number;
	/** Header fields that differed, kept under "From the other plan". */
	differences: string[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function blockKey(b: Block): string {
	switch (b.kind) {
		case 'action':
			return JSON.stringify([b.kind, b.what.trim(), b.owners, b.due, b.done]);
		case 'decision':
			return JSON.stringify([
				b.kind,
				b.text.trim(),
				b.method,
				b.votesFor,
				b.votesAgainst,
				b.abstentions,
				b.outcome
			]);
		case 'event':
			return JSON.stringify([b.kind, b.title.trim(), b.date, b.time, b.place, b.link]);
		case 'speakers':
			return JSON.stringify([b.kind, b.names.trim()]);
	}
}

function asNewBlock(b: Block, itemId: string | null): NewBlock {
	switch (b.kind) {
		case 'action':
			return { kind: 'action', itemId, what: b.what, owners: b.owners, due: b.due, done: b.done };
		case 'decision':
			return {
				kind: 'decision',
				itemId,
				text: b.text,
				method: b.method,
				votesFor: b.votesFor,
				votesAgainst: b.votesAgainst,
				abstentions: b.abstentions,
				presentCount: b.presentCount,
				outcome: b.outcome
			};
		case 'event':
			return {
				kind: 'event',
				itemId,
				title: b.title,
				date: b.date,
				time: b.time,
				place: b.place,
				link: b.link
			};
		case 'speakers':
			return { kind: 'speakers', itemId, names: b.names };
	}
}

/**
 * Merges the planned meeting `from` into `into` (both documents of the same group) and marks
 * `from` as merged. Safe to run again: what `into` already holds is not copied twice.
 */
export function mergePlans(into: Y.Doc, from: Y.Doc, origin?: unknown): MergeReport {
	const report: MergeReport = {
		itemsAdded: 0,
		notesAdded: 0,
		blocksAdded: 0,
		peopleAdded: 0,
		differences: []
	};
	const intoId = meetingSnapshot(into).meetingId;
	if (!intoId) throw new Error('the meeting to keep holds no meeting');
	const fromBlocks = allBlocks(from);
	transact(into, origin, () => {
		mergeHeader(into, from, report);
		mergePeople(into, from, report);
		const intoBlocks = allBlocks(into);
		const blocksOf = (list: Block[], itemId: string | null) =>
			list.filter((b) => b.itemId === itemId);
		const copyBlocks = (fromItem: string | null, intoItem: string | null) => {
			const have = new Set(blocksOf(intoBlocks, intoItem).map(blockKey));
			const missing = blocksOf(fromBlocks, fromItem).filter((b) => !have.has(blockKey(b)));
			if (missing.length)
				appendBlocks(
					into,
					missing.map((b) => asNewBlock(b, intoItem)),
					origin
				);
			report.blocksAdded += missing.length;
		};
		const copyNotes = (fromItem: string, intoItem: string) => {
			const source = itemNotes(from, fromItem);
			const target = itemNotes(into, intoItem);
			if (!source || !target || source.length === 0) return;
			const text = notesToPlainText(source).trim();
			if (!text || notesToPlainText(target).includes(text)) return;
			target.insert(
				target.length,
				source.toArray().map((n) => n.clone() as Y.XmlElement | Y.XmlText)
			);
			report.notesAdded++;
		};
		const mergeLevel = (
			fromNodes: AgendaNode[],
			intoNodes: AgendaNode[],
			parentId: string | null
		) => {
			const taken = new Set<string>();
			for (const node of fromNodes) {
				const match = intoNodes.find((n) => !taken.has(n.id) && same(n.title, node.title));
				let targetId: string;
				if (match) {
					taken.add(match.id);
					targetId = match.id;
				} else {
					targetId = addAgendaItem(
						into,
						{
							parentId,
							title: node.title,
							presenter: node.presenter,
							timeBox: node.timeBox,
							isPrivate: node.isPrivate,
							numbered: node.numbered
						},
						origin
					);
					report.itemsAdded++;
				}
				copyNotes(node.id, targetId);
				copyBlocks(node.id, targetId);
				mergeLevel(node.children, match?.children ?? [], targetId);
			}
		};
		mergeLevel(agendaTree(from), agendaTree(into), null);
		copyBlocks(null, null);
		if (report.differences.length) {
			const existing = agendaTree(into).find((n) => n.title === OTHER_PLAN_TITLE);
			const id = existing?.id ?? addAgendaItem(into, { title: OTHER_PLAN_TITLE }, origin);
			const fragment = itemNotes(into, id);
			const had = fragment ? notesToPlainText(fragment) : '';
			const lines = report.differences.filter((d) => !had.includes(d));
			if (fragment && lines.length) {
				for (const line of lines) {
					const p = new Y.XmlElement('paragraph');
					p.insert(0, [new Y.XmlText(line)]);
					fragment.insert(fragment.length, [p]);
				}
			}
		}
	});
	transact(from, origin, () => {
		if (mergedInto(from) !== intoId) minutesRoots(from).meta.set('mergedInto', intoId);
	});
	return report;
}

const HEADER_FIELDS = [
	['title', 'Title'],
	['date', 'Date'],
	['startTime', 'Start'],
	['endTime', 'End'],
	['venue', 'Venue']
] as const;

const NEXT_FIELDS: (keyof NextMeeting)[] = [
	'date',
	'startTime',
	'endTime',
	'venue',
	'topic',
	'facilitator',
	'minuteTaker'
];

function mergeHeader(into: Y.Doc, from: Y.Doc, report: MergeReport): void {
	const a = header(into);
	const b = header(from);
	const patch: Record<string, string | string[]> = {};
	for (const [key, label] of HEADER_FIELDS) {
		if (!b[key].trim() || same(a[key], b[key])) continue;
		if (!a[key].trim()) patch[key] = b[key];
		else report.differences.push(`${label} in the other plan: ${b[key]}`);
	}
	const categories = [...a.categories, ...b.categories.filter((c) => !a.categories.includes(c))];
	if (categories.length !== a.categories.length) patch.categories = categories;
	if (Object.keys(patch).length) setHeader(into, patch);
	const na = nextMeeting(into);
	const nb = nextMeeting(from);
	const nextPatch: Partial<NextMeeting> = {};
	for (const key of NEXT_FIELDS) if (!na[key].trim() && nb[key].trim()) nextPatch[key] = nb[key];
	if (Object.keys(nextPatch).length) setNextMeeting(into, nextPatch);
}

function mergePeople(into: Y.Doc, from: Y.Doc, report: MergeReport): void {
	const have = attendance(into).people;
	for (const person of attendance(from).people) {
		const match = have.find((p) => same(p.name, person.name));
		if (!match) {
			addPerson(into, { name: person.name, present: person.present, roles: person.roles });
			report.peopleAdded++;
		} else if (person.roles.some((r) => !match.roles.includes(r))) {
			updatePerson(into, match.id, { roles: [...new Set([...match.roles, ...person.roles])] });
		}
	}
}
