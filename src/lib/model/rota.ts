/**
 * The group's rota: the members who take turns facilitating and taking minutes, in order. Kept
 * in the directory document's `group` map as one plain JSON value, last writer wins:
 *
 *   group.rota: { members: string[] }    names, trimmed, 1–80 characters, no two alike
 *                                        (case-insensitive), at most MAX_ROTA_MEMBERS
 *
 * Who is next: the rota's members facilitate in turn and each one's minute-taker is the member
 * after them, so the last meeting's minute-taker facilitates the next one. The turn follows the
 * last meeting's facilitator; when that person is not on the rota (a guest chaired), its
 * minute-taker's place is used instead, and when neither is, the rota starts from its top.
 */
import type * as Y from 'yjs';
import { transact } from './schema';

export const MAX_ROTA_MEMBERS = 100;
export const MAX_ROTA_NAME = 80;

/** The members as stored; an empty list when none or when the stored value is malformed. */
export function groupRota(doc: Y.Doc): string[] {
	const value = doc.getMap<unknown>('group').get('rota');
	if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
	const members = (value as { members?: unknown }).members;
	if (!Array.isArray(members)) return [];
	const out: string[] = [];
	for (const m of members) {
		if (typeof m !== 'string') continue;
		const name = m.trim();
		if (name && name.length <= MAX_ROTA_NAME && !out.some((o) => sameName(o, name))) {
			out.push(name);
		}
	}
	return out.slice(0, MAX_ROTA_MEMBERS);
}

function sameName(a: string, b: string): boolean {
	return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The list as it would be stored; a RangeError naming what is wrong. */
export function checkRota(members: unknown): string[] {
	if (!Array.isArray(members)) throw new RangeError('rota: expected a list of names');
	if (members.length > MAX_ROTA_MEMBERS) {
		throw new RangeError(`rota: at most ${MAX_ROTA_MEMBERS} members`);
	}
	const out: string[] = [];
	for (const m of members) {
		if (typeof m !== 'string') throw new RangeError('rota: every member is a name');
		const name = m.trim();
		if (!name) throw new RangeError('rota: a name cannot be empty');
		if (name.length > MAX_ROTA_NAME) {
			throw new RangeError(`rota: a name has at most ${MAX_ROTA_NAME} characters`);
		}
		if (out.some((o) => sameName(o, name))) throw new RangeError(`rota: “${name}” is there twice`);
		out.push(name);
	}
	return out;
}

/** Stores the rota (an empty list clears it); writes nothing when it is unchanged. */
export function setRota(doc: Y.Doc, members: string[], origin?: unknown): void {
	const checked = checkRota(members);
	transact(doc, origin, () => {
		const group = doc.getMap<unknown>('group');
		if (checked.length === 0) {
			if (group.has('rota')) group.delete('rota');
			return;
		}
		if (JSON.stringify(groupRota(doc)) !== JSON.stringify(checked)) {
			group.set('rota', { members: checked });
		}
	});
}

export interface Roles {
	facilitator: string;
	minuteTaker: string;
}

function indexIn(rota: string[], name: string): number {
	return name.trim() ? rota.findIndex((m) => sameName(m, name)) : -1;
}

/**
 * Who facilitates and who takes minutes after a meeting with roles `last`; null for an empty
 * rota (nobody to rotate). A rota of one gives that member both roles.
 */
export function nextRoles(rota: string[], last: Roles): Roles | null {
	if (rota.length === 0) return null;
	const f = indexIn(rota, last.facilitator);
	const m = indexIn(rota, last.minuteTaker);
	const start = f >= 0 ? (f + 1) % rota.length : m >= 0 ? m : 0;
	return { facilitator: rota[start], minuteTaker: rota[(start + 1) % rota.length] };
}
