/**
 * Dates and times as people write them in minutes, found anywhere in a line of the free
 * reading: "Thursday 9 March 2023, 19:00–21:15", "Tue 3rd March, 6.30pm until 9pm",
 * "2 - 6 May 2022", "3/4/2026" (in the group's date order), "from 8pm", "(noon)".
 *
 * A date without a year takes the meeting's year (or the next one, `notBefore`); before the
 * meeting's date is known it is returned `yearless`, its month and day in `monthDay`, for the
 * caller to settle with `resolveYear`. A numeric date whose day and month could be swapped is
 * read in the group's order and noted in `context.notices`. A weekday that disagrees with the
 * date does not stop the date being read; `weekdayMismatch` says so. Never throws.
 */
import { isValidDate } from '../../read';
import type { ReadContext } from '../context';

export interface When {
	/** ISO date, or '' (no date, or a date without a year before the meeting's is known). */
	date: string;
	/** The last day of a date range ("2 - 6 May 2022"), or ''. */
	endDate: string;
	/** HH:MM or ''. */
	start: string;
	end: string;
	/** Where the date and time start in the line and how many characters they take. */
	index: number;
	length: number;
	/** The line's text before and after them. */
	before: string;
	after: string;
	/** Written without a year and no meeting date known: `date` is '', `monthDay` is "MM-DD". */
	yearless: boolean;
	/** "MM-DD" of a date written without a year (else ''); `endMonthDay` likewise. */
	monthDay: string;
	endMonthDay: string;
	/** The date's year was written, not taken from the meeting. */
	isYearWritten: boolean;
	/** The weekday written ("Tuesday 9 March 2023") is not the date's. */
	weekdayMismatch: boolean;
}

export interface WhenOptions {
	/** A yearless date before the meeting's date is in the next year (events, next meeting). */
	notBefore?: boolean;
}

const MONTH_NAMES = [
	'jan',
	'feb',
	'mar',
	'apr',
	'may',
	'jun',
	'jul',
	'aug',
	'sep',
	'oct',
	'nov',
	'dec'
];
const WEEKDAY_KEYS = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];

const WD =
	'(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\\.?';
const MONTH =
	'(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?(?![a-z])';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?(?![\\w]|[:.]\\d)';
const YEAR = '((?:19|20)\\d\\d|2100)(?!\\d)';
/** A year, or no number that could have been one ("3 March 1850" is not a date). */
const YEAR_OPT = `(?:,?\\s+${YEAR}|(?!,?\\s*\\d{3}))`;
const LEAD = '(?<![\\w.,/:£$€#-])';
const RANGE_SEP = '\\s*(?:-|–|—|\\bto\\b|\\buntil\\b|\\btill\\b)\\s*';
const DAY_SEP = '\\s*(?:-|–|—|\\bto\\b|\\buntil\\b|\\btill\\b|\\band\\b|&)\\s*';
const WEEKDAY_OPT = `(?:${WD},?\\s+)?(?:the\\s+)?`;

/** A date as matched: the numbers written, before any year is settled. */
interface DateParts {
	index: number;
	length: number;
	year: number;
	month: number;
	day: number;
	weekday: number;
	endYear?: number;
	endMonth?: number;
	endDay?: number;
	/** A numeric date whose day and month could be swapped. */
	ambiguous?: boolean;
}

function monthOf(name: string | undefined): number {
	return name ? MONTH_NAMES.indexOf(name.slice(0, 3).toLowerCase()) + 1 : 0;
}

function weekdayOf(name: string | undefined): number {
	return name ? WEEKDAY_KEYS.indexOf(name.slice(0, 2).toLowerCase()) : -1;
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

function isoOf(y: number, m: number, d: number): string {
	if (y < 1900 || y > 2100) return '';
	const s = `${y}-${pad(m)}-${pad(d)}`;
	return isValidDate(s) ? s : '';
}

/** Could the day fall in the month in some year (29 February in a leap year)? */
function isDayOfMonth(m: number, d: number): boolean {
	return m >= 1 && m <= 12 && d >= 1 && isoOf(2000, m, d) !== '';
}

type DateReader = (m: RegExpExecArray, ctx: ReadContext) => DateParts | null;

/** Pattern and reader; at the same index the longest valid match wins. */
const DATE_FORMS: [RegExp, DateReader][] = [
	// 2024-03-05
	[
		new RegExp(`${LEAD}(\\d{4})-(\\d{1,2})-(\\d{1,2})(?![\\d])`, 'gi'),
		(m) => parts(m, +m[1], +m[2], +m[3], -1)
	],
	// Friday 5 and Saturday 6 May (2022), 2 - 6 May 2022
	[
		new RegExp(
			`${LEAD}${WEEKDAY_OPT}${DAY}${DAY_SEP}${WEEKDAY_OPT}${DAY}(?:\\s+of)?\\s+${MONTH}${YEAR_OPT}`,
			'gi'
		),
		(m) => {
			const month = monthOf(m[5]);
			const year = m[6] ? +m[6] : 0;
			if (+m[2] >= +m[4]) return null;
			return { ...parts(m, year, month, +m[2], weekdayOf(m[1]))!, endDay: +m[4] };
		}
	],
	// Thursday 9 March 2023, 9th of March, 3rd March
	[
		new RegExp(`${LEAD}${WEEKDAY_OPT}${DAY}(?:\\s+of)?\\s+${MONTH}${YEAR_OPT}`, 'gi'),
		(m) => parts(m, m[4] ? +m[4] : 0, monthOf(m[3]), +m[2], weekdayOf(m[1]))
	],
	// March 9–11, 2026
	[
		new RegExp(`${LEAD}${WEEKDAY_OPT}${MONTH}\\s+${DAY}\\s*(?:-|–|—)\\s*${DAY}${YEAR_OPT}`, 'gi'),
		(m) => {
			if (!/^[A-Z]/.test(m[2]) || +m[3] >= +m[4]) return null;
			const p = parts(m, m[5] ? +m[5] : 0, monthOf(m[2]), +m[3], weekdayOf(m[1]));
			return p && { ...p, endDay: +m[4] };
		}
	],
	// Thursday, March 9th, 2023 (a month written first starts with a capital: "may" is a verb)
	[
		new RegExp(`${LEAD}${WEEKDAY_OPT}${MONTH}\\s+${DAY}${YEAR_OPT}`, 'gi'),
		(m) =>
			/^[A-Z]/.test(m[2]) ? parts(m, m[4] ? +m[4] : 0, monthOf(m[2]), +m[3], weekdayOf(m[1])) : null
	],
	// 3/4/2026, 3.4.26, 03/04, 2026/3/4
	[
		new RegExp(
			`(?<![\\w/.:,-])(\\d{1,4})([/.-])(\\d{1,2})(?:\\2(\\d{1,4}))?(?![\\w/-]|[.:,]\\d|\\s+of\\b|\\s*%)`,
			'gi'
		),
		numericDate
	]
];

function parts(
	m: RegExpExecArray,
	year: number,
	month: number,
	day: number,
	weekday: number
): DateParts | null {
	if (!isDayOfMonth(month, day)) return null;
	if (year && !isoOf(year, month, day)) return null;
	return { index: m.index, length: m[0].length, year, month, day, weekday };
}

function numericDate(m: RegExpExecArray, ctx: ReadContext): DateParts | null {
	const [a, sep, b, c] = [m[1], m[2], m[3], m[4]];
	if (a.length === 4) {
		// Year first is never ambiguous: 2026/3/4.
		if (!c || c.length > 2) return null;
		return parts(m, +a, +b, +c, -1);
	}
	if (a.length === 3 || (c && c.length !== 2 && c.length !== 4)) return null;
	if (!c) {
		// Without a year: slashes only ("3.4" is a version), and a two-digit part or a word
		// that leads a date ("for 3/4"; "3/4 of" is a fraction).
		if (sep !== '/') return null;
		const lead = /\b(?:on|for|by|from|until|till|before|after|due)\s+$/i;
		if (a.length < 2 && b.length < 2 && !lead.test(m.input.slice(0, m.index))) return null;
	} else if (sep === '-' && c.length !== 4) return null;
	let year = c ? (c.length === 2 ? 2000 + +c : +c) : 0;
	let [day, month] = [+a, +b];
	if (ctx.dateOrder === 'mdy') [day, month] = [+b, +a];
	else if (ctx.dateOrder === 'ymd') {
		if (c && c.length === 2) {
			// 26/03/04
			year = 2000 + +a;
			[month, day] = [+b, +c];
		} else [month, day] = [+a, +b];
	}
	const p = parts(m, year, month, day, -1);
	if (!p) return null;
	const swappable =
		!(ctx.dateOrder === 'ymd' && c && c.length === 2) && day <= 12 && month <= 12 && day !== month;
	return { ...p, ambiguous: swappable };
}

/** The earliest date in `text` (longest at the same index), as written. */
function firstDate(text: string, ctx: ReadContext, from = 0): DateParts | null {
	let best: DateParts | null = null;
	for (const [pattern, read] of DATE_FORMS) {
		pattern.lastIndex = from;
		let m: RegExpExecArray | null;
		while ((m = pattern.exec(text))) {
			if (best && m.index > best.index) break;
			const p = read(m, ctx);
			if (p) {
				if (!best || p.index < best.index || (p.index === best.index && p.length > best.length))
					best = p;
				break;
			}
			pattern.lastIndex = m.index + 1;
		}
	}
	return best;
}

/** A date that starts exactly at `at`. */
function dateAt(text: string, ctx: ReadContext, at: number): DateParts | null {
	const p = firstDate(text, ctx, at);
	return p && p.index === at ? p : null;
}

/**
 * The ISO date of "MM-DD" for a meeting on `meetingDate`: in the meeting's year, or with
 * `notBefore` in the next year where it would otherwise fall before the meeting. '' when the
 * day does not exist that year (29 February) or the meeting's date is not known.
 */
export function resolveYear(
	monthDay: string,
	meetingDate: string,
	options: { notBefore: boolean } = { notBefore: false }
): string {
	const m = /^(\d{2})-(\d{2})$/.exec(monthDay);
	if (!m || !isValidDate(meetingDate)) return '';
	let year = Number(meetingDate.slice(0, 4));
	if (options.notBefore && `${year}-${monthDay}` < meetingDate) year += 1;
	return isoOf(year, +m[1], +m[2]);
}

// --- Times ---

interface TimeParts {
	length: number;
	hour: number;
	minute: number;
	ampm: '' | 'am' | 'pm';
	/** 'strong': 19:00, 7pm, noon; 'dotted': 7.30; 'bare': 7. */
	kind: 'strong' | 'dotted' | 'bare';
}

const TIME_AT =
	/(?:(noon|midday|midnight)|12\s*(noon|midnight)|(\d{1,2})(?:([:.h])(\d{2}))?(?:\s*(a\.?m\.?|p\.?m\.?)|(h))?)(?!\w|[:.]\d)/iy;

function timeAt(text: string, at: number): TimeParts | null {
	TIME_AT.lastIndex = at;
	const m = TIME_AT.exec(text);
	if (!m) return null;
	const length = m[0].length;
	const word = (m[1] ?? m[2])?.toLowerCase();
	if (word) {
		return { length, hour: word === 'midnight' ? 0 : 12, minute: 0, ampm: '', kind: 'strong' };
	}
	const hour = +m[3];
	const minute = m[5] ? +m[5] : 0;
	const ap = !m[6] ? '' : /^a/i.test(m[6]) ? 'am' : 'pm';
	if (minute > 59) return null;
	if (ap) {
		if (hour < 1 || hour > 12) return null;
		return { length, hour, minute, ampm: ap, kind: 'strong' };
	}
	if (hour > 23) return null;
	if (m[4] === ':' || m[4] === 'h' || m[7])
		return { length, hour, minute, ampm: '', kind: 'strong' };
	return { length, hour, minute, ampm: '', kind: m[4] === '.' ? 'dotted' : 'bare' };
}

/** Minutes since midnight of a time whose am/pm is known or not needed. */
function clock(t: TimeParts, ampm: '' | 'am' | 'pm' = t.ampm): number {
	let h = t.hour;
	if (ampm === 'pm' && h !== 12) h += 12;
	if (ampm === 'am' && h === 12) h = 0;
	return h * 60 + t.minute;
}

function hhmm(minutes: number): string {
	return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A time without am/pm written alone ("at 7") or with a dot ("7.30"): hours 1–7 are in the
 * afternoon or evening, when groups meet; "07.30" with its zero is a 24-hour time.
 */
function bareClock(t: TimeParts, isZeroPadded = false): number {
	return !isZeroPadded && t.hour >= 1 && t.hour <= 7 ? clock(t, 'pm') : clock(t);
}

interface TimeRange {
	length: number;
	start: string;
	end: string;
}

/**
 * A time or time range at `at`; `led`: after "at", "from" or a date, so "7.30" and (after
 * "at"/"from") "7" are times too.
 */
function timeRangeAt(text: string, at: number, led: 'word' | 'date' | ''): TimeRange | null {
	const first = timeAt(text, at);
	if (!first) return null;
	const sep = new RegExp(RANGE_SEP, 'iy');
	sep.lastIndex = at + first.length;
	const s = sep.exec(text);
	const second = s ? timeAt(text, at + first.length + s[0].length) : null;
	if (second && second.kind !== 'bare' && (second.kind === 'strong' || first.kind === 'strong')) {
		let start: number;
		let end: number;
		if (first.ampm && !second.ampm && second.hour <= 12 && second.kind !== 'strong') {
			// "8pm until 9.30": the end is the first such time after the start.
			start = clock(first);
			end = clock(second, first.ampm);
			if (end < start) end = clock(second, first.ampm === 'am' ? 'pm' : 'am');
		} else if (!first.ampm && second.ampm && first.hour <= 12) {
			// "7–9pm", "11–1pm": the start is the latest such time not after the end.
			end = clock(second);
			const pm = clock(first, 'pm');
			start = pm <= end ? pm : clock(first, 'am');
		} else {
			end = clock(second);
			start = first.ampm || first.kind === 'strong' ? clock(first) : bareClock(first);
			if (start > end) start = clock(first);
		}
		const length = first.length + s![0].length + second.length;
		return { length, start: hhmm(start), end: hhmm(end) };
	}
	if (first.kind === 'strong') return { length: first.length, start: hhmm(clock(first)), end: '' };
	if (first.kind === 'dotted' && led) {
		return { length: first.length, start: hhmm(bareClock(first, text[at] === '0')), end: '' };
	}
	if (first.kind === 'bare' && led === 'word') {
		// "at 7 o'clock", "at 7." but not "at 7 Alder Court", "at 7%" or "from 2 to 5 people".
		const oclock = /\s*o['’]clock/iy;
		oclock.lastIndex = at + first.length;
		const o = oclock.exec(text);
		const rest = text.slice(at + first.length);
		if (!o && /^(?:\s+[A-Z\d]|\s*%|\s*(?:-|–|—|to\b|until\b)\s*\d)/.test(rest)) return null;
		return { length: first.length + (o ? o[0].length : 0), start: hhmm(bareClock(first)), end: '' };
	}
	return null;
}

/**
 * Where "at", "from", "starting" or "@" right before `at` begins, or null. Only the few
 * characters before are read: reading all of a long line for every number in it is quadratic.
 */
function leadingWord(text: string, at: number): number | null {
	const from = Math.max(0, at - 16);
	const lead = /(?:\b(at|from|starting|starts)\s+|@\s*)$/i.exec(text.slice(from, at));
	if (!lead) return null;
	const index = from + lead.index;
	// A word cut by the window ("format 7" read from "at") is no lead.
	return lead[1] && index > 0 && /\w/.test(text[index - 1]) ? null : index;
}

/** The earliest time (range) in `text` from `from`, with the words that lead it ("from"). */
function firstTime(text: string, from: number): { index: number; range: TimeRange } | null {
	const candidates = /(?<![\w.,/:£$€#-])(?:\d|noon|midday|midnight)/gi;
	candidates.lastIndex = from;
	let m: RegExpExecArray | null;
	while ((m = candidates.exec(text))) {
		const lead = leadingWord(text, m.index);
		const range = timeRangeAt(text, m.index, lead !== null ? 'word' : '');
		if (range) {
			const index = lead ?? m.index;
			return { index, range: { ...range, length: range.length + m.index - index } };
		}
	}
	return null;
}

/** The first date and/or time (range) anywhere in `text`, or null. */
export function findWhen(
	text: string,
	context: ReadContext,
	options: WhenOptions = {}
): When | null {
	try {
		return find(text, context, options);
	} catch {
		return null;
	}
}

/** URLs hold numbers that are not dates ("/events/2026-03-21"): blanked before reading. */
function withoutLinks(text: string): string {
	return text.replace(/\b(?:https?:\/\/|www\.)\S+/gi, (u) => ' '.repeat(u.length));
}

function find(raw: string, ctx: ReadContext, options: WhenOptions): When | null {
	const text = withoutLinks(raw);
	let date = firstDate(text, ctx);
	const time = firstTime(text, 0);
	if (!date && !time) return null;
	let index: number;
	let endAt: number;
	let range: TimeRange | null = null;
	if (time && (!date || time.index < date.index)) {
		// "7pm on Friday 5 May": a date right after the time belongs with it.
		index = time.index;
		endAt = time.index + time.range.length;
		range = time.range;
		const join = /\s*,?\s*(?:on\s+)?/iy;
		join.lastIndex = endAt;
		const j = join.exec(text)!;
		const after = dateAt(text, ctx, endAt + j[0].length);
		date = after;
		if (after) endAt = after.index + after.length;
	} else {
		const d = date!;
		index = d.index;
		endAt = d.index + d.length;
		// "11 May – 17 May", "30 Dec 2023 – 2 Jan 2024"
		if (!d.endDay) {
			const sep = new RegExp(RANGE_SEP, 'iy');
			sep.lastIndex = endAt;
			const s = sep.exec(text);
			const second = s ? dateAt(text, ctx, endAt + s[0].length) : null;
			if (second && !second.endDay && !second.ambiguous) {
				d.endYear = second.year;
				d.endMonth = second.month;
				d.endDay = second.day;
				endAt = second.index + second.length;
			}
		}
		// The time right after the date: ", 19:00–21:15", " (2pm)", " from 6.30pm", " at 7".
		const join = /\s*(?:[,;]\s*)?(\(\s*)?(?:(at|from|starting|starts)\s+|@\s*|[–—-]\s*)?/iy;
		join.lastIndex = endAt;
		const j = join.exec(text)!;
		const t = timeRangeAt(text, endAt + j[0].length, j[2] ? 'word' : 'date');
		if (t) {
			range = t;
			endAt += j[0].length + t.length;
			if (j[1]) {
				const close = /\s*\)/y;
				close.lastIndex = endAt;
				const c = close.exec(text);
				if (c) endAt += c[0].length;
			}
		}
	}
	// "(2pm)": the brackets go with the time.
	if (raw[index - 1] === '(' && raw[endAt] === ')') {
		index -= 1;
		endAt += 1;
	}
	const when: When = {
		date: '',
		endDate: '',
		start: range?.start ?? '',
		end: range?.end ?? '',
		index,
		length: endAt - index,
		before: raw.slice(0, index),
		after: raw.slice(endAt),
		yearless: false,
		monthDay: '',
		endMonthDay: '',
		isYearWritten: false,
		weekdayMismatch: false
	};
	if (date) settle(when, date, raw, ctx, options);
	return when;
}

/** Years for a date as written: its own, its range end's, or the meeting's. */
function settle(
	when: When,
	d: DateParts,
	raw: string,
	ctx: ReadContext,
	options: WhenOptions
): void {
	const endMonth = d.endMonth ?? d.month;
	const endDay = d.endDay ?? 0;
	let year = d.year;
	let endYear = d.endYear ?? 0;
	when.isYearWritten = Boolean(year || endYear);
	// "2 - 6 May 2022", "30 Dec – 2 Jan 2024": the start takes the end's year.
	if (!year && endYear) year = endYear - (d.month > endMonth ? 1 : 0);
	if (year && endDay && !endYear) endYear = year + (endMonth < d.month ? 1 : 0);
	if (!year) {
		const monthDay = `${pad(d.month)}-${pad(d.day)}`;
		const resolved = resolveYear(monthDay, ctx.meetingDate, { notBefore: !!options.notBefore });
		if (!ctx.meetingDate) {
			when.yearless = true;
			when.monthDay = monthDay;
			if (endDay) when.endMonthDay = `${pad(endMonth)}-${pad(endDay)}`;
		} else if (resolved) {
			year = +resolved.slice(0, 4);
			if (endDay) endYear = year + (endMonth < d.month ? 1 : 0);
		}
	}
	when.date = year ? isoOf(year, d.month, d.day) : '';
	if (endDay && endYear) {
		const end = isoOf(endYear, endMonth, endDay);
		when.endDate = end > when.date ? end : '';
	}
	if (d.weekday >= 0 && when.date) {
		const [y, m, day] = when.date.split('-').map(Number);
		when.weekdayMismatch = new Date(Date.UTC(y, m - 1, day)).getUTCDay() !== d.weekday;
	}
	if (d.ambiguous) {
		const text = raw.slice(d.index, d.index + d.length);
		const read = when.date || `--${pad(d.month)}-${pad(d.day)}`;
		// Flagged once, however many readers look at the line.
		if (!ctx.notices.some((n) => n.text === text && n.read === read)) {
			ctx.notices.push({ kind: 'ambiguous-date', text, read });
		}
	}
}
