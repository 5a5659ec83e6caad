/**
 * Check-ins (floor document, checkins.ts) into the attendance (minutes document, `people`).
 * The minutes are edit-only, so a member's "I'm here" cannot write them: a device with the edit
 * role (the facilitator's, the minute-taker's) copies each check-in into the attendance while
 * the meeting is open on it, once, and the attendance shown anywhere meanwhile adds the
 * check-ins not copied yet (`attendanceWithCheckIns`).
 *
 *   minutes root `checkedIn`: Y.Map<`${deviceId}:${nameKey}`, personId>
 *        the check-ins already copied, so that a person the minute-taker removes from the list
 *        is not put back by their check-in, and a device checking in under a new name is
 *        copied again
 *
 * A check-in under a name already listed (typed by the minute-taker, in any case or spacing)
 * marks that person present instead of adding a second row. A new row's id is made from the
 * name, so two editors copying the same check-in offline make one row, not two.
 */
import type * as Y from 'yjs';
import { checkedInNames, nameKey, readCheckIns, type CheckIn } from './checkins';
import { addPerson, attendance, updatePerson, type Attendance } from './minutes';
import { asMap } from './read';
import { minutesRoots, transact } from './schema';

export const CHECKED_IN_ROOT = 'checkedIn';

function copiedMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(CHECKED_IN_ROOT);
}

const copyKey = (c: CheckIn) => `${c.device}:${nameKey(c.name)}`;

/** 64 bits of FNV-1a of the name's key, as 16 hex digits: a person's id made from a name. */
function personIdFor(name: string): string {
	let h1 = 0x811c9dc5;
	let h2 = 0x01000193 ^ 0x5bd1e995;
	for (const ch of nameKey(name)) {
		const c = ch.codePointAt(0)!;
		h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
		h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
	}
	return `in${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

/**
 * Copies the floor's check-ins not copied yet into the minutes' attendance (edit role only: the
 * caller checks); returns how many people it added or marked present.
 */
export function copyCheckInsToAttendance(minutes: Y.Doc, floor: Y.Doc, origin?: unknown): number {
	const copied = copiedMap(minutes);
	const waiting = readCheckIns(floor).filter((c) => !copied.has(copyKey(c)));
	if (!waiting.length) return 0;
	let changed = 0;
	transact(minutes, origin, () => {
		for (const c of waiting) {
			const key = nameKey(c.name);
			const listed = attendance(minutes).people.find((p) => nameKey(p.name) === key);
			let personId: string;
			if (listed) {
				personId = listed.id;
				if (!listed.present) {
					updatePerson(minutes, listed.id, { present: true }, origin);
					changed++;
				}
			} else {
				personId = personIdFor(c.name);
				const row = asMap(minutesRoots(minutes).people.get(personId));
				if (row) row.set('present', true);
				else addPerson(minutes, { id: personId, name: c.name, present: true }, origin);
				changed++;
			}
			copied.set(copyKey(c), personId);
		}
	});
	return changed;
}

export interface AttendanceWithCheckIns extends Attendance {
	/** Checked in on the floor, not in the attendance yet (no edit device has copied them). */
	waiting: CheckIn[];
	/** The present count with those: what decisions and the quorum use. */
	presentNow: number | null;
}

/** The attendance as the minutes have it, plus the check-ins still waiting to be copied. */
export function attendanceWithCheckIns(minutes: Y.Doc, floor: Y.Doc): AttendanceWithCheckIns {
	const base = attendance(minutes);
	const copied = copiedMap(minutes);
	const listed = new Set(base.people.map((p) => nameKey(p.name)));
	const copiedKeys = new Set([...copied.keys()]);
	const waiting = checkedInNames(floor).filter((c) => {
		if (listed.has(nameKey(c.name))) return false;
		return !copiedKeys.has(copyKey(c));
	});
	const named = base.namedPresent + waiting.length;
	const presentNow =
		base.presentCount === null ? named || null : Math.max(base.presentCount, named);
	return { ...base, waiting, presentNow };
}
