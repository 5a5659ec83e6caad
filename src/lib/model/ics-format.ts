/**
 * An iCalendar file (RFC 5545) from a list of events: the one writer of every calendar the app
 * and the relay give out, so that no caller has to remember an escape. It trusts nothing it is
 * given: an event without a valid date is left out, times that are not HH:MM are dropped, a UID
 * that is not made of `A-Z a-z 0-9 _ . -` is replaced by one derived from it, TEXT values are
 * escaped (§3.3.11: backslash, semicolon, comma, line breaks as `\n`; control characters
 * removed), a URL is written only when it is a safe http(s) address, and every line is folded
 * at 75 octets without splitting a character. Lines end in CRLF. Times are floating (local to
 * the group), as minutes write them, unless an event gives its UTC instants (`startsAt`,
 * `endsAt`: the group calendar, whose group has a time zone), which are written in UTC.
 */
import { cleanText } from './clean-text';
import { derivedId } from './export-ids';
import { isValidDate, isValidTime } from './read';
import { safeLink, WEB_SCHEMES } from './safe-link';

export interface IcsEvent {
	/** Left of the `@` in the UID: a stable id of the event. */
	uid: string;
	/** YYYY-MM-DD. */
	date: string;
	/** HH:MM; none: an all-day event. */
	startTime?: string;
	/** HH:MM, after `startTime`. */
	endTime?: string;
	summary: string;
	location?: string;
	description?: string;
	/** A web page about the event; written only if it is a safe http(s) address. */
	url?: string;
	/** Shown as free time (a due date rather than an appointment). */
	transparent?: boolean;
	/** The start as a UTC instant (`2026-03-31T17:30:00Z`); written instead of the floating time. */
	startsAt?: string;
	/** The end as a UTC instant, after `startsAt`. */
	endsAt?: string;
}

export interface IcsCalendarOptions {
	/** DTSTAMP; default now. */
	now?: Date | string;
	/** Right-hand side of every UID; default 'plenary'. */
	uidDomain?: string;
	/** The calendar's name, as calendar apps show a subscribed one (X-WR-CALNAME). */
	name?: string;
}

/** Escape a TEXT value: backslash, semicolon, comma, line breaks; control characters removed. */
export function escapeIcsText(text: string): string {
	return cleanText(text)
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Fold a content line at 75 octets (UTF-8), never inside a character. */
export function foldIcsLine(line: string): string {
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const ch of line) {
		const bytes = encoder.encode(ch).length;
		const limit = parts.length ? 74 : 75; // continuation lines start with a space
		if (size + bytes > limit) {
			parts.push(current);
			current = '';
			size = 0;
		}
		current += ch;
		size += bytes;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

const UID_PART = /^[A-Za-z0-9_.-]{1,200}$/;

function stamp(now: Date | string | undefined): string {
	const d = now === undefined ? new Date() : new Date(now);
	const valid = Number.isNaN(d.getTime()) ? new Date(0) : d;
	return valid
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

const compact = (date: string) => date.replace(/-/g, '');

function nextDay(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function when(date: string, start: string | undefined, end: string | undefined): string[] {
	if (!start || !isValidTime(start)) {
		// The day after 9999-12-31 has no YYYY-MM-DD; without DTEND a dated event lasts one day.
		const end = nextDay(date);
		return [
			`DTSTART;VALUE=DATE:${compact(date)}`,
			...(isValidDate(end) ? [`DTEND;VALUE=DATE:${compact(end)}`] : [])
		];
	}
	const lines = [`DTSTART:${compact(date)}T${start.replace(':', '')}00`];
	if (end && isValidTime(end) && end > start) {
		lines.push(`DTEND:${compact(date)}T${end.replace(':', '')}00`);
	}
	return lines;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

/** `20260331T173000Z` for a UTC instant; null for anything else. */
function utc(instant: string | undefined): string | null {
	const m = instant ? INSTANT.exec(instant) : null;
	return m && isValidDate(`${m[1]}-${m[2]}-${m[3]}`)
		? `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}Z`
		: null;
}

function eventTimes(event: IcsEvent): string[] {
	const start = utc(event.startsAt);
	if (!start) return when(event.date, event.startTime, event.endTime);
	const end = utc(event.endsAt);
	return [`DTSTART:${start}`, ...(end && end > start ? [`DTEND:${end}`] : [])];
}

function eventLines(event: IcsEvent, domain: string, dtstamp: string): string[] {
	const uid = UID_PART.test(event.uid) ? event.uid : derivedId(event.uid);
	const url = event.url ? safeLink(event.url, WEB_SCHEMES) : null;
	return [
		'BEGIN:VEVENT',
		`UID:${uid}@${domain}`,
		`DTSTAMP:${dtstamp}`,
		...eventTimes(event),
		`SUMMARY:${escapeIcsText(event.summary)}`,
		...(event.location ? [`LOCATION:${escapeIcsText(event.location)}`] : []),
		...(url ? [`URL:${url}`] : []),
		...(event.description ? [`DESCRIPTION:${escapeIcsText(event.description)}`] : []),
		...(event.transparent ? ['TRANSP:TRANSPARENT'] : []),
		'END:VEVENT'
	];
}

/** One VCALENDAR of the events that have a valid date. */
export function icsCalendar(events: IcsEvent[], options: IcsCalendarOptions = {}): string {
	const domain = (options.uidDomain ?? '').replace(/[^A-Za-z0-9.-]/g, '') || 'plenary';
	const dtstamp = stamp(options.now);
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Plenary//Meeting minutes//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		...(options.name?.trim() ? [`X-WR-CALNAME:${escapeIcsText(options.name.trim())}`] : [])
	];
	for (const event of events) {
		if (isValidDate(event.date)) lines.push(...eventLines(event, domain, dtstamp));
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
