/**
 * What relays sharing one PostgreSQL tell each other, over LISTEN/NOTIFY (docs/relay.md#several-relays).
 * Every payload is JSON, well under PostgreSQL's 8000-byte limit.
 *
 *   plenary_updates    {"r": instance, "d": doc, "a": first id, "b": last id, "n": rows}
 *                      sent by the same statement that commits the rows (so only once they are
 *                      committed, and always then): the rows of `doc` with ids from `a` to `b`,
 *                      `n` of them written by that commit. Readers fetch them by id.
 *   plenary_awareness  {"r": instance, "d": doc, "u": base64 awareness update}
 *                      presence, never stored; a change too large for a notice is not shared
 *   plenary_groups     {"g": groupId, "v": generation}
 *                      a group was rotated: connections with older tokens close (4401)
 *
 * `r` is the sending relay's instance id, so a relay skips its own notices.
 */

export const UPDATES_CHANNEL = 'plenary_updates';
export const AWARENESS_CHANNEL = 'plenary_awareness';
export const GROUPS_CHANNEL = 'plenary_groups';

/** The largest awareness update (bytes, before base64) sent in a notice. */
export const MAX_AWARENESS_NOTICE_BYTES = 5_000;

export interface UpdatesNotice {
	instance: string;
	doc: string;
	firstId: number;
	lastId: number;
	rows: number;
}

export interface AwarenessNotice {
	instance: string;
	doc: string;
	update: Uint8Array;
}

export interface RotationNotice {
	groupId: string;
	generation: number;
}

export type Notice =
	| ({ channel: typeof UPDATES_CHANNEL } & UpdatesNotice)
	| ({ channel: typeof AWARENESS_CHANNEL } & AwarenessNotice)
	| ({ channel: typeof GROUPS_CHANNEL } & RotationNotice);

const isId = (value: unknown): value is number =>
	Number.isSafeInteger(value) && (value as number) > 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The notice on `channel`, or null when the payload is not one this relay understands. */
export function parseNotice(channel: string, payload: string | undefined): Notice | null {
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(payload ?? '');
		if (typeof parsed !== 'object' || parsed === null) return null;
		data = parsed as Record<string, unknown>;
	} catch {
		return null;
	}
	if (channel === UPDATES_CHANNEL) {
		const { r, d, a, b, n } = data;
		if (!isText(r) || !isText(d) || !isId(a) || !isId(b) || !isId(n) || a > b) return null;
		return { channel, instance: r, doc: d, firstId: a, lastId: b, rows: n };
	}
	if (channel === AWARENESS_CHANNEL) {
		const { r, d, u } = data;
		if (!isText(r) || !isText(d) || !isText(u)) return null;
		return { channel, instance: r, doc: d, update: new Uint8Array(Buffer.from(u, 'base64')) };
	}
	if (channel === GROUPS_CHANNEL) {
		const { g, v } = data;
		if (!isText(g) || !isId(v)) return null;
		return { channel, groupId: g, generation: v };
	}
	return null;
}

export function formatAwarenessNotice(instance: string, doc: string, update: Uint8Array): string {
	return JSON.stringify({ r: instance, d: doc, u: Buffer.from(update).toString('base64') });
}
