/**
 * The relay's HTTP API and an invite's check, from the app (docs/contract.md):
 *
 * - `createGroupOnRelay`: `POST /api/groups` with the name and the creator's date order; the relay
 *   writes the directory's first content;
 * - `rotateLinks`: `POST /api/groups/<id>/rotate` with the edit token; every earlier token dies;
 * - `fetchGroupTokens`: `GET /api/groups/<id>/tokens` with the edit token; every link of the
 *   group, for an editor who joined with the edit link only (other roles are refused);
 * - `checkInvite`: opens the group's directory document with the token, as the app will, and
 *   reads the group's name from it. The relay answers a refused token 401/403 at the upgrade,
 *   which a browser reports as a plain close; `/healthz` then tells a refused token from an
 *   unreachable relay.
 *
 * Each returns a `RelayOutcome`, never throws for a network or HTTP failure.
 */
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { directory } from '$lib/model/directory';
import type { DateOrder } from '$lib/model/import-markdown/context';
import { directoryDocumentName } from '$lib/protocol/document-names';
import { relayOrigin } from '$lib/protocol/invite-links';
import { syncUrl } from './relay-connection';
import { RelayProvider } from './relay-provider';
import type { ParsedToken, AccessRole } from '$lib/protocol/token-format';

export type Tokens = Record<AccessRole, string>;

export type RelayFailure =
	/** the browser has no network */
	| { ok: false; kind: 'offline'; message: string }
	/** the relay did not answer */
	| { ok: false; kind: 'unreachable'; message: string }
	/** the relay answered and refused: a bad, rotated or missing token */
	| { ok: false; kind: 'refused'; message: string }
	/** any other error the relay gave */
	| { ok: false; kind: 'error'; message: string };

export type RelayOutcome<T> = ({ ok: true } & T) | RelayFailure;

const OFFLINE: RelayFailure = {
	ok: false,
	kind: 'offline',
	message: 'You are offline. This needs the group’s relay once: connect and try again.'
};

export function unreachable(relayUrl: string): RelayFailure {
	return {
		ok: false,
		kind: 'unreachable',
		message: `The relay at ${relayOrigin(relayUrl)} does not answer. Check the network and try again.`
	};
}

export const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

async function post(
	url: string,
	init: RequestInit
): Promise<{ status: number; body: Record<string, unknown> } | null> {
	return send(url, { ...init, method: 'POST' });
}

async function send(
	url: string,
	init: RequestInit
): Promise<{ status: number; body: Record<string, unknown> } | null> {
	try {
		const response = await fetch(url, { ...init, cache: 'no-store' });
		const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
		return { status: response.status, body };
	} catch {
		return null;
	}
}

export function httpFailure(
	status: number,
	body: Record<string, unknown>,
	refused: string
): RelayFailure {
	if (status === 401 || status === 403) return { ok: false, kind: 'refused', message: refused };
	const detail = typeof body.error === 'string' ? body.error : `status ${status}`;
	return { ok: false, kind: 'error', message: `The relay refused: ${detail}.` };
}

export async function createGroupOnRelay(
	relayUrl: string,
	name: string,
	options: { dateOrder?: DateOrder; createToken?: string } = {}
): Promise<RelayOutcome<{ groupId: string; name: string; tokens: Tokens }>> {
	if (isOffline()) return OFFLINE;
	const result = await post(`${relayOrigin(relayUrl)}/api/groups`, {
		headers: {
			'Content-Type': 'application/json',
			...(options.createToken ? { Authorization: `Bearer ${options.createToken}` } : {})
		},
		body: JSON.stringify({ name, dateOrder: options.dateOrder })
	});
	if (!result) return unreachable(relayUrl);
	if (result.status !== 201) {
		return httpFailure(
			result.status,
			result.body,
			'This relay only lets its operators create groups. Ask them for an invite link.'
		);
	}
	const body = result.body as { groupId: string; name: string; tokens: Tokens };
	return { ok: true, groupId: body.groupId, name: body.name, tokens: body.tokens };
}

export async function rotateLinks(
	relayUrl: string,
	groupId: string,
	editToken: string
): Promise<RelayOutcome<{ tokens: Tokens }>> {
	if (isOffline()) return OFFLINE;
	const result = await post(
		`${relayOrigin(relayUrl)}/api/groups/${encodeURIComponent(groupId)}/rotate`,
		{ headers: { Authorization: `Bearer ${editToken}` } }
	);
	if (!result) return unreachable(relayUrl);
	if (result.status !== 200) {
		return httpFailure(
			result.status,
			result.body,
			'The relay no longer accepts this device’s edit link. Ask for a new link first.'
		);
	}
	return { ok: true, tokens: (result.body as { tokens: Tokens }).tokens };
}

/** Every link of a group, with its edit token (an editor who joined with the edit link only). */
export async function fetchGroupTokens(
	relayUrl: string,
	groupId: string,
	editToken: string
): Promise<RelayOutcome<{ tokens: Tokens }>> {
	if (isOffline()) return OFFLINE;
	const result = await send(
		`${relayOrigin(relayUrl)}/api/groups/${encodeURIComponent(groupId)}/tokens`,
		{ method: 'GET', headers: { Authorization: `Bearer ${editToken}` } }
	);
	if (!result) return unreachable(relayUrl);
	const tokens = (result.body as { tokens?: Partial<Tokens> }).tokens;
	if (result.status !== 200 || !tokens?.edit || !tokens.comment || !tokens.view) {
		return httpFailure(
			result.status,
			result.body,
			'The relay no longer accepts this device’s edit link. Ask for a new link first.'
		);
	}
	return { ok: true, tokens: tokens as Tokens };
}

export const REFUSED_INVITE =
	'This invite link no longer works: the group’s links were replaced, or the link is incomplete. Ask whoever shared it for a new link.';

/** Whether the relay answers at all (any HTTP answer counts). */
async function isRelayUp(relayUrl: string): Promise<boolean> {
	try {
		await fetch(`${relayOrigin(relayUrl)}/healthz`, { cache: 'no-store', mode: 'no-cors' });
		return true;
	} catch {
		return false;
	}
}

/** Checks an invite against its relay and reads the group's name from its directory. */
export async function checkInvite(
	relayUrl: string,
	token: string,
	claims: ParsedToken,
	timeoutMs = 10_000
): Promise<RelayOutcome<{ name: string }>> {
	if (isOffline()) return OFFLINE;
	const doc = new Y.Doc();
	// The app's provider: no reconnecting of its own, and no refusal logged with the token.
	const awareness = new Awareness(doc);
	awareness.setLocalState(null);
	const provider = new RelayProvider(
		syncUrl(relayOrigin(relayUrl)),
		directoryDocumentName(claims.groupId),
		doc,
		{ awareness, token, onSocket: () => {}, onFrame: () => {} }
	);
	try {
		const outcome = await new Promise<'synced' | 'closed' | 'timeout'>((resolve) => {
			const timer = setTimeout(() => resolve('timeout'), timeoutMs);
			provider.on('sync', (isSynced: boolean) => {
				if (!isSynced) return;
				clearTimeout(timer);
				resolve('synced');
			});
			provider.on('connection-close', () => {
				clearTimeout(timer);
				resolve('closed');
			});
			provider.connect();
		});
		if (outcome === 'synced') return { ok: true, name: directory(doc).name };
		if (outcome === 'timeout') return unreachable(relayUrl);
		if (isOffline()) return OFFLINE;
		if (!(await isRelayUp(relayUrl))) return unreachable(relayUrl);
		return { ok: false, kind: 'refused', message: REFUSED_INVITE };
	} finally {
		provider.destroy();
		awareness.destroy();
		doc.destroy();
	}
}
