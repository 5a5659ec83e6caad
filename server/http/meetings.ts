/**
 * The meeting routes of the HTTP API, built on the model's import and export functions. Every
 * document they read or change goes through its room (loaded from the store first, changes
 * committed before they are forwarded to connected clients), exactly as websocket updates do.
 *
 *   POST /api/groups/<groupId>/meetings                    edit token, text/markdown body
 *        → 201 {meetingId, notices}: a new meeting built from the Markdown (in a worker thread,
 *        see import/import-pool.ts), listed in the directory; numeric dates read in the group's
 *        date order (its directory's `dateOrder`, day first when not set); `notices`: what was
 *        read but should be checked, `{kind: 'ambiguous-date', text, read}`; 413 past what one
 *        import may build, 503 while too many imports run
 *   GET  /api/groups/<groupId>/meetings/<meetingId>/export?format=md|html|txt|ics|csv
 *        any token of the group → the meeting in that format (csv: its action items), items
 *        held back from publication left out; with `&held=include` (edit token only, 403
 *        otherwise) they are included and marked "not for publication"
 *
 * Publishing, revisions and the public pages are in publishing-routes.ts and public-pages.ts.
 */
import * as Y from 'yjs';
import { groupDateOrder, isMeetingCreated, newMeetingId } from '../../src/lib/model/index.ts';
import {
	EXPORT_FORMAT_NAMES,
	EXPORT_FORMATS,
	isExportFormat,
	renderExport
} from '../../src/lib/model/export-formats.ts';
import { minutesDocumentName, parseDocumentName } from '../../src/lib/protocol/document-names.ts';
import { isValidId } from '../../src/lib/protocol/ids.ts';
import { DocumentTooLargeError } from '../sync/document-bounds.ts';
import { isListable, writeDirectoryEntry } from '../sync/directory-sync.ts';
import { BUSY_MESSAGE, type ImportPool } from '../import/import-pool.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Api } from './api.ts';
import { includesHeld } from './request-params.ts';
import { HttpError, PAGE_SECURITY, readBody, sendJson } from './respond.ts';

export const API_ORIGIN = 'relay:api';

const MARKDOWN_TYPES = ['text/markdown', 'text/x-markdown', 'text/plain'];

export interface MeetingRoutesDependencies {
	api: Api;
	registry: RoomRegistry;
	imports: ImportPool;
	maxRequestBytes: number;
}

export function addMeetingRoutes({
	api,
	registry,
	imports,
	maxRequestBytes
}: MeetingRoutesDependencies) {
	/** Runs `read` on the loaded document `name`, in its queue. */
	const withDoc = <T>(name: string, read: (doc: Y.Doc) => T): Promise<T> =>
		registry.withRoom(parseDocumentName(name)!, (room) => read(room.doc));

	api.route('POST', /^\/api\/groups\/([^/]+)\/meetings\/?$/, async (req, res, [groupId]) => {
		await api.authenticate(req, groupId, ['edit']);
		const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (!MARKDOWN_TYPES.includes(type)) {
			throw new HttpError(415, 'send the minutes as Content-Type: text/markdown');
		}
		// Refused before the body is read: a flood of imports costs no memory.
		if (imports.isFull) throw busy(BUSY_MESSAGE);
		const markdown = decodeUtf8(await readBody(req, maxRequestBytes));
		const meetingId = newMeetingId();
		const dateOrder = (await withDoc(groupId, groupDateOrder)) ?? 'dmy';
		// Built in a worker; the event loop only applies the finished meeting.
		const built = await imports.build(markdown, meetingId, dateOrder);
		if (!built.ok) {
			throw built.status === 503 ? busy(built.error) : new HttpError(built.status, built.error);
		}
		// Refused before anything is stored: a meeting the directory cannot list would be lost.
		if (!isListable(built.listing)) {
			throw new HttpError(413, 'the title and categories are too long for the meeting list');
		}
		const name = parseDocumentName(minutesDocumentName(groupId, meetingId))!;
		const minutes = registry.acquire(name);
		const release = minutes.hold();
		try {
			await minutes.ready;
			await minutes.enqueue(async () => {
				if (isMeetingCreated(minutes.doc)) throw new HttpError(409, 'the meeting exists already');
				// Slice by slice, each committed, with a turn of the event loop between them: a large
				// meeting applied at once would hold every other room. The last slice creates the
				// meeting, so a relay stopped half way leaves no meeting behind.
				for (const [i, update] of built.updates.entries()) {
					if (i > 0) await new Promise((resolve) => setImmediate(resolve));
					await minutes.change(null, (doc) => Y.applyUpdate(doc, update, API_ORIGIN));
				}
				// Listed from inside the minutes' queue, as the relay lists every change.
				await writeDirectoryEntry(registry, minutes, API_ORIGIN);
			});
		} catch (error) {
			if (error instanceof DocumentTooLargeError) throw new HttpError(413, 'document too large');
			throw error;
		} finally {
			release();
		}
		sendJson(res, 201, { meetingId, notices: built.notices });
	});

	api.route(
		'GET',
		/^\/api\/groups\/([^/]+)\/meetings\/([^/]+)\/export\/?$/,
		async (req, res, [groupId, meetingId], url) => {
			const claims = await api.authenticate(req, groupId);
			const format = url.searchParams.get('format') ?? 'md';
			if (!isExportFormat(format)) {
				throw new HttpError(400, `unknown format: use one of ${EXPORT_FORMAT_NAMES.join(', ')}`);
			}
			const includePrivate = includesHeld(url, claims.role);
			if (!isValidId(meetingId)) throw new HttpError(404, 'unknown meeting');
			const { type } = EXPORT_FORMATS[format];
			const body = await withDoc(minutesDocumentName(groupId, meetingId), (doc) =>
				isMeetingCreated(doc) ? renderExport(doc, format, { includePrivate }) : null
			);
			if (body === null) throw new HttpError(404, 'unknown meeting');
			const headers: Record<string, string> = {
				'Content-Type': type,
				'Cache-Control': 'no-store',
				'Content-Disposition': `inline; filename="${meetingId}.${format}"`
			};
			if (format === 'html') Object.assign(headers, PAGE_SECURITY);
			res.writeHead(200, headers);
			res.end(req.method === 'HEAD' ? undefined : body);
		}
	);
}

const busy = (message: string) => new HttpError(503, message, { 'Retry-After': '5' });

function decodeUtf8(body: Buffer): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(body);
	} catch {
		throw new HttpError(400, 'the body must be UTF-8 text');
	}
}
