/**
 * Dates and times as people write them in minutes, to and from the model's `YYYY-MM-DD` and
 * `HH:MM`. Parsing is lenient and never throws; an unrecognised date is ''.
 */
import { isValidDate, isValidTime } from './read';

/** Month names in lower case, January first. */
export const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december'
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function month(name: string): number {
	const n = name.toLowerCase().replace(/\.$/, '');
	if (n.length < 3) return 0;
	const i = MONTHS.findIndex((m) => m.startsWith(n));
	return i + 1;
}

function iso(y: number, m: number, d: number): string {
	const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	return isValidDate(s) ? s : '';
}

const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';
const DATE_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
	[/^(\d{4})-(\d{1,2})-(\d{1,2})/, (m) => iso(+m[1], +m[2], +m[3])],
	[
		new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+([a-z]+)\\.?,?\\s+(\\d{4})`, 'i'),
		(m) => iso(+m[3], month(m[2]), +m[1])
	],
	[
		new RegExp(`^${WEEKDAY}([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`, 'i'),
		(m) => iso(+m[3], month(m[1]), +m[2])
	],
	// Day first, as written outside the US: 12/03/2026, 12.03.2026.
	[/^(\d{1,2})[/.](\d{1,2})[/.](\d{4})/, (m) => iso(+m[3], +m[2], +m[1])]
];

/** A date at the start of `text`: the ISO date and how many characters it took. */
export function parseDateAt(text: string): { date: string; length: number } | null {
	const t = text.trimStart();
	const skipped = text.length - t.length;
	for (const [re, toIso] of DATE_PATTERNS) {
		const m = re.exec(t);
		if (m) {
			const date = toIso(m);
			if (date) return { date, length: skipped + m[0].length };
		}
	}
	return null;
}

/** `YYYY-MM-DD` from "Thursday 12 March 2026", "12 Mar 2026", "March 12, 2026", "2026-03-12". */
export function parseDate(text: string): string {
	const found = parseDateAt(text);
	return found && !text.slice(found.length).trim() ? found.date : '';
}

/** `HH:MM` from "19:00", "7pm", "7.30 pm", "11am", "19h30"; '' if not a time. */
export function parseTime(text: string): string {
	const m = /^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/i.exec(text);
	if (!m || (!m[2] && !m[3])) return '';
	let h = Number(m[1]);
	const min = m[2] ? Number(m[2]) : 0;
	const ampm = m[3]?.toLowerCase().replace(/\./g, '');
	if (ampm) {
		if (h < 1 || h > 12) return '';
		if (ampm === 'pm' && h !== 12) h += 12;
		if (ampm === 'am' && h === 12) h = 0;
	}
	const s = `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
	return isValidTime(s) ? s : '';
}

/** "19:00–21:15", "7pm - 9pm", "7–9pm", "19:00 to 21:00", "19:00": start and end. */
export function parseTimeRange(text: string): { start: string; end: string } | null {
	const parts = text.split(/\s*(?:–|—|-|\bto\b|\buntil\b)\s*/i);
	if (parts.length > 2) return null;
	if (parts.length === 1) {
		const start = parseTime(parts[0]);
		return start ? { start, end: '' } : null;
	}
	const end = parseTime(parts[1]);
	if (!end) return null;
	let start = parseTime(parts[0]);
	const suffix = /(am|pm)\s*$/i.exec(parts[1]);
	// "7–9pm": the end's am/pm applies to the start too.
	if (!start && suffix) start = parseTime(parts[0] + suffix[1]);
	return start ? { start, end } : null;
}

/** "Thursday 12 March 2026" for `2026-03-12`; '' for an invalid date. */
export function formatLongDate(date: string): string {
	if (!isValidDate(date)) return '';
	const [y, m, d] = date.split('-').map(Number);
	const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
	const name = MONTHS[m - 1][0].toUpperCase() + MONTHS[m - 1].slice(1);
	return `${weekday} ${d} ${name} ${y}`;
}

/** "19:00–21:15", "19:00", or ''. */
export function formatTimeRange(start: string, end: string): string {
	if (!start) return end ? `until ${end}` : '';
	return end ? `${start}–${end}` : start;
}

/** "Thursday 12 March 2026, 19:00–21:15" (parts left out when empty). */
export function formatWhen(date: string, start: string, end: string): string {
	return [formatLongDate(date), formatTimeRange(start, end)].filter(Boolean).join(', ');
}

/**
 * Split "Thursday 12 March 2026, 19:00–21:15, Community room" into date, times and the rest.
 * Unrecognised text is returned whole in `rest`.
 */
export function parseWhen(text: string): {
	date: string;
	start: string;
	end: string;
	rest: string;
} {
	let rest = text.trim();
	let date = '';
	const found = parseDateAt(rest);
	if (found) {
		date = found.date;
		rest = rest.slice(found.length).replace(/^\s*[,;]?\s*/, '');
	}
	let start = '';
	let end = '';
	// The time runs to the next comma or semicolon ("7pm - 9pm, Hall"), or to a dash that
	// starts a title ("11:00 — Stall at the market").
	const lead = /^(?:at\s+|from\s+)?\(?/i.exec(rest)![0];
	const segment = /^[^,;]*/.exec(rest.slice(lead.length))![0];
	const dash = /\s[–—-]\s/.exec(segment);
	for (const candidate of dash ? [segment, segment.slice(0, dash.index)] : [segment]) {
		const range = parseTimeRange(candidate.replace(/\)\s*$/, '').trim());
		if (range) {
			start = range.start;
			end = range.end;
			rest = rest.slice(lead.length + candidate.length).replace(/^\s*\)?\s*[,;]?\s*/, '');
			break;
		}
	}
	return { date, start, end, rest };
}
