/**
 * Action items across a group's meetings, for the Actions screen: each with its meeting and
 * agenda item, whether it is overdue and whether it is this person's ("mine"), and the lists
 * grouped by owner or by meeting.
 *
 * "Me" is the profile's display name, and in each meeting the attendance entries linked to it:
 * an entry names the same person when it is the same name, a first name alone that is the
 * display name's first name (or the other way round), or the same first name with a surname
 * that one abbreviates ("Sam O." and "Sam Okafor"). An action is mine when one of its owners
 * names me or one of those entries (follow-up.ts `isOwner`).
 */
import type * as Y from 'yjs';
import { agendaList } from './agenda';
import { allBlocks } from './blocks';
import { isOwner } from './follow-up';
import { attendance, header } from './minutes';
import { compareStrings } from './read';

export interface ActionRow {
	meetingId: string;
	meetingTitle: string;
	meetingDate: string;
	itemNumber: string;
	itemTitle: string;
	blockId: string;
	what: string;
	owners: string[];
	due: string;
	done: boolean;
	isOverdue: boolean;
	isMine: boolean;
}

function words(name: string): string[] {
	return name.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/** Whether two written names can be the same person (see the header). */
export function isSamePerson(a: string, b: string): boolean {
	const x = words(a);
	const y = words(b);
	if (!x.length || !y.length || x[0] !== y[0]) return false;
	if (x.length === 1 || y.length === 1) return true;
	const [s, t] = [x[1].replace(/\.$/, ''), y[1].replace(/\.$/, '')];
	return s.startsWith(t) || t.startsWith(s);
}

/** The names that are "me" in one meeting: the display name and the attendance entries linked to it. */
export function myNamesIn(doc: Y.Doc, displayName: string): string[] {
	if (!displayName.trim()) return [];
	const linked = attendance(doc)
		.people.map((p) => p.name)
		.filter((name) => isSamePerson(name, displayName));
	return [...new Set([displayName.trim(), ...linked])];
}

/**
 * Every action of the given meetings, done or not, in the order of `openActions`: due date
 * (none last), meeting date, meeting, then as the minutes give them. Overdue: not done and due
 * before `today` (YYYY-MM-DD).
 */
export function actionsAcross(
	meetings: { meetingId: string; doc: Y.Doc }[],
	options: { displayName: string; today: string }
): ActionRow[] {
	const out: ActionRow[] = [];
	for (const { meetingId, doc } of meetings) {
		const h = header(doc);
		const items = new Map(agendaList(doc).map((n) => [n.id, n]));
		const me = myNamesIn(doc, options.displayName);
		for (const b of allBlocks(doc)) {
			if (b.kind !== 'action') continue;
			const item = b.itemId ? items.get(b.itemId) : undefined;
			out.push({
				meetingId,
				meetingTitle: h.title,
				meetingDate: h.date,
				itemNumber: item?.number ?? '',
				itemTitle: item?.title ?? '',
				blockId: b.id,
				what: b.what,
				owners: b.owners,
				due: b.due,
				done: b.done,
				isOverdue: !b.done && Boolean(b.due && options.today && b.due < options.today),
				isMine: me.some((name) => isOwner(b.owners, name))
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

export const ACTION_FILTERS = ['open', 'mine', 'overdue'] as const;
export type ActionFilter = (typeof ACTION_FILTERS)[number];

/** The rows a filter shows; `keep` (block ids just marked done here) stay in sight. */
export function filterActions(
	rows: ActionRow[],
	filter: ActionFilter,
	keep: ReadonlySet<string> = new Set()
): ActionRow[] {
	return rows.filter((r) => {
		if (r.done && !keep.has(r.blockId)) return false;
		if (filter === 'mine') return r.isMine;
		if (filter === 'overdue') return r.isOverdue || (r.done && keep.has(r.blockId));
		return true;
	});
}

export interface ActionGroup {
	key: string;
	/** The owner's name, or the meeting's title and date. */
	label: string;
	meetingId?: string;
	rows: ActionRow[];
}

export const NO_OWNER = 'No owner';

/** One group per owner as written (an action with two owners is in both), by name. */
export function groupByOwner(rows: ActionRow[]): ActionGroup[] {
	const groups = new Map<string, ActionGroup>();
	for (const row of rows) {
		const owners = row.owners.length ? row.owners : [NO_OWNER];
		for (const owner of owners) {
			const key = owner.trim().toLowerCase();
			const group = groups.get(key) ?? { key: `owner:${key}`, label: owner.trim(), rows: [] };
			group.rows.push(row);
			groups.set(key, group);
		}
	}
	return [...groups.values()].sort(
		(a, b) =>
			Number(a.label === NO_OWNER) - Number(b.label === NO_OWNER) || a.label.localeCompare(b.label)
	);
}

/** One group per meeting, newest meeting first. */
export function groupByMeeting(rows: ActionRow[]): ActionGroup[] {
	const groups = new Map<string, ActionGroup>();
	for (const row of rows) {
		const group = groups.get(row.meetingId) ?? {
			key: `meeting:${row.meetingId}`,
			label: row.meetingTitle || 'Untitled meeting',
			meetingId: row.meetingId,
			rows: []
		};
		group.rows.push(row);
		groups.set(row.meetingId, group);
	}
	return [...groups.values()].sort(
		(a, b) =>
			compareStrings(b.rows[0].meetingDate, a.rows[0].meetingDate) ||
			compareStrings(a.meetingId ?? '', b.meetingId ?? '')
	);
}
