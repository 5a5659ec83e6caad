/**
 * What every export reads: one snapshot of the meeting with the agenda filtered for
 * publication and numbered again, blocks grouped by item, and the decision sentences.
 */
import * as Y from 'yjs';
import { itemNotes, renumberAgenda, type AgendaNode } from './agenda';
import type { Block } from './blocks';
import { formatLongDate, formatTimeRange } from './dates';
import {
	meetingSnapshot,
	type Attendance,
	type MeetingSnapshot,
	type NextMeeting
} from './minutes';
import { readNotes, type NotesBlock } from './notes';

export interface ExportOptions {
	/** Include items marked "not for publication" (and their sub-items and blocks). */
	includePrivate?: boolean;
}

export interface ExportItem extends AgendaNode {
	notes: NotesBlock[];
	blocks: Block[];
	children: ExportItem[];
}

export interface ExportView {
	meeting: MeetingSnapshot;
	items: ExportItem[];
	/** Items in reading order. */
	list: ExportItem[];
	/** Blocks at the meeting level (and those whose item was deleted). */
	meetingBlocks: Block[];
}

export function exportView(doc: Y.Doc, options: ExportOptions = {}): ExportView {
	const meeting = meetingSnapshot(doc);
	const tree = renumberAgenda(
		meeting.agenda,
		(n) => options.includePrivate === true || !n.isPrivate
	);
	const byItem = new Map<string | null, Block[]>();
	for (const b of meeting.blocks) {
		const list = byItem.get(b.itemId);
		if (list) list.push(b);
		else byItem.set(b.itemId, [b]);
	}
	const list: ExportItem[] = [];
	const enrich = (node: AgendaNode): ExportItem => {
		const item: ExportItem = {
			...node,
			notes: readNotes(itemNotes(doc, node.id)),
			blocks: byItem.get(node.id) ?? [],
			children: []
		};
		list.push(item);
		item.children = node.children.map(enrich);
		return item;
	};
	const items = tree.map(enrich);
	return { meeting, items, list, meetingBlocks: byItem.get(null) ?? [] };
}

export function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** A label and its value, as the HTML and plain-text exports list the header and next meeting. */
export type ExportField = [label: string, value: string];

/** Who facilitated, took minutes, was present and absent; the exports leave out empty values. */
export function attendanceFields(a: Attendance): ExportField[] {
	const present = a.effectivePresentCount;
	const names = a.people.filter((p) => p.present).map((p) => p.name);
	const count = present !== null ? String(present) : '';
	return [
		['Facilitator', a.facilitators.join(', ')],
		['Minutes', a.minuteTakers.join(', ')],
		[
			'Present',
			names.length ? (count ? `${count} (${names.join(', ')})` : names.join(', ')) : count
		],
		[
			'Absent',
			a.people
				.filter((p) => !p.present)
				.map((p) => p.name)
				.join(', ')
		]
	];
}

/** The next-meeting block, only the fields that are filled in. */
export function nextMeetingFields(n: NextMeeting): ExportField[] {
	const fields: ExportField[] = [
		['Date', formatLongDate(n.date)],
		['Time', formatTimeRange(n.startTime, n.endTime)],
		['Venue', n.venue],
		['Topic', n.topic],
		['Facilitator', n.facilitator],
		['Minutes', n.minuteTaker]
	];
	return fields.filter(([, value]) => value.trim());
}
