/**
 * The one place the header and next-meeting readers find a date and times in a line of prose
 * ("Tue 3rd March, 6.30pm until 9pm", "Minutes of the meeting of 3 March 2024"), so it can
 * be switched to the shared date reader (when.ts) in one edit. Dates without a year take the
 * meeting's year, or the next one for a date that must come after the meeting.
 */
import { parseTime } from '../../dates';
import { isValidDate } from '../../read';
import type { ReadContext } from '../context';
import { findWhen } from './when';

export interface WhenInLine {
	date: string;
	start: string;
	end: string;
	/** The line without the date and times (and the words that joined them), trimmed. */
	rest: string;
}

const MONTH =
	'(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(?:,?\\s+(\\d{4}))?';

const DAY_MONTH = new RegExp(
	`\\b${WEEKDAY}(?:the\\s+)?${DAY}(?:\\s+of)?\\s+${MONTH}\\b\\.?${YEAR}`,
	'i'
);
const RANGE_START = new RegExp(`\\b${WEEKDAY}${DAY}\\s*(?:–|—|-|to|and|&)\\s*$`, 'i');
const MONTH_DAY = new RegExp(`\\b${WEEKDAY}${MONTH}\\.?\\s+${DAY}\\b${YEAR}`, 'i');
const ISO = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/;
const NUMERIC = /\b(\d{1,4})[/.](\d{1,2})[/.](\d{2,4})\b/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function iso(y: number, m: number, d: number): string {
	const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	return isValidDate(s) ? s : '';
}

function weekdayOf(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/**
 * The year of a date written without one: the meeting's (the next one when `after` and it
 * would fall before the meeting); with no meeting date, the latest year up to `today`'s whose
 * date falls on the weekday written (minutes are of meetings held), else next year's; else
 * unknown.
 */
export function yearFor(
	month: number,
	day: number,
	weekday: number | null,
	context: Pick<ReadContext, 'meetingDate'>,
	after: boolean,
	today = new Date()
): string {
	if (context.meetingDate) {
		const year = Number(context.meetingDate.slice(0, 4));
		const date = iso(year, month, day);
		if (after && date && date < context.meetingDate) return iso(year + 1, month, day);
		return date;
	}
	if (weekday === null) return '';
	const now = today.getUTCFullYear();
	// A date falls on each weekday within eleven years (six, except around 29 February).
	const years = [...Array.from({ length: 12 }, (_, k) => now - k), now + 1];
	for (const year of years) {
		const date = iso(year, month, day);
		if (date && weekdayOf(date) === weekday) return date;
	}
	return '';
}

interface Span {
	index: number;
	length: number;
}

function findDate(
	text: string,
	context: ReadContext,
	after: boolean
): (Span & { date: string }) | null {
	const found: (Span & { date: string })[] = [];
	const weekdayIndex = (w: string | undefined) =>
		w ? WEEKDAYS.indexOf(w.slice(0, 3).toLowerCase()) : null;
	const monthIndex = (m: string) => MONTHS.indexOf(m.slice(0, 3).toLowerCase()) + 1;
	const dated = (y: string | undefined, m: number, d: number, w: string | undefined) =>
		y ? iso(Number(y), m, d) : yearFor(m, d, weekdayIndex(w), context, after);
	let m = ISO.exec(text);
	if (m) found.push({ index: m.index, length: m[0].length, date: iso(+m[1], +m[2], +m[3]) });
	m = DAY_MONTH.exec(text);
	if (m) {
		// "Saturday 12 and Sunday 13 October 2024": the meeting starts on the first day.
		const first = RANGE_START.exec(text.slice(0, m.index));
		const day = first ? +first[2] : +m[2];
		const date = dated(m[4], monthIndex(m[3]), day, first ? first[1] : m[1]);
		const index = first ? first.index : m.index;
		found.push({ index, length: m.index + m[0].length - index, date });
	}
	m = MONTH_DAY.exec(text);
	if (m) {
		const date = dated(m[4], monthIndex(m[2]), +m[3], m[1]);
		found.push({ index: m.index, length: m[0].length, date });
	}
	m = NUMERIC.exec(text);
	if (m && !ISO.test(m[0])) {
		const year = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));
		const date =
			m[1].length === 4
				? iso(+m[1], +m[2], +m[3])
				: context.dateOrder === 'mdy'
					? iso(year(m[3]), +m[1], +m[2])
					: iso(year(m[3]), +m[2], +m[1]);
		const ambiguous = m[1].length < 3 && +m[1] <= 12 && +m[2] <= 12 && m[1] !== m[2];
		const written = m[0];
		if (date && ambiguous && !context.notices.some((n) => n.text === written && n.read === date)) {
			context.notices.push({ kind: 'ambiguous-date', text: written, read: date });
		}
		found.push({ index: m.index, length: m[0].length, date });
	}
	const valid = found.filter((f) => f.date).sort((a, b) => a.index - b.index);
	return valid[0] ?? null;
}

const TIME = '(?:\\d{1,2}(?:[:.]\\d{2})?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)?|noon|midday|midnight)';
const RANGE = new RegExp(
	`(?:\\bfrom\\s+)?\\(?(${TIME})\\s*(?:–|—|-|\\bto\\b|\\buntil\\b|\\btill\\b|\\btil\\b)\\s*(${TIME})\\)?`,
	'i'
);
const SINGLE = new RegExp(`(?:\\b(?:at|from|starting at|starts at)\\s+)?\\(?(${TIME})\\)?`, 'gi');

function timeOf(text: string, suffix = ''): string {
	const t = text.trim().toLowerCase();
	if (t === 'noon' || t === 'midday') return '12:00';
	if (t === 'midnight') return '00:00';
	const time = parseTime(t);
	if (time) return time;
	// A bare "7" is a time only with the am/pm of the range's end ("7-9pm").
	return suffix && /^\d{1,2}(?:[:.]\d{2})?$/.test(t) ? parseTime(t + suffix) : '';
}

/** A bare "19" is no time; "7pm", "19:00", "6.30pm" and "noon" are. */
function isTimeWord(text: string): boolean {
	return /[:.]\d{2}|am|pm|a\.m\.|p\.m\.|noon|midday|midnight/i.test(text);
}

function findTimes(text: string): (Span & { start: string; end: string }) | null {
	const r = RANGE.exec(text);
	if (r && (isTimeWord(r[1]) || isTimeWord(r[2]))) {
		const suffix = /(am|pm)\s*$/i.exec(r[2])?.[1] ?? '';
		const start = timeOf(r[1], suffix);
		const end = timeOf(r[2]);
		if (start && end) return { index: r.index, length: r[0].length, start, end };
	}
	SINGLE.lastIndex = 0;
	for (let s = SINGLE.exec(text); s; s = SINGLE.exec(text)) {
		if (!isTimeWord(s[1])) continue;
		const start = timeOf(s[1]);
		if (start) return { index: s.index, length: s[0].length, start, end: '' };
	}
	return null;
}

function cut(text: string, span: Span): string {
	return `${text.slice(0, span.index)} \uE000 ${text.slice(span.index + span.length)}`;
}

/**
 * The date and times in `text`, wherever they stand; null when it has neither. `after`: a
 * date without a year falls on or after the meeting (a next meeting, an event).
 */
export function whenInLine(text: string, context: ReadContext, after = false): WhenInLine | null {
	const known = context.notices.length;
	const shared = findWhen(text, context, { notBefore: after });
	// A line read twice (to test it, then to take it) flags its ambiguous date once.
	const fresh = context.notices.splice(known);
	for (const n of fresh) {
		if (!context.notices.some((o) => o.text === n.text && o.read === n.read)) {
			context.notices.push(n);
		}
	}
	// The shared reader, where it reads a whole date; a date without a year and no meeting date
	// yet (the header's own) is read here, from its weekday.
	if (shared && !shared.yearless && (shared.date || shared.start)) {
		const rest = tidy(`${shared.before} \uE000 ${shared.after}`);
		return { date: shared.date, start: shared.start, end: shared.end, rest };
	}
	return ownWhen(text, context, after);
}

function ownWhen(text: string, context: ReadContext, after: boolean): WhenInLine | null {
	let rest = text;
	const date = findDate(rest, context, after);
	if (date) rest = cut(rest, date);
	const times = findTimes(rest.replace(/\uE000/g, ' '));
	if (times) rest = cut(rest, times);
	if (!date && !times) return null;
	return {
		date: date?.date ?? '',
		start: times?.start ?? '',
		end: times?.end ?? '',
		rest: tidy(rest)
	};
}

/** The line without its date and times (marked by U+E000) and the words that joined them. */
function tidy(marked: string): string {
	return (
		marked
			// The words that joined the date and times to the line go with them.
			.replace(
				/(?:\s*(?:\bon|\bat|\bfrom|,|;))*\s*\uE000(?:\s*(?:,|;|\band\b|\uE000))*/gi,
				' \uE000 '
			)
			.replace(/\uE000/g, ' ')
			.replace(/\s+/g, ' ')
			.replace(/^[\s,;:.–—-]+|[\s,;:–—-]+$/g, '')
			.replace(/\s+([,.;])/g, '$1')
	);
}
