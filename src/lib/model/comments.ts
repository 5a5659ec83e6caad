/**
 * The comments document, `<groupId>/<meetingId>/comments`:
 *
 *   Y.Doc
 *   ├─ meta: Y.Map       schemaVersion: number (COMMENTS_SCHEMA_VERSION), set by the first write
 *   └─ threads: Y.Map<threadId, Y.Map>
 *        kind: 'review' | 'public'   review comments vs comments under the published page
 *        itemId: itemId | null       the agenda item, or null for the whole meeting
 *        createdAt: ISO time
 *        resolved: boolean   resolvedBy: string   resolvedAt: ISO time | ''
 *        resolvedSeen: string[]      ids of the messages the resolver had seen
 *        messages: Y.Array<{ id, author, time: ISO, text }>   appended, never rewritten
 *
 * It is a separate document so that people with the `comment` role can write it while the
 * minutes stay read-only to them.
 *
 * A thread counts as resolved only while every message in it was seen by whoever resolved it:
 * a reply written after, or at the same time on another device, opens it again, so no answer is
 * buried under "resolved". Threads name their item by id, so a moved item keeps its threads and
 * a deleted item's threads stay (with an id no item has; see review-threads.ts).
 */
import * as Y from 'yjs';
import { newId } from './ids';
import { asBool, asMap, asString, asStringArray, compareStrings, oneOf } from './read';
import { transact } from './schema';

export const COMMENTS_SCHEMA_VERSION = 1;
export const COMMENTS_ROOT_NAMES = ['meta', 'threads'] as const;
export const THREAD_KINDS = ['review', 'public'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export interface CommentMessage {
	id: string;
	author: string;
	time: string;
	text: string;
}

export interface CommentThread {
	id: string;
	kind: ThreadKind;
	itemId: string | null;
	createdAt: string;
	resolved: boolean;
	resolvedBy: string;
	resolvedAt: string;
	messages: CommentMessage[];
}

function roots(doc: Y.Doc) {
	return { meta: doc.getMap<unknown>('meta'), threads: doc.getMap<unknown>('threads') };
}

function readMessage(value: unknown): CommentMessage | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
	const o = value as Record<string, unknown>;
	if (typeof o.id !== 'string') return null;
	return { id: o.id, author: asString(o.author), time: asString(o.time), text: asString(o.text) };
}

function readThread(id: string, value: unknown): CommentThread | null {
	const map = asMap(value);
	if (!map) return null;
	const itemId = map.get('itemId');
	const list = map.get('messages');
	const messages =
		list instanceof Y.Array
			? list
					.toArray()
					.map(readMessage)
					.filter((m): m is CommentMessage => m !== null)
			: [];
	const isResolved = asBool(map.get('resolved'));
	const seen = map.get('resolvedSeen');
	// Threads resolved before `resolvedSeen` existed had every message seen.
	const seenIds = Array.isArray(seen) ? new Set(asStringArray(seen)) : null;
	const isAnswered = seenIds !== null && messages.some((m) => !seenIds.has(m.id));
	const resolved = isResolved && !isAnswered;
	return {
		id,
		kind: oneOf(map.get('kind'), THREAD_KINDS, 'review'),
		itemId: typeof itemId === 'string' ? itemId : null,
		createdAt: asString(map.get('createdAt')),
		resolved,
		resolvedBy: resolved ? asString(map.get('resolvedBy')) : '',
		resolvedAt: resolved ? asString(map.get('resolvedAt')) : '',
		messages
	};
}

/** Threads, oldest first; filtered by kind and/or item (`itemId: null` = whole meeting). */
export function commentThreads(
	doc: Y.Doc,
	filter: { kind?: ThreadKind; itemId?: string | null } = {}
): CommentThread[] {
	const out: CommentThread[] = [];
	roots(doc).threads.forEach((value, id) => {
		const t = readThread(id, value);
		if (!t) return;
		if (filter.kind !== undefined && t.kind !== filter.kind) return;
		if (filter.itemId !== undefined && t.itemId !== filter.itemId) return;
		out.push(t);
	});
	return out.sort((a, b) => compareStrings(a.createdAt, b.createdAt) || compareStrings(a.id, b.id));
}

export interface CommentInput {
	/** Reply in this thread; without it a new thread starts. */
	threadId?: string;
	kind?: ThreadKind;
	itemId?: string | null;
	author: string;
	text: string;
	/** ISO time; default now. */
	time?: string;
}

/** Add a comment (a new thread, or a reply). Returns the thread's and the message's ids. */
export function addComment(
	doc: Y.Doc,
	input: CommentInput,
	origin?: unknown
): { threadId: string; messageId: string } {
	const text = input.text.trim();
	if (!text) throw new RangeError('text: empty comment');
	if (input.kind !== undefined && !(THREAD_KINDS as readonly string[]).includes(input.kind)) {
		throw new RangeError('kind: review or public');
	}
	const time = input.time ?? new Date().toISOString();
	const messageId = newId();
	return transact(doc, origin, () => {
		const { meta, threads } = roots(doc);
		if (meta.get('schemaVersion') !== COMMENTS_SCHEMA_VERSION && !meta.has('schemaVersion')) {
			meta.set('schemaVersion', COMMENTS_SCHEMA_VERSION);
		}
		let threadId = input.threadId;
		let thread = threadId ? asMap(threads.get(threadId)) : null;
		if (!thread || !threadId) {
			threadId = threadId ?? newId();
			thread = new Y.Map<unknown>();
			threads.set(threadId, thread);
			thread.set('kind', input.kind ?? 'review');
			thread.set('itemId', input.itemId ?? null);
			thread.set('createdAt', time);
			thread.set('resolved', false);
			thread.set('resolvedBy', '');
			thread.set('resolvedAt', '');
			thread.set('messages', new Y.Array<unknown>());
		}
		let messages = thread.get('messages');
		if (!(messages instanceof Y.Array)) {
			messages = new Y.Array<unknown>();
			thread.set('messages', messages);
		}
		(messages as Y.Array<unknown>).push([
			{ id: messageId, author: input.author.trim(), time, text }
		]);
		return { threadId, messageId };
	});
}

/**
 * Mark a thread resolved (or reopen it). Resolving records the messages seen on this device;
 * one that arrives later (a reply written meanwhile elsewhere) opens the thread again.
 */
export function resolveThread(
	doc: Y.Doc,
	threadId: string,
	resolved = true,
	by: { author?: string; time?: string } = {},
	origin?: unknown
): boolean {
	const thread = asMap(roots(doc).threads.get(threadId));
	if (!thread) return false;
	const messages = thread.get('messages');
	const seen =
		resolved && messages instanceof Y.Array
			? messages
					.toArray()
					.map((m) => readMessage(m)?.id)
					.filter((m): m is string => m !== undefined)
			: [];
	transact(doc, origin, () => {
		thread.set('resolved', resolved);
		thread.set('resolvedBy', resolved ? (by.author ?? '').trim() : '');
		thread.set('resolvedAt', resolved ? (by.time ?? new Date().toISOString()) : '');
		thread.set('resolvedSeen', seen);
	});
	return true;
}

/** Delete one message; a thread left empty is deleted too. */
export function deleteComment(
	doc: Y.Doc,
	threadId: string,
	messageId: string,
	origin?: unknown
): boolean {
	const thread = asMap(roots(doc).threads.get(threadId));
	const messages = thread?.get('messages');
	if (!thread || !(messages instanceof Y.Array)) return false;
	const index = messages.toArray().findIndex((m) => readMessage(m)?.id === messageId);
	if (index < 0) return false;
	transact(doc, origin, () => {
		messages.delete(index, 1);
		if (messages.length === 0) roots(doc).threads.delete(threadId);
	});
	return true;
}
