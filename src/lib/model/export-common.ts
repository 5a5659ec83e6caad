/**
 * What every export reads: one snapshot of the meeting with the agenda filtered for
 * publication and numbered again, blocks grouped by item, and the decision sentences.
 *
 * The snapshot is cleaned before any export sees it, because the document's shape is whatever
 * a member's client wrote: every string loses its control characters and has `\n` for line
 * breaks (clean-text.ts), every id is valid or replaced by one derived from it
 * (export-ids.ts). Links stay as written: each export keeps one only through `safeLink`.
 */
import * as Y from 'yjs';
import { itemNotes, renumberAgenda, type AgendaNode } from './agenda';
import type { Block } from './blocks';
import { cleanText } from './clean-text';
import { formatLongDate, formatTimeRange } from './dates';
import { exportId } from './export-ids';
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
	/** marked "not for publication", itself or through an item it is part of */
	isHeld: boolean;
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

/** Keys whose string values are ids. */
const ID_KEYS = new Set(['id', 'itemId', 'parentId', 'meetingId']);
/** Links are judged whole by `safeLink` where they are written, never cleaned into shape. */
const LINK_KEYS = new Set(['link']);

/** A copy of plain data with every string cleaned and every id valid or derived. */
export function cleanForExport<T>(value: T, key = ''): T {
	if (typeof value === 'string') {
		if (ID_KEYS.has(key)) return exportId(value) as T;
		return (LINK_KEYS.has(key) ? value : cleanText(value)) as T;
	}
	if (Array.isArray(value)) return value.map((v: unknown) => cleanForExport(v, key)) as T;
	if (value && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) copy[k] = cleanForExport(v, k);
		return copy as T;
	}
	return value;
}

export function exportView(doc: Y.Doc, options: ExportOptions = {}): ExportView {
	const snapshot = meetingSnapshot(doc);
	const tree = renumberAgenda(
		snapshot.agenda,
		(n) => options.includePrivate === true || !n.isPrivate
	);
	const byItem = new Map<string | null, Block[]>();
	for (const b of snapshot.blocks) {
		const list = byItem.get(b.itemId);
		if (list) list.push(b);
		else byItem.set(b.itemId, [b]);
	}
	// Notes and blocks are found by the ids as stored, before the ids are cleaned.
	const enrich = (node: AgendaNode, inHeld: boolean): ExportItem => {
		const isHeld = inHeld || node.isPrivate;
		return {
			...node,
			isHeld,
			notes: readNotes(itemNotes(doc, node.id)),
			blocks: byItem.get(node.id) ?? [],
			children: node.children.map((child) => enrich(child, isHeld))
		};
	};
	const items = cleanForExport(tree.map((node) => enrich(node, false)));
	const list: ExportItem[] = [];
	const walk = (nodes: ExportItem[]) => {
		for (const item of nodes) {
			list.push(item);
			walk(item.children);
		}
	};
	walk(items);
	return {
		meeting: cleanForExport(snapshot),
		items,
		list,
		meetingBlocks: cleanForExport(byItem.get(null) ?? [])
	};
}

/** A list's first number as HTML and Markdown can write it: 0 to 999,999,000. */
export function listStart(order: number): number {
	return Number.isSafeInteger(order) && order >= 0 ? Math.min(order, 999_999_000) : 1;
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
