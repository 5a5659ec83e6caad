/**
 * The public pages of published minutes, no token needed:
 *
 *   GET /p/<groupId>/<meetingId>      the latest published revision
 *   GET /p/<groupId>/<meetingId>/<n>  revision n (1, 2, … without leading zeros)
 *
 * 404 (a page in words, respond.ts) when the meeting does not exist, was never published or is
 * withdrawn (the minutes' `publication().isPublic`), and for a revision that cannot be served.
 * The minutes come from the revision's stored snapshot, items held back left out; the comments
 * under them and their moderation are the live ones (`publishedComments`), so a comment posted
 * or hidden after publishing shows or goes at once. The page runs no script (PAGE_SECURITY).
 *
 * Rendered pages are kept in a small LRU cache (page-cache.ts), keyed by everything a page shows:
 * the revision, the latest revision, the group's name, the comments' Yjs snapshot (state vector
 * and deletions) and the hidden comments. A popular page is rendered once per state; whether the
 * page is public is read from the minutes on every request, never cached.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import {
	directory,
	hiddenCommentIds,
	isMeetingCreated,
	meetingToHtml,
	publication,
	publishedComments,
	publishedRevisions
} from '../../src/lib/model/index.ts';
import {
	commentsDocumentName,
	minutesDocumentName,
	parseDocumentName,
	type DocumentName
} from '../../src/lib/protocol/document-names.ts';
import { isValidId } from '../../src/lib/protocol/ids.ts';
import type { Store } from '../storage/store.ts';
import { servableRevisions } from '../sync/publishing.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Api } from './api.ts';
import { PageCache, type PageCacheLimits } from './page-cache.ts';
import { parseRevision } from './request-params.ts';
import { HttpError, PAGE_SECURITY } from './respond.ts';

/** Enough for the pages a small relay's readers open at once; a page is ~10–100 KB. */
export const PUBLIC_PAGE_CACHE: PageCacheLimits = { entries: 64, bytes: 8 * 1024 * 1024 };

export interface PublicPagesDependencies {
	api: Api;
	registry: RoomRegistry;
	store: Store;
	cache?: PageCacheLimits;
}

export interface PublicPages {
	readonly cache: PageCache;
}

const notFound = () => new HttpError(404, 'no published minutes here');

export function addPublicPages(deps: PublicPagesDependencies): PublicPages {
	const { api, registry, store } = deps;
	const cache = new PageCache(deps.cache ?? PUBLIC_PAGE_CACHE);

	/**
	 * Reads `read` in the minutes' queue, with the comments' room read inside it: a comments task
	 * never waits on a minutes queue, so the nesting cannot deadlock, and both are read as
	 * committed.
	 */
	const readLive = <T>(
		minutes: DocumentName,
		comments: DocumentName,
		read: (minutesDoc: Y.Doc, commentsDoc: Y.Doc) => T
	): Promise<T> =>
		registry.withRoom(minutes, (room) =>
			registry.withRoom(comments, (commentsRoom) => read(room.doc, commentsRoom.doc))
		);

	api.route(
		'GET',
		/^\/p\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/,
		async (req, res, [groupId, meetingId, n]) => {
			if (!isValidId(groupId) || !isValidId(meetingId)) throw notFound();
			const asked = n === undefined ? 'latest' : parseRevision(n);
			if (asked === null) throw notFound();
			const minutes = parseDocumentName(minutesDocumentName(groupId, meetingId))!;
			const comments = parseDocumentName(commentsDocumentName(groupId, meetingId))!;

			/**
			 * The live state a page shows beside its revision, read in one pass: the comments'
			 * threads only when a page is to be rendered (a cache hit needs the key alone), and then
			 * with a key of their own, so a page is cached under the state it was rendered from.
			 */
			const readState = (withThreads: boolean) =>
				readLive(minutes, comments, (minutesDoc, commentsDoc) => {
					if (!isMeetingCreated(minutesDoc)) return null;
					const state = publication(minutesDoc);
					if (!state.isPublic) return null;
					return {
						published: publishedRevisions(minutesDoc),
						hidden: [...hiddenCommentIds(minutesDoc)].sort(),
						commentsState: Y.encodeSnapshot(Y.snapshot(commentsDoc)),
						threads: withThreads ? publishedComments(commentsDoc, minutesDoc) : []
					};
				});

			const live = await readState(false);
			if (!live) throw notFound();
			const servable = await servableRevisions(store, minutes.name, live.published);
			const latest = servable.at(-1);
			const record = asked === 'latest' ? latest : servable.find((r) => r.revision === asked);
			if (!record || !latest) throw notFound();
			const groupName = await registry.withRoom(
				parseDocumentName(groupId)!,
				(room) => directory(room.doc).name
			);
			const keyOf = (state: { hidden: string[]; commentsState: Uint8Array }) =>
				createHash('sha256')
					.update(
						JSON.stringify([
							minutes.name,
							record.revision,
							latest.revision,
							groupName,
							state.hidden
						])
					)
					.update(state.commentsState)
					.digest('base64');

			let page = cache.get(keyOf(live));
			if (!page) {
				const stored = await store.loadRevision(minutes.name, record.revision);
				const now = await readState(true);
				if (!stored || !now) throw notFound();
				const doc = new Y.Doc();
				try {
					Y.applyUpdate(doc, stored.snapshot);
					page = Buffer.from(
						meetingToHtml(doc, {
							groupName,
							comments: now.threads,
							includePrivate: false,
							revision: {
								revision: stored.revision,
								latest: latest.revision,
								publishedAt: stored.publishedAt,
								latestHref: `/p/${groupId}/${meetingId}`
							}
						})
					);
				} finally {
					doc.destroy();
				}
				cache.set(keyOf(now), page);
			}
			res.writeHead(200, {
				'Content-Type': 'text/html; charset=utf-8',
				'Content-Length': page.length,
				'Cache-Control': 'no-cache',
				...PAGE_SECURITY
			});
			res.end(req.method === 'HEAD' ? undefined : page);
		}
	);

	return { cache };
}
