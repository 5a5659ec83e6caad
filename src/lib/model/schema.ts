/**
 * The minutes document, `<groupId>/<meetingId>`: its root types and their shape.
 *
 *   Y.Doc
 *   ├─ meta: Y.Map
 *   │    schemaVersion: number            MINUTES_SCHEMA_VERSION (2); absent = not created yet
 *   │    meetingId: string
 *   │    createdAt: string                ISO time
 *   │    follows?: meetingId              planned from that meeting (follow-up.ts)
 *   │    mergedInto?: meetingId           a double plan merged into that one (plan-merge.ts)
 *   │    keptApart?: meetingId[]          other plans of the same meeting kept as they are
 *   ├─ header: Y.Map
 *   │    title: Y.Text                    (v1: a plain string)
 *   │    date: 'YYYY-MM-DD' | ''          startTime, endTime: 'HH:MM' | ''
 *   │    venue, writtenBy: string         publishedOn: 'YYYY-MM-DD' | ''
 *   │    categories: string[]             (one JSON value, last writer wins)
 *   │    status: 'draft' | 'review' | 'approved' | 'published'
 *   │    revision: number                 1, 2, … (a correction after publishing adds one)
 *   │    publishedRevision, publishedAt, isPublic   the relay's last publish (publication.ts)
 *   │    presentCount: number | null      "14 people present", with or without names
 *   ├─ people: Y.Map<personId, Y.Map>     attendance
 *   │    name: string   present: boolean   roles: ('facilitator' | 'minute-taker')[]   pos
 *   ├─ items: Y.Map<itemId, Y.Map>        the agenda, a tree by parent pointers
 *   │    parent: itemId | null            null = top level
 *   │    pos: string                      fractional-indexing key among siblings
 *   │    title: Y.Text                    (v1: a plain string)
 *   │    presenter: string   timeBox: number | null (minutes)
 *   │    notes: Y.XmlFragment             ProseMirror content, see notes.ts
 *   │    isPrivate: boolean               "not for publication"
 *   │    numbered: boolean                false: a lettered part (A, B) such as a presentation
 *   ├─ blocks: Y.Map<blockId, Y.Map>      structured blocks, see blocks.ts
 *   │    kind: 'decision' | 'action' | 'event' | 'speakers'   itemId: itemId | null   pos: string
 *   ├─ next: Y.Map                        the next meeting
 *   │    date, startTime, endTime, venue, topic, facilitator, minuteTaker: string
 *   │    schedule?, rota?: plain JSON, the group's as planned (next-plan.ts)
 *   ├─ timer: Y.Map                       the timer's presses (facilitation-timer.ts)
 *   ├─ queue: Y.Map                       the speaker queue as run (speaker-queue.ts)
 *   ├─ statusLog: Y.Array                 every status change (publication.ts)
 *   ├─ moderation: Y.Map                  published comments hidden by an editor (publication.ts)
 *   ├─ votes: Y.Map<voteId, Y.Map>        votes opened and closed by the facilitator (votes.ts)
 *   └─ checkedIn: Y.Map                   check-ins copied into `people` (checkin-attendance.ts)
 *
 * Opening a document never writes: the accessors below only name root types, which writes
 * nothing to the document's updates. The first content is written once, by `createMeeting`.
 * Items and blocks are kept by id and never deleted-and-reinserted to move them.
 */
import * as Y from 'yjs';

export const MINUTES_SCHEMA_VERSION = 2;

export interface MinutesRoots {
	meta: Y.Map<unknown>;
	header: Y.Map<unknown>;
	people: Y.Map<unknown>;
	items: Y.Map<unknown>;
	blocks: Y.Map<unknown>;
	next: Y.Map<unknown>;
}

export const MINUTES_ROOT_NAMES = ['meta', 'header', 'people', 'items', 'blocks', 'next'] as const;

export function minutesRoots(doc: Y.Doc): MinutesRoots {
	return {
		meta: doc.getMap('meta'),
		header: doc.getMap('header'),
		people: doc.getMap('people'),
		items: doc.getMap('items'),
		blocks: doc.getMap('blocks'),
		next: doc.getMap('next')
	};
}

export const MEETING_STATUSES = ['draft', 'review', 'approved', 'published'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** What a person does in a meeting (an attendance row), as opposed to a token's access role. */
export const ATTENDANCE_ROLES = ['facilitator', 'minute-taker'] as const;
export type AttendanceRole = (typeof ATTENDANCE_ROLES)[number];

/** Run `fn` in one transaction with `origin`; every operation goes through here. */
export function transact<T>(doc: Y.Doc, origin: unknown, fn: () => T): T {
	let result!: T;
	doc.transact(() => {
		result = fn();
	}, origin ?? null);
	return result;
}
