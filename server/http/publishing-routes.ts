/**
 * The publishing routes of the HTTP API (server/sync/publishing.ts does the work):
 *
 *   POST /api/groups/<g>/meetings/<m>/publish    edit token, optional JSON {"by"}
 *        → 201 {"revision": n, "url": "/p/<g>/<m>"}; 413 when the minutes have no room
 *   POST /api/groups/<g>/meetings/<m>/withdraw   edit token, optional JSON {"by"}
 *        → 200 {"withdrawn": true} (also when the page was already down); 409 when the minutes
 *        were never published
 *   GET  /api/groups/<g>/meetings/<m>/revisions  any token
 *        → 200 {"revisions": [{"revision", "publishedAt"}, …], "isPublic"}
 *   GET  /api/groups/<g>/meetings/<m>/revisions/<n>?format=md|html|txt[&held=include]
 *        any token (held=include: edit only) → revision n rendered, held items left out
 *
 * Every route answers 404 for a meeting that does not exist; the revision routes serve
 * revisions whether or not the public page is up (members read them; the public does not).
 */
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import {
	directory,
	isMeetingCreated,
	meetingToHtml,
	meetingToMarkdown,
	meetingToText,
	publication,
	publishedRevisions,
	type ChangedBy,
	type ExportOptions,
	type RevisionLine
} from '../../src/lib/model/index.ts';
import { EXPORT_FORMATS } from '../../src/lib/model/export-formats.ts';
import {
	minutesDocumentName,
	parseDocumentName,
	type DocumentName
} from '../../src/lib/protocol/document-names.ts';
import { isValidId } from '../../src/lib/protocol/ids.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../storage/store.ts';
import { DocumentTooLargeError } from '../sync/document-bounds.ts';
import {
	publishMeeting,
	servableRevisions,
	withdrawMeeting,
	type PublishingDependencies
} from '../sync/publishing.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Api } from './api.ts';
import { includesHeld, parseRevision, readChangedBy } from './request-params.ts';
import { HttpError, PAGE_SECURITY, sendJson } from './respond.ts';

export interface PublishingRoutesDependencies {
	api: Api;
	registry: RoomRegistry;
	store: Store;
	logger: Logger;
	maxRequestBytes: number;
}

type RevisionRender = (doc: Y.Doc, options: ExportOptions & { revision: RevisionLine }) => string;

/** The export formats a revision is served in (media types as the export's), with its line. */
const REVISION_FORMATS: Record<'md' | 'html' | 'txt', RevisionRender> = {
	md: (doc, o) => meetingToMarkdown(doc, o),
	html: (doc, o) => meetingToHtml(doc, o),
	txt: (doc, o) => meetingToText(doc, o)
};

const MEETING = '/api/groups/([^/]+)/meetings/([^/]+)';

export function addPublishingRoutes(deps: PublishingRoutesDependencies): void {
	const { api, registry, store, maxRequestBytes } = deps;
	const publishing: PublishingDependencies = { registry, store, logger: deps.logger };

	/** The minutes' document name, or 404 for an id that cannot be one. */
	const minutesName = (groupId: string, meetingId: string): DocumentName => {
		if (!isValidId(meetingId)) throw new HttpError(404, 'unknown meeting');
		return parseDocumentName(minutesDocumentName(groupId, meetingId))!;
	};

	/** Authenticates an editor and reads the optional {"by"} body. */
	const editorRequest = async (req: IncomingMessage, groupId: string): Promise<ChangedBy> => {
		await api.authenticate(req, groupId, ['edit']);
		return readChangedBy(req, maxRequestBytes);
	};

	api.route('POST', route('publish'), async (req, res, [groupId, meetingId]) => {
		const changed = await editorRequest(req, groupId);
		const name = minutesName(groupId, meetingId);
		const result = await refusingTooLarge(publishMeeting(publishing, name, changed));
		if (!result.ok) throw new HttpError(404, 'unknown meeting');
		sendJson(res, 201, { revision: result.revision, url: `/p/${groupId}/${meetingId}` });
	});

	api.route('POST', route('withdraw'), async (req, res, [groupId, meetingId]) => {
		const changed = await editorRequest(req, groupId);
		const name = minutesName(groupId, meetingId);
		const result = await refusingTooLarge(withdrawMeeting(publishing, name, changed));
		if (!result.ok) throw new HttpError(404, 'unknown meeting');
		// The page is down whatever it was before: a script may send this again, or first.
		sendJson(res, 200, { withdrawn: true });
	});

	api.route('GET', route('revisions'), async (req, res, [groupId, meetingId]) => {
		await api.authenticate(req, groupId);
		const name = minutesName(groupId, meetingId);
		const state = await registry.withRoom(name, (minutes) =>
			isMeetingCreated(minutes.doc)
				? { ...publication(minutes.doc), published: publishedRevisions(minutes.doc) }
				: null
		);
		if (!state) throw new HttpError(404, 'unknown meeting');
		const revisions = await servableRevisions(store, name.name, state.published);
		sendJson(res, 200, { revisions, isPublic: state.isPublic });
	});

	api.route(
		'GET',
		new RegExp(`^${MEETING}/revisions/([^/]+)/?$`),
		async (req, res, [groupId, meetingId, n], url) => {
			const claims = await api.authenticate(req, groupId);
			const formatName = url.searchParams.get('format') ?? 'md';
			if (!Object.hasOwn(REVISION_FORMATS, formatName)) {
				throw new HttpError(
					400,
					`unknown format for a revision: use one of ${Object.keys(REVISION_FORMATS).join(', ')}`
				);
			}
			const includePrivate = includesHeld(url, claims.role);
			const name = minutesName(groupId, meetingId);
			const revision = parseRevision(n);
			const published = await registry.withRoom(name, (minutes) =>
				isMeetingCreated(minutes.doc) ? publishedRevisions(minutes.doc) : null
			);
			if (!published) throw new HttpError(404, 'unknown meeting');
			const servable = await servableRevisions(store, name.name, published);
			const record = servable.find((r) => r.revision === revision);
			const stored = record && (await store.loadRevision(name.name, record.revision));
			if (!stored) throw new HttpError(404, 'no such revision');
			const groupName = await registry.withRoom(
				parseDocumentName(groupId)!,
				(room) => directory(room.doc).name
			);
			const doc = new Y.Doc();
			let body: string;
			try {
				Y.applyUpdate(doc, stored.snapshot);
				const format = formatName as keyof typeof REVISION_FORMATS;
				body = REVISION_FORMATS[format](doc, {
					includePrivate,
					...(formatName === 'html' && { groupName }),
					revision: {
						revision: stored.revision,
						latest: servable.at(-1)!.revision,
						publishedAt: stored.publishedAt
					}
				});
				const headers: Record<string, string> = {
					'Content-Type': EXPORT_FORMATS[format].type,
					'Cache-Control': 'no-store',
					'Content-Disposition': `inline; filename="${meetingId}-${stored.revision}.${formatName}"`
				};
				if (formatName === 'html') Object.assign(headers, PAGE_SECURITY);
				res.writeHead(200, headers);
			} finally {
				doc.destroy();
			}
			res.end(req.method === 'HEAD' ? undefined : body);
		}
	);
}

/** A write the minutes have no room for is a 413, as for an import; nothing of it was stored. */
async function refusingTooLarge<T>(write: Promise<T>): Promise<T> {
	try {
		return await write;
	} catch (error) {
		if (error instanceof DocumentTooLargeError) throw new HttpError(413, 'document too large');
		throw error;
	}
}

function route(action: string): RegExp {
	return new RegExp(`^${MEETING}/${action}/?$`);
}
