/**
 * The group's calendar as a feed that calendar apps subscribe to (docs/contract.md):
 *
 *   GET /api/groups/<groupId>/calendar.ics?token=<any token of the group>
 *       → 200 text/calendar (src/lib/model/group-calendar.ts); 401 without a valid token, 403
 *       for a token of another group. `Authorization: Bearer` is read too, for scripts.
 *
 * Calendar apps cannot send a header, so the token rides in the query string: the relay's logs
 * name only the path (`url.pathname`), never the query or the URL (tests/server/calendar.test.ts
 * reads every log line for the tokens).
 * Each meeting's documents are opened one after the other (a group of years of meetings is
 * never all in memory at once); the schedule's coming meetings cover the next twelve months.
 */
import * as Y from 'yjs';
import {
	groupCalendar,
	meetingCalendarEvents,
	todayIn,
	type CalendarContext,
	type MeetingEntries
} from '../../src/lib/model/group-calendar.ts';
import { directory, isMeetingCreated, publishedRevisions } from '../../src/lib/model/index.ts';
import { groupSchedule } from '../../src/lib/model/schedule.ts';
import { comingMeetings } from '../../src/lib/model/schedule-dates.ts';
import { minutesDocumentName, parseDocumentName } from '../../src/lib/protocol/document-names.ts';
import { isValidId } from '../../src/lib/protocol/ids.ts';
import { authorize } from '../auth/authorize.ts';
import type { TokenSigner } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../storage/store.ts';
import { servableRevisions } from '../sync/publishing.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import type { Api } from './api.ts';
import { bearerToken, HttpError } from './respond.ts';

export interface CalendarRouteDependencies {
	api: Api;
	registry: RoomRegistry;
	store: Store;
	signer: TokenSigner;
	logger: Logger;
}

/** At most this many scheduled meetings, within a year. */
const SCHEDULED_COUNT = 60;

export function addCalendarRoute({
	api,
	registry,
	store,
	signer,
	logger
}: CalendarRouteDependencies) {
	api.route(
		'GET',
		/^\/api\/groups\/([^/]+)\/calendar\.ics\/?$/,
		async (req, res, [groupId], url) => {
			if (!isValidId(groupId)) throw new HttpError(404, 'unknown group');
			const tokens = url.searchParams.getAll('token');
			if (tokens.length > 1) throw new HttpError(400, 'give one token');
			const result = await authorize(signer, store, tokens[0] || bearerToken(req), groupId);
			if (!result.ok) {
				// The group and the status, never the request's URL: its query holds the token.
				logger.info('calendar_refused', { groupId, status: result.status });
				throw new HttpError(result.status, result.error, {
					...(result.status === 401 && { 'WWW-Authenticate': 'Bearer' })
				});
			}
			const { name, schedule, entries } = await registry.withRoom(
				parseDocumentName(groupId)!,
				(room) => {
					const d = directory(room.doc);
					return { name: d.name, schedule: groupSchedule(room.doc), entries: d.meetings };
				}
			);
			const today = todayIn(schedule?.timeZone ?? null);
			const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000)
				.toISOString()
				.slice(0, 10);
			const yearOn = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
			const scheduled = schedule
				? comingMeetings(schedule, yesterday, SCHEDULED_COUNT).filter((s) => s.date <= yearOn)
				: [];
			const context: CalendarContext = { groupId, groupName: name, schedule, scheduled, today };

			const meetings: MeetingEntries[] = [];
			for (const entry of entries) {
				const docName = parseDocumentName(minutesDocumentName(groupId, entry.meetingId));
				if (!docName) continue;
				const revisions = await registry.withRoom(docName, (room) =>
					isMeetingCreated(room.doc) ? publishedRevisions(room.doc) : null
				);
				if (!revisions) continue;
				const published = await latestRevision(store, docName.name, revisions);
				try {
					// Read in the room's queue, so no update lands half way.
					meetings.push(
						await registry.withRoom(docName, (room) =>
							meetingCalendarEvents({ entry, minutes: room.doc, published }, context)
						)
					);
				} finally {
					published?.destroy();
				}
			}

			const body = groupCalendar({ ...context, meetings });
			logger.debug('calendar_served', {
				path: url.pathname,
				role: result.claims.role,
				meetings: meetings.length,
				scheduled: scheduled.length
			});
			res.writeHead(200, {
				'Content-Type': 'text/calendar; charset=utf-8',
				'Content-Length': Buffer.byteLength(body),
				'Cache-Control': 'private, no-cache',
				'Content-Disposition': 'inline; filename="calendar.ics"',
				'Referrer-Policy': 'no-referrer',
				'X-Content-Type-Options': 'nosniff'
			});
			res.end(req.method === 'HEAD' ? undefined : body);
		}
	);
}

/** The minutes as last published, or null when no revision can be served. */
async function latestRevision(
	store: Store,
	name: string,
	published: number[]
): Promise<Y.Doc | null> {
	if (published.length === 0) return null;
	const latest = (await servableRevisions(store, name, published)).at(-1);
	const stored = latest && (await store.loadRevision(name, latest.revision));
	if (!stored) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, stored.snapshot);
	return doc;
}
