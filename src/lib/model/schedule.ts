/**
 * A group's meeting schedule, kept in its directory document (`group` map, key `schedule`,
 * one plain JSON value, last writer wins; see directory.ts):
 *
 *   { rule: string       an RFC 5545 RRULE value without DTSTART, e.g. "FREQ=MONTHLY;BYDAY=-1TU"
 *     timeZone: string   IANA zone the times are in, e.g. "Europe/London"
 *     start: "HH:MM"     end: "HH:MM" (after start)     venue: string (≤ 200 characters) }
 *
 * This module checks a schedule (every part, with a message a chair can act on) and stores and
 * reads it; it never expands the rule, which needs rrule-temporal and a Temporal
 * (schedule-dates.ts, loaded with `import()`). The check here is the rule's grammar and the
 * parts this app supports: FREQ DAILY, WEEKLY, MONTHLY or YEARLY; no COUNT (a schedule has
 * no first meeting to count from; UNTIL ends one instead); INTERVAL counts from the week of
 * 3 January 2000 (schedule-dates.ts), so "every second week" keeps one phase on every device.
 */
import type * as Y from 'yjs';
import { asString } from './read';
import { transact } from './schema';

export interface Schedule {
	rule: string;
	timeZone: string;
	start: string;
	end: string;
	venue: string;
}

export const MAX_VENUE_LENGTH = 200;
export const MAX_RULE_LENGTH = 300;

export class ScheduleError extends RangeError {
	override name = 'ScheduleError';
}

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

const BYDAY = /^([+-]?(?:[1-9]|[1-4]\d|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)$/;
const UNTIL = /^\d{8}(T\d{6}Z?)?$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function numbers(key: string, value: string, min: number, max: number, signed: boolean): void {
	for (const part of value.split(',')) {
		const n = /^[+-]?\d{1,3}$/.test(part) ? Number(part) : NaN;
		const size = Math.abs(n);
		if (!Number.isInteger(n) || size < min || size > max || (!signed && n < 0)) {
			throw new ScheduleError(
				`the rule's ${key} must be ${signed ? '' : 'positive '}numbers from ${min} to ${max}${signed ? ' (negative counts from the end)' : ''}, not “${part}”`
			);
		}
	}
}

/** Checks an RRULE value (see the header); returns it in upper case, or throws ScheduleError. */
export function checkRule(rule: unknown): string {
	if (typeof rule !== 'string' || !rule.trim()) {
		throw new ScheduleError('the schedule needs a rule, such as FREQ=MONTHLY;BYDAY=-1TU');
	}
	const text = rule
		.trim()
		.replace(/^RRULE:/i, '')
		.toUpperCase();
	if (text.length > MAX_RULE_LENGTH) {
		throw new ScheduleError(`the rule is longer than ${MAX_RULE_LENGTH} characters`);
	}
	const seen = new Map<string, string>();
	for (const part of text.split(';')) {
		const m = /^([A-Z]+)=([^=;]+)$/.exec(part);
		if (!m) throw new ScheduleError(`the rule's part “${part}” is not NAME=VALUE`);
		if (seen.has(m[1])) throw new ScheduleError(`the rule names ${m[1]} twice`);
		seen.set(m[1], m[2]);
	}
	const freq = seen.get('FREQ');
	if (!freq) throw new ScheduleError('the rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)');
	if (!FREQUENCIES.includes(freq)) {
		throw new ScheduleError(`meetings repeat DAILY, WEEKLY, MONTHLY or YEARLY, not ${freq}`);
	}
	for (const [key, value] of seen) {
		switch (key) {
			case 'FREQ':
				break;
			case 'INTERVAL':
				numbers(key, value, 1, 99, false);
				break;
			case 'BYDAY':
				for (const day of value.split(',')) {
					const d = BYDAY.exec(day);
					if (!d) throw new ScheduleError(`“${day}” is not a weekday such as TU, 2TU or -1TU`);
					if (d[1] && freq !== 'MONTHLY' && freq !== 'YEARLY') {
						throw new ScheduleError(`“${day}”: a week of the month needs FREQ=MONTHLY`);
					}
					if (d[1] && freq === 'MONTHLY' && Math.abs(Number(d[1])) > 5) {
						throw new ScheduleError(`“${day}”: a month has at most five of each weekday`);
					}
				}
				break;
			case 'BYMONTHDAY':
				numbers(key, value, 1, 31, true);
				break;
			case 'BYMONTH':
				numbers(key, value, 1, 12, false);
				break;
			case 'BYSETPOS':
				numbers(key, value, 1, 366, true);
				break;
			case 'WKST':
				if (!(WEEKDAY_CODES as readonly string[]).includes(value)) {
					throw new ScheduleError(`WKST must be a weekday code (MO … SU), not ${value}`);
				}
				break;
			case 'UNTIL':
				if (!UNTIL.test(value)) throw new ScheduleError('UNTIL must be a date such as 20271231');
				break;
			case 'COUNT':
				throw new ScheduleError('a schedule ends with UNTIL, not COUNT');
			default:
				throw new ScheduleError(`the rule's part ${key} is not supported in a schedule`);
		}
	}
	// Without these, the rule would take its day from the anchor date, which nobody chose.
	if (freq === 'WEEKLY' && !seen.has('BYDAY')) {
		throw new ScheduleError('a weekly rule needs BYDAY, the weekday (such as BYDAY=TU)');
	}
	if (freq === 'MONTHLY' && !seen.has('BYDAY') && !seen.has('BYMONTHDAY')) {
		throw new ScheduleError('a monthly rule needs BYDAY (such as -1TU) or BYMONTHDAY');
	}
	if (freq === 'YEARLY' && !seen.has('BYMONTH')) {
		throw new ScheduleError('a yearly rule needs BYMONTH, the month');
	}
	if (freq === 'YEARLY' && !seen.has('BYDAY') && !seen.has('BYMONTHDAY')) {
		throw new ScheduleError('a yearly rule needs BYDAY or BYMONTHDAY, the day');
	}
	return text;
}

/** True for an IANA time zone this runtime knows. */
export function isTimeZone(zone: unknown): zone is string {
	if (typeof zone !== 'string' || !zone || zone.length > 64) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** Checks every part of a schedule; the checked copy, or a ScheduleError saying what is wrong. */
export function checkSchedule(input: unknown): Schedule {
	if (!input || typeof input !== 'object' || Array.isArray(input)) {
		throw new ScheduleError('a schedule is an object {rule, timeZone, start, end, venue}');
	}
	const o = input as Record<string, unknown>;
	const rule = checkRule(o.rule);
	if (!isTimeZone(o.timeZone)) {
		throw new ScheduleError(
			`“${String(o.timeZone ?? '')}” is not a time zone; use a name such as Europe/London`
		);
	}
	if (typeof o.start !== 'string' || !TIME.test(o.start)) {
		throw new ScheduleError('the start time must be HH:MM, such as 18:30');
	}
	if (typeof o.end !== 'string' || !TIME.test(o.end)) {
		throw new ScheduleError('the end time must be HH:MM, such as 21:00');
	}
	if (o.end <= o.start) throw new ScheduleError('the meeting must end after it starts');
	const venue = typeof o.venue === 'string' ? o.venue.replace(/\s+/g, ' ').trim() : '';
	if (o.venue !== undefined && typeof o.venue !== 'string') {
		throw new ScheduleError('the venue must be text');
	}
	if (venue.length > MAX_VENUE_LENGTH) {
		throw new ScheduleError(`the venue is longer than ${MAX_VENUE_LENGTH} characters`);
	}
	return { rule, timeZone: o.timeZone, start: o.start, end: o.end, venue };
}

/** The schedule if `value` is a valid one; null otherwise (never throws). */
export function readSchedule(value: unknown): Schedule | null {
	try {
		return checkSchedule(value);
	} catch {
		return null;
	}
}

/** The group's schedule as stored in its directory; null when none or not valid. */
export function groupSchedule(doc: Y.Doc): Schedule | null {
	return readSchedule(doc.getMap<unknown>('group').get('schedule'));
}

/** Sets (or with null removes) the group's schedule; a ScheduleError for an invalid one. */
export function setSchedule(doc: Y.Doc, schedule: Schedule | null, origin?: unknown): void {
	const checked = schedule === null ? null : checkSchedule(schedule);
	const group = doc.getMap<unknown>('group');
	transact(doc, origin, () => {
		if (checked === null) {
			if (group.has('schedule')) group.delete('schedule');
		} else if (JSON.stringify(group.get('schedule')) !== JSON.stringify(checked)) {
			group.set('schedule', checked);
		}
	});
}

/** The device's time zone, or UTC where the runtime has none. */
export function deviceTimeZone(): string {
	const zone = asString(Intl.DateTimeFormat().resolvedOptions().timeZone);
	return isTimeZone(zone) ? zone : 'UTC';
}
