/**
 * Across meetings: the next meeting's draft made from this one (its next-meeting block, agenda
 * template, rotating roles and open actions), and the open actions of many meetings.
 */
import * as Y from 'yjs';
import { addAgendaItem, type AgendaNode } from './agenda';
import { addAction, allBlocks, type ActionBlock } from './blocks';
import { addPerson, createMeeting, meetingSnapshot } from './minutes';
import { compareStrings } from './read';
import { minutesRoots, transact } from './schema';
import { isValidId } from '../protocol/ids';

export interface FollowUpOptions {
	meetingId?: string;
	createdAt?: string;
	/** Default: the next meeting's topic, else the previous title. */
	title?: string;
	/** Which agenda items to carry as a template (titles, presenters, time boxes; no notes). */
	agenda?: 'top-level' | 'all' | 'none';
	/** Carry actions not done into a first item "Actions from the last meeting" (default true). */
	carryActions?: boolean;
	/** Date, times and venue instead of the next-meeting block's (a plan: plan-next.ts). */
	when?: { date: string; startTime: string; endTime: string; venue: string };
	/** Who facilitates and takes minutes instead of the next-meeting block's (a plan). */
	roles?: { facilitator: string; minuteTaker: string };
}

export const CARRIED_ACTIONS_TITLE = 'Actions from the last meeting';

/**
 * Write the first content of `doc` as the meeting that follows `previous`: date, times, venue
 * and topic from its next-meeting block, its categories, the next facilitator and minute-taker,
 * its agenda as a template, and its open actions. Returns the new meeting's id.
 */
export function createFollowUpMeeting(
	previous: Y.Doc,
	doc: Y.Doc,
	options: FollowUpOptions = {},
	origin?: unknown
): string {
	const before = meetingSnapshot(previous);
	const next = before.next;
	const agenda = options.agenda ?? 'top-level';
	const when = options.when ?? {
		date: next.date,
		startTime: next.startTime || before.header.startTime,
		endTime: next.endTime || (next.startTime ? '' : before.header.endTime),
		venue: next.venue || before.header.venue
	};
	return transact(doc, origin, () => {
		const meetingId = createMeeting(
			doc,
			{
				meetingId: options.meetingId,
				createdAt: options.createdAt,
				title: options.title ?? (next.topic || before.header.title),
				...when,
				categories: before.header.categories
			},
			origin
		);
		// Two devices planning from the same meeting offline are told apart by this (plan-merge.ts).
		if (isValidId(before.meetingId)) minutesRoots(doc).meta.set('follows', before.meetingId);
		const facilitator = (options.roles?.facilitator ?? next.facilitator).trim();
		const minuteTaker = (options.roles?.minuteTaker ?? next.minuteTaker).trim();
		if (facilitator && facilitator === minuteTaker) {
			addPerson(doc, { name: facilitator, roles: ['facilitator', 'minute-taker'] }, origin);
		} else {
			if (facilitator) addPerson(doc, { name: facilitator, roles: ['facilitator'] }, origin);
			if (minuteTaker) addPerson(doc, { name: minuteTaker, roles: ['minute-taker'] }, origin);
		}
		const open = before.blocks.filter((b): b is ActionBlock => b.kind === 'action' && !b.done);
		if (options.carryActions !== false && open.length) {
			const itemId = addAgendaItem(doc, { title: CARRIED_ACTIONS_TITLE }, origin);
			for (const a of open) {
				addAction(doc, { itemId, what: a.what, owners: a.owners, due: a.due }, origin);
			}
		}
		const copy = (nodes: AgendaNode[], parentId: string | null) => {
			for (const node of nodes) {
				const id = addAgendaItem(
					doc,
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
				if (agenda === 'all') copy(node.children, id);
			}
		};
		if (agenda !== 'none') {
			copy(
				before.agenda.filter((n) => n.title !== CARRIED_ACTIONS_TITLE),
				null
			);
		}
		return meetingId;
	});
}

export interface OpenAction {
	meetingId: string;
	meetingTitle: string;
	meetingDate: string;
	/** Derived number and title of its agenda item ('' at the meeting level). */
	itemNumber: string;
	itemTitle: string;
	blockId: string;
	what: string;
	owners: string[];
	due: string;
	isOverdue: boolean;
}

/** Whether `name` is one of `owners` (case-insensitive; "Sam" matches "Sam Okafor"). */
export function isOwner(owners: string[], name: string): boolean {
	const wanted = name.trim().toLowerCase();
	if (!wanted) return false;
	return owners.some((o) => {
		const owner = o.trim().toLowerCase();
		return owner === wanted || owner.split(/\s+/)[0] === wanted || wanted.split(/\s+/)[0] === owner;
	});
}

/**
 * Actions not done in the given meetings: all, or one person's (`owner`). Overdue when due
 * before `today` (YYYY-MM-DD). Sorted by due date (none last), then meeting date, then in the
 * order the minutes give them (the sort is stable).
 */
export function openActions(
	meetings: { meetingId: string; doc: Y.Doc }[],
	options: { owner?: string; today?: string } = {}
): OpenAction[] {
	const out: OpenAction[] = [];
	for (const { meetingId, doc } of meetings) {
		const snap = meetingSnapshot(doc);
		const items = new Map<string, AgendaNode>();
		const walk = (nodes: AgendaNode[]) => {
			for (const n of nodes) {
				items.set(n.id, n);
				walk(n.children);
			}
		};
		walk(snap.agenda);
		for (const b of allBlocks(doc)) {
			if (b.kind !== 'action' || b.done) continue;
			if (options.owner !== undefined && !isOwner(b.owners, options.owner)) continue;
			const item = b.itemId ? items.get(b.itemId) : undefined;
			out.push({
				meetingId,
				meetingTitle: snap.header.title,
				meetingDate: snap.header.date,
				itemNumber: item?.number ?? '',
				itemTitle: item?.title ?? '',
				blockId: b.id,
				what: b.what,
				owners: b.owners,
				due: b.due,
				isOverdue: Boolean(options.today && b.due && b.due < options.today)
			});
		}
	}
	return out.sort(
		(a, b) =>
			compareStrings(a.due || '9999', b.due || '9999') ||
			compareStrings(a.meetingDate, b.meetingDate) ||
			compareStrings(a.meetingId, b.meetingId)
	);
}
