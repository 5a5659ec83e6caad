/**
 * An action's due date as people write it ("by Friday", "due 2026-03-31", "by the end of the
 * month", "within two weeks"), as an ISO date. Relative dates count from the meeting's date
 * (ReadContext.meetingDate); without it, or for "before the next meeting", the date is unknown
 * and the words stay in the action's text. The rules, for dates counted from a meeting:
 *   "Friday", "this Friday"  the first Friday after the meeting
 *   "next Friday"            the Friday of the week (Monday to Sunday) after the meeting's
 *   "end of (the) week"      the Sunday that ends the meeting's week
 *   "by next week"           the Monday that starts the next week
 *   "next week"              the Sunday that ends the next week
 *   "end of (the) month"     the last day of the meeting's month ("end of March": of March)
 *   "within two weeks"       the meeting's date plus 14 days
 *   "the 19th", "31 March"   the first such day on or after the meeting's date
 * All absolute-date parsing goes through `absoluteDate`, the one place to switch to when.ts.
 */
import { isValidDate } from '../../read';
import type { ReadContext } from '../context';
import { findWhen, resolveYear } from './when';

const MONTHS =
	'january february march april may june july august september october november december'.split(
		' '
	);
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const COUNTS: Record<string, number> = {
	a: 1,
	an: 1,
	one: 1,
	two: 2,
	three: 3,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8,
	nine: 9,
	ten: 10
};

const pad = (n: number) => String(n).padStart(2, '0');
function iso(y: number, m: number, d: number): string {
	const s = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
	return isValidDate(s) ? s : '';
}

function toDate(isoDate: string): Date {
	const [y, m, d] = isoDate.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
}
const fromDate = (d: Date) => iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
function addDays(isoDate: string, days: number): string {
	const d = toDate(isoDate);
	d.setUTCDate(d.getUTCDate() + days);
	return fromDate(d);
}
const weekday = (isoDate: string) => toDate(isoDate).getUTCDay();
function lastOfMonth(y: number, m: number): string {
	return fromDate(new Date(Date.UTC(y, m, 0)));
}

function monthOf(word: string): number {
	const w = word.toLowerCase().replace(/\.$/, '');
	if (w.length < 3) return 0;
	const i = MONTHS.findIndex((m) => m.startsWith(w));
	return i + 1;
}

/**
 * A date written with its year, or a day and month (the first such day on or after the
 * meeting), or a numeric date in the group's order (when.ts notices the ambiguous ones), or
 * "the 19th"; '' when it is none.
 */
export function absoluteDate(text: string, context: ReadContext): string {
	const t = text
		.trim()
		.replace(/[.,;)]+$/, '')
		.replace(/^on\s+/i, '');
	const when = findWhen(t, context, { notBefore: true });
	if (when && !when.before.trim() && !when.after.trim() && !when.start) {
		if (when.date) return when.date;
		if (when.yearless) return resolveYear(when.monthDay, context.meetingDate, { notBefore: true });
		return '';
	}
	const from = context.meetingDate;
	const m = /^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$/i.exec(t);
	if (!m || !from) return '';
	const [y, mo] = from.split('-').map(Number);
	const day = Number(m[1]);
	for (let i = 0; i < 3; i++) {
		const found = iso(y + Math.floor((mo - 1 + i) / 12), ((mo - 1 + i) % 12) + 1, day);
		if (found && found >= from) return found;
	}
	return '';
}

/** A relative date counted from the meeting ('' when there is no meeting date or no rule). */
export function relativeDate(text: string, meetingDate: string): string {
	if (!meetingDate) return '';
	const t = text
		.trim()
		.toLowerCase()
		.replace(/[.,;)]+$/, '');
	if (t === 'today' || t === 'tonight') return meetingDate;
	if (t === 'tomorrow') return addDays(meetingDate, 1);
	let m = /^(this |next )?(mon|tue|wed|thu|fri|sat|sun)[a-z]*$/.exec(t);
	if (
		m &&
		/^(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?$/.test(t.replace(/^(this|next) /, ''))
	) {
		const target = WEEKDAYS.indexOf(m[2]);
		const ahead = ((target - weekday(meetingDate) + 6) % 7) + 1;
		if (m[1] !== 'next ') return addDays(meetingDate, ahead);
		// The same weekday in the week after the meeting's week (weeks run Monday to Sunday).
		const mondayNext = addDays(meetingDate, 7 - ((weekday(meetingDate) + 6) % 7));
		return addDays(mondayNext, (target + 6) % 7);
	}
	const endOfWeek = addDays(meetingDate, (7 - weekday(meetingDate)) % 7);
	if (/^(?:the )?end of (?:the |this )?week$/.test(t)) return endOfWeek;
	if (t === 'next week') return addDays(endOfWeek, 7);
	if (t === 'by next week') return addDays(endOfWeek, 1);
	const [y, mo] = meetingDate.split('-').map(Number);
	if (/^(?:the )?end of (?:the |this )?month$/.test(t)) return lastOfMonth(y, mo);
	if (/^(?:the )?end of next month$/.test(t))
		return lastOfMonth(y + (mo === 12 ? 1 : 0), (mo % 12) + 1);
	m = /^(?:the )?end of ([a-z]+)$/.exec(t);
	if (m && monthOf(m[1])) {
		const month = monthOf(m[1]);
		return lastOfMonth(month < mo ? y + 1 : y, month);
	}
	m = /^(?:within|in) (\d{1,2}|[a-z]+) (day|week)s?(?:'|’)?(?: time)?$/.exec(t);
	if (m) {
		const n = /^\d/.test(m[1]) ? Number(m[1]) : COUNTS[m[1]];
		if (n) return addDays(meetingDate, m[2] === 'week' ? n * 7 : n);
	}
	return '';
}

/** The ISO date a due phrase names, or ''. */
export function dueDate(text: string, context: ReadContext): string {
	return relativeDate(text, context.meetingDate) || absoluteDate(text, context);
}
