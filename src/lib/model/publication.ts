/**
 * Review and publishing state, kept in the minutes document (written by the edit role and the
 * relay only, so no commenter can change it):
 *
 *   header (flat keys beside status and revision, see schema.ts)
 *     publishedRevision: number    the latest revision the relay made; 0 or absent: never published
 *     publishedAt: ISO time        when the relay made it
 *     isPublic: boolean            the public page is up; false after "Withdraw"
 *   statusLog: Y.Array<{ status, by, at, revision? }>
 *                                  every status change and withdrawal, appended, never rewritten;
 *                                  a publish names the revision it made
 *   moderation: Y.Map<messageId, { by, at }>
 *                                  published comments an editor hid from the public page
 *
 * `statusLog` and `moderation` are root types, so two devices writing them at once never
 * replace each other's container. Revisions themselves are stored by the relay, which numbers
 * them (docs/publishing.md).
 */
import * as Y from 'yjs';
import type { AgendaNode } from './agenda';
import { commentThreads, type CommentThread } from './comments';
import { asBool, asCount, asString } from './read';
import { MEETING_STATUSES, minutesRoots, transact, type MeetingStatus } from './schema';

export const PUBLICATION_ROOT_NAMES = ['statusLog', 'moderation'] as const;

/** What the status log records: a status, or the public page taken down. */
export type StatusEvent = MeetingStatus | 'withdrawn';
const STATUS_EVENTS = [...MEETING_STATUSES, 'withdrawn'] as const;

export interface StatusChange {
	status: StatusEvent;
	/** display name of who made the change; '' when unknown (a script through the API) */
	by: string;
	/** ISO time */
	at: string;
	/** the revision a publish made */
	revision?: number;
}

export interface Publication {
	/** the latest published revision; 0 when the minutes were never published */
	revision: number;
	publishedAt: string;
	/** whether `/p/<group>/<meeting>` answers */
	isPublic: boolean;
}

export interface ChangedBy {
	by?: string;
	/** ISO time; default now */
	at?: string;
}

const statusLog = (doc: Y.Doc) => doc.getArray<unknown>('statusLog');
const moderation = (doc: Y.Doc) => doc.getMap<unknown>('moderation');

function logEntry(status: StatusEvent, changed: ChangedBy): StatusChange {
	return { status, by: (changed.by ?? '').trim(), at: changed.at ?? new Date().toISOString() };
}

/**
 * Move the meeting to `status` and record who did it. Any step is allowed, back as well as
 * forward; going back leaves a published page up (only `recordWithdrawal` takes it down).
 * Returns false when the meeting already had that status (nothing is written).
 */
export function changeStatus(
	doc: Y.Doc,
	status: MeetingStatus,
	changed: ChangedBy = {},
	origin?: unknown
): boolean {
	if (!(MEETING_STATUSES as readonly string[]).includes(status)) {
		throw new RangeError('unknown status');
	}
	const header = minutesRoots(doc).header;
	if (header.get('status') === status) return false;
	transact(doc, origin, () => {
		header.set('status', status);
		statusLog(doc).push([logEntry(status, changed)]);
	});
	return true;
}

/** Every status change, oldest first. */
export function statusHistory(doc: Y.Doc): StatusChange[] {
	const out: StatusChange[] = [];
	for (const value of statusLog(doc).toArray()) {
		if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
		const o = value as Record<string, unknown>;
		if (!(STATUS_EVENTS as readonly unknown[]).includes(o.status)) continue;
		const change: StatusChange = {
			status: o.status as StatusEvent,
			by: asString(o.by),
			at: asString(o.at)
		};
		const revision = asCount(o.revision);
		if (change.status === 'published' && revision && revision > 0) change.revision = revision;
		out.push(change);
	}
	return out;
}

export function publication(doc: Y.Doc): Publication {
	const h = minutesRoots(doc).header;
	const revision = asCount(h.get('publishedRevision')) ?? 0;
	return {
		revision,
		publishedAt: asString(h.get('publishedAt')),
		isPublic: revision > 0 && asBool(h.get('isPublic'))
	};
}

/**
 * What the relay writes when it makes revision `revision`: the status becomes published, the
 * page goes up, "published on" is set the first time. Run before the revision's snapshot is
 * taken, so the snapshot says what the public page says.
 */
export function recordPublication(
	doc: Y.Doc,
	revision: number,
	changed: ChangedBy = {},
	origin?: unknown
): void {
	if (!Number.isInteger(revision) || revision < 1) throw new RangeError('revision: 1 or more');
	const entry = logEntry('published', changed);
	transact(doc, origin, () => {
		const h = minutesRoots(doc).header;
		h.set('status', 'published');
		h.set('revision', revision);
		h.set('publishedRevision', revision);
		h.set('publishedAt', entry.at);
		h.set('isPublic', true);
		if (!asString(h.get('publishedOn'))) h.set('publishedOn', entry.at.slice(0, 10));
		statusLog(doc).push([{ ...entry, revision }]);
	});
}

/**
 * The revisions the minutes record as published, ascending. The relay serves these only: a
 * revision it stored for a publish that died before the minutes recorded it stays unserved,
 * whatever is published after it.
 */
export function publishedRevisions(doc: Y.Doc): number[] {
	const numbers = statusHistory(doc).flatMap((c) => (c.revision ? [c.revision] : []));
	return [...new Set(numbers)].sort((a, b) => a - b);
}

/**
 * Take the public page down. The revisions stay with the relay; the next publish brings the
 * page back. A meeting whose status was "published" goes back to "approved".
 */
export function recordWithdrawal(doc: Y.Doc, changed: ChangedBy = {}, origin?: unknown): void {
	transact(doc, origin, () => {
		const h = minutesRoots(doc).header;
		h.set('isPublic', false);
		if (h.get('status') === 'published') h.set('status', 'approved');
		statusLog(doc).push([logEntry('withdrawn', changed)]);
	});
}

/** Hide a published comment from the public page (edit role: the minutes document). */
export function hideComment(
	doc: Y.Doc,
	messageId: string,
	changed: ChangedBy = {},
	origin?: unknown
): void {
	if (!messageId) throw new RangeError('messageId: empty');
	const { by, at } = logEntry('published', changed);
	transact(doc, origin, () => moderation(doc).set(messageId, { by, at }));
}

/** Show a hidden comment again. */
export function showComment(doc: Y.Doc, messageId: string, origin?: unknown): void {
	if (!moderation(doc).has(messageId)) return;
	transact(doc, origin, () => moderation(doc).delete(messageId));
}

/** Ids of the comments hidden from the public page. */
export function hiddenCommentIds(doc: Y.Doc): Set<string> {
	return new Set(moderation(doc).keys());
}

/**
 * The comments the public page shows: threads of kind `public`, without the messages an editor
 * hid (a thread left empty is left out).
 */
export function publishedComments(commentsDoc: Y.Doc, minutesDoc: Y.Doc): CommentThread[] {
	const hidden = hiddenCommentIds(minutesDoc);
	return commentThreads(commentsDoc, { kind: 'public' })
		.map((t) => ({ ...t, messages: t.messages.filter((m) => !hidden.has(m.id)) }))
		.filter((t) => t.messages.length > 0);
}

/**
 * The titles of the items held back as "not for publication", outermost only: a sub-item of a
 * held item is held with it, and its parent's title says enough.
 */
export function heldBackTitles(tree: readonly AgendaNode[], out: string[] = []): string[] {
	for (const node of tree) {
		if (node.isPrivate) out.push(node.title.trim() || 'Untitled item');
		else heldBackTitles(node.children, out);
	}
	return out;
}
