/**
 * Which meeting a planned meeting follows and which one it was merged into, as its minutes'
 * `meta` records them (`follows`, `mergedInto`, and `keptApart`: the other plans of the same
 * meeting the person chose to keep as they are; see plan-merge.ts), and the plans of one meeting
 * among the directory's entries. Small on purpose: the directory and the meetings index read it.
 */
import type * as Y from 'yjs';
import { isValidId } from '../protocol/ids';
import { asString, asStringArray } from './read';
import { minutesRoots, transact } from './schema';

/** What a directory entry (directory.ts) says of a plan. */
export interface PlanEntry {
	meetingId: string;
	/** The meeting it was planned from; '' when none. */
	follows: string;
}

/** The meeting this one was planned from ('' when none). */
export function followedMeeting(doc: Y.Doc): string {
	return asString(minutesRoots(doc).meta.get('follows'));
}

/** The meeting this one was merged into ('' when none). */
export function mergedInto(doc: Y.Doc): string {
	return asString(minutesRoots(doc).meta.get('mergedInto'));
}

/**
 * The other meetings planned from the same meeting as `meetingId` (its directory entry's
 * `follows`), oldest first; empty when it follows none or is the only one.
 */
export function otherPlans<T extends PlanEntry>(entries: T[], meetingId: string): T[] {
	const self = entries.find((e) => e.meetingId === meetingId);
	if (!self?.follows) return [];
	return entries
		.filter((e) => e.follows === self.follows && e.meetingId !== meetingId)
		.sort((a, b) => a.meetingId.localeCompare(b.meetingId));
}

/** The meetings planned from `previousId`. */
export function plansFrom<T extends PlanEntry>(entries: T[], previousId: string): T[] {
	return entries.filter((e) => e.follows === previousId);
}

/** The other plans this meeting was told to keep apart from (not offered for merging again). */
export function keptApart(doc: Y.Doc): string[] {
	return asStringArray(minutesRoots(doc).meta.get('keptApart'));
}

/** Remembers that this meeting and `otherId` stay two meetings. */
export function keepApart(doc: Y.Doc, otherId: string, origin?: unknown): void {
	if (!isValidId(otherId)) throw new RangeError('invalid meeting id');
	const list = keptApart(doc);
	if (list.includes(otherId)) return;
	transact(doc, origin, () => minutesRoots(doc).meta.set('keptApart', [...list, otherId]));
}
