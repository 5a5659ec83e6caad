/**
 * Publishing through the relay's HTTP API (docs/contract.md, docs/publishing.md):
 *
 *   POST /api/groups/<g>/meetings/<m>/publish     edit token, JSON {by}  → 201 {revision, url}
 *   POST /api/groups/<g>/meetings/<m>/withdraw    edit token, JSON {by}  → 200 {withdrawn: true}
 *   GET  /api/groups/<g>/meetings/<m>/revisions   any token → 200 {revisions: [{revision, publishedAt}], isPublic}
 *   GET  /api/groups/<g>/meetings/<m>/revisions/<n>?format=md|html|txt   any token → the revision
 *
 * The relay numbers revisions and writes the result into the minutes document, which syncs to
 * every device; these calls only ask. Each returns a `RelayOutcome` and never throws; the token
 * goes in the Authorization header only, never into a URL or a message.
 */
import { relayOrigin } from '$lib/protocol/invite-links';
import {
	httpFailure,
	isOffline,
	unreachable,
	type RelayFailure,
	type RelayOutcome
} from './relay-api';

export interface RevisionListing {
	revision: number;
	/** ISO time */
	publishedAt: string;
}

export type RevisionFormat = 'md' | 'html' | 'txt';

/** Where a meeting lives on its relay. */
export interface MeetingOnRelay {
	relayUrl: string;
	groupId: string;
	meetingId: string;
}

const OFFLINE: RelayFailure = {
	ok: false,
	kind: 'offline',
	message: 'You are offline. This needs the network: connect and try again.'
};

const UNREADABLE: RelayFailure = {
	ok: false,
	kind: 'error',
	message: 'The relay gave an answer Plenary cannot read. Try again later.'
};

const REFUSED_EDIT =
	'The relay does not accept this device’s edit link for this. Ask for a new edit link.';
const REFUSED_ANY = 'The relay no longer accepts this device’s link. Ask for a new link.';

function meetingUrl(where: MeetingOnRelay, rest: string): string {
	const g = encodeURIComponent(where.groupId);
	const m = encodeURIComponent(where.meetingId);
	return `${relayOrigin(where.relayUrl)}/api/groups/${g}/meetings/${m}/${rest}`;
}

interface Answer {
	status: number;
	text: string;
}

async function call(url: string, init: RequestInit): Promise<Answer | null> {
	try {
		const response = await fetch(url, { ...init, cache: 'no-store' });
		return { status: response.status, text: await response.text() };
	} catch {
		return null;
	}
}

function json(text: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}

function failure(answer: Answer, refused: string): RelayFailure {
	if (answer.status === 404) {
		return {
			ok: false,
			kind: 'error',
			message: 'The relay does not have these minutes yet. Wait until they are up to date.'
		};
	}
	return httpFailure(answer.status, json(answer.text), refused);
}

function postBy(editToken: string, by: string): RequestInit {
	return {
		method: 'POST',
		headers: { Authorization: `Bearer ${editToken}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ by })
	};
}

/** Publish the minutes as they stand on the relay: a new numbered revision. */
export async function publishMeeting(
	where: MeetingOnRelay,
	editToken: string,
	by: string
): Promise<RelayOutcome<{ revision: number; url: string }>> {
	if (isOffline()) return OFFLINE;
	const answer = await call(meetingUrl(where, 'publish'), postBy(editToken, by));
	if (!answer) return unreachable(where.relayUrl);
	if (answer.status !== 201 && answer.status !== 200) return failure(answer, REFUSED_EDIT);
	const body = json(answer.text);
	const revision = Number(body.revision);
	if (!Number.isInteger(revision) || revision < 1) return UNREADABLE;
	return { ok: true, revision, url: typeof body.url === 'string' ? body.url : '' };
}

/** Take the public page down; the revisions stay with the relay. */
export async function withdrawMeeting(
	where: MeetingOnRelay,
	editToken: string,
	by: string
): Promise<RelayOutcome<{ withdrawn: true }>> {
	if (isOffline()) return OFFLINE;
	const answer = await call(meetingUrl(where, 'withdraw'), postBy(editToken, by));
	if (!answer) return unreachable(where.relayUrl);
	if (answer.status !== 200) return failure(answer, REFUSED_EDIT);
	return { ok: true, withdrawn: true };
}

/** The published revisions, oldest first, and whether the public page is up. */
export async function listRevisions(
	where: MeetingOnRelay,
	token: string
): Promise<RelayOutcome<{ revisions: RevisionListing[]; isPublic: boolean }>> {
	if (isOffline()) return OFFLINE;
	const answer = await call(meetingUrl(where, 'revisions'), {
		headers: { Authorization: `Bearer ${token}` }
	});
	if (!answer) return unreachable(where.relayUrl);
	if (answer.status !== 200) return failure(answer, REFUSED_ANY);
	const body = json(answer.text);
	if (!Array.isArray(body.revisions)) return UNREADABLE;
	const revisions = body.revisions
		.map((r: unknown) => {
			const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
			return {
				revision: Number(o.revision),
				publishedAt: typeof o.publishedAt === 'string' ? o.publishedAt : ''
			};
		})
		.filter((r) => Number.isInteger(r.revision) && r.revision > 0)
		.sort((a, b) => a.revision - b.revision);
	return { ok: true, revisions, isPublic: body.isPublic === true };
}

/** Revision `revision` rendered by the relay, items held back left out. */
export async function fetchRevision(
	where: MeetingOnRelay,
	token: string,
	revision: number,
	format: RevisionFormat
): Promise<RelayOutcome<{ text: string }>> {
	if (isOffline()) return OFFLINE;
	if (!Number.isInteger(revision) || revision < 1) {
		return { ok: false, kind: 'error', message: 'There is no such revision.' };
	}
	const answer = await call(meetingUrl(where, `revisions/${revision}?format=${format}`), {
		headers: { Authorization: `Bearer ${token}` }
	});
	if (!answer) return unreachable(where.relayUrl);
	if (answer.status === 404) {
		return { ok: false, kind: 'error', message: `The relay has no revision ${revision}.` };
	}
	if (answer.status !== 200) return failure(answer, REFUSED_ANY);
	return { ok: true, text: answer.text };
}
