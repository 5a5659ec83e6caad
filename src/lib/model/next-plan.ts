/**
 * What a meeting's next-meeting block carries besides its date, times, venue, topic and roles:
 * the group's schedule and rota as they stood when the next meeting was planned, so that the
 * minutes say how the group meets and who takes turns, and their Markdown carries it
 * (docs/markdown.md, "Schedule:" and "Rota:"). Two keys of the minutes' `next` map
 * (schema.ts), each one plain JSON value, last writer wins:
 *
 *   schedule?: { rule, timeZone, start, end, venue }   as the directory's (schedule.ts)
 *   rota?:     { members: string[] }                   as the directory's rota, in order
 *
 * An absent or invalid value reads as none.
 */
import type * as Y from 'yjs';
import { checkSchedule, readSchedule, type Schedule } from './schedule';
import { transact } from './schema';

export interface NextPlan {
	schedule: Schedule | null;
	/** The members who take turns, in order; [] for none. */
	rota: string[];
}

export const MAX_ROTA_MEMBERS = 200;
const MAX_NAME = 200;

/**
 * The rota a meeting carries, as written (an import may carry one the group's settings would
 * refuse, such as a name given twice): trimmed, empty names left out; a RangeError past the limits.
 */
export function checkCarriedRota(members: unknown): string[] {
	if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) {
		throw new RangeError('the rota is a list of names');
	}
	const names = (members as string[]).map((m) => m.replace(/\s+/g, ' ').trim()).filter(Boolean);
	if (names.length > MAX_ROTA_MEMBERS) {
		throw new RangeError(`the rota holds at most ${MAX_ROTA_MEMBERS} names`);
	}
	if (names.some((n) => n.length > MAX_NAME)) {
		throw new RangeError(`a name in the rota is longer than ${MAX_NAME} characters`);
	}
	return names;
}

function readRota(value: unknown): string[] {
	const members = (value as { members?: unknown } | null)?.members;
	try {
		return value && typeof value === 'object' ? checkCarriedRota(members) : [];
	} catch {
		return [];
	}
}

export function nextPlan(doc: Y.Doc): NextPlan {
	const next = doc.getMap<unknown>('next');
	return { schedule: readSchedule(next.get('schedule')), rota: readRota(next.get('rota')) };
}

/**
 * Sets the schedule and/or rota the next-meeting block carries; null (or an empty rota)
 * removes one; a field left out is left as it is. Throws on an invalid value, writing nothing.
 */
export function setNextPlan(
	doc: Y.Doc,
	patch: { schedule?: Schedule | null; rota?: string[] | null },
	origin?: unknown
): void {
	const schedule = patch.schedule ? checkSchedule(patch.schedule) : patch.schedule;
	const members = patch.rota ? checkCarriedRota(patch.rota) : patch.rota;
	const rota = members === undefined ? undefined : members?.length ? { members } : null;
	const next = doc.getMap<unknown>('next');
	const put = (key: string, value: unknown) => {
		if (value === undefined) return;
		if (value === null) {
			if (next.has(key)) next.delete(key);
		} else if (JSON.stringify(next.get(key)) !== JSON.stringify(value)) next.set(key, value);
	};
	transact(doc, origin, () => {
		put('schedule', schedule);
		put('rota', rota);
	});
}
