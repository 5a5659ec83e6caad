/**
 * The lines near the title that say when and where the meeting was ("Thursday 9 March 2023,
 * 19:00–21:15", "Meeting held on 5 May 2024 at 7pm at the Community Centre", "Venue – Hall"),
 * read in the free reading only, so they fill the header instead of opening an agenda item.
 */
import type { ReadContext } from '../context';
import { whenInLine } from './meeting-when';

export interface MeetingWhere {
	date: string;
	start: string;
	end: string;
	venue: string;
	/** The header cannot hold all of the line's words: the line stays in the notes as well. */
	keepWords: boolean;
}

/** Words that only introduce the date ("Minutes of the meeting of", "Meeting held on"). */
const LEAD =
	/^(?:(?:the\s+)?minutes\s+(?:of|from)\s+(?:the\s+|our\s+)?(?:[a-z'’-]+\s+){0,4}?(?:meeting|assembly|session)(?:\s*,\s*|\s+(?:(?:was\s+)?held\s+)?(?:of|on)?\s*)|(?:the\s+)?(?:[a-z'’-]+\s+){0,3}?(?:meeting|assembly|session)\s+(?:was\s+)?held\s+(?:on\s+)?|(?:date|time|when|date\s+(?:and|&)\s+time)\s*[:–—-]\s*|held\s+on\s+)/i;

/** A venue line: "held at …", "Venue – …", "at the Community Centre, 12 High St". */
const VENUE =
	/^(?:(?:the\s+)?(?:meeting\s+)?(?:was\s+)?held\s+(?:at|in)\s+|(?:venue|location|place|where)\s*(?:[:–—]|\s-)\s*|at\s+(?=the\s|[A-Z0-9])|@\s*)(.+)$/i;

/** Where the date or time begins a line: a weekday, a month, a number, "noon". */
const STARTS_WHEN =
	/^(?:on\s+|from\s+|at\s+)?(?:\(|\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?|noon\b|midday\b)/i;

function cleanVenue(text: string): string {
	return text
		.replace(/^(?:at|in)\s+/i, '')
		.replace(/[\s.;,]+$/, '')
		.trim();
}

/** The meeting's date, times and venue in a line near the title, or null. */
export function meetingWhereLine(line: string, context: ReadContext): MeetingWhere | null {
	const text = line.trim();
	const venue = VENUE.exec(text);
	if (venue && !whenInLine(venue[1], context)) {
		const place = cleanVenue(venue[1]);
		return place ? { date: '', start: '', end: '', venue: place, keepWords: false } : null;
	}
	const lead = LEAD.exec(text);
	const body = lead ? text.slice(lead[0].length) : text;
	if (!lead && !STARTS_WHEN.test(body)) return null;
	const when = whenInLine(body, context);
	if (!when) return null;
	let place = '';
	let keepWords = false;
	if (when.rest) {
		// What follows the date and times is where ("…, 19:00, Community room", "… at the Hall").
		const after = body
			.trimEnd()
			.replace(/[.\s]+$/, '')
			.endsWith(when.rest.replace(/[.\s]+$/, ''));
		// "… 10am–4pm both days": words after the time that are no place stay as written.
		const isPlace =
			/^(?:(?:[Aa]t|[Ii]n)\s+|[A-Z0-9]|[Oo]nline\b|on\s+(?:Zoom|Jitsi|Teams|zoom))/.test(when.rest);
		if (/^(?:at|in)\s+/i.test(when.rest) || (after && isPlace && when.rest.length <= 100)) {
			place = cleanVenue(when.rest);
		} else keepWords = true;
		if (/[.!?]\s+\S/.test(when.rest)) keepWords = true;
	}
	// "Minutes of the Branch Committee meeting": words beyond the stock ones name something.
	const stock =
		/^(?:minutes|of|from|the|our|meeting|assembly|session|was|held|on|date|time|when|and|&|[:,–—-])$/i;
	if (lead && lead[0].split(/\s+/).some((w) => w && !stock.test(w.replace(/[:,]$/, '')))) {
		keepWords = true;
	}
	return { date: when.date, start: when.start, end: when.end, venue: place, keepWords };
}

/** Words that say a sentence is about this meeting ("We met …", "the notes from Tuesday"). */
const ABOUT_MEETING =
	/\b(?:we\s+met|met\s+(?:on|at|from)|meeting|notes\s+(?:from|of)|minutes\s+(?:from|of))\b/i;

/**
 * The date, times and venue that sentences near the title give in passing ("Here are the notes
 * from Tuesday (4 June 2024). We met from 8pm until 9.30pm at Nadia's flat, 7 of us …"): only
 * sentences about the meeting; the line stays in the notes.
 */
export function meetingInProse(
	line: string,
	context: ReadContext
): Omit<MeetingWhere, 'keepWords'> | null {
	const out = { date: '', start: '', end: '', venue: '' };
	for (const sentence of line.split(/(?<=[.!?])\s+/)) {
		if (!ABOUT_MEETING.test(sentence)) continue;
		const when = whenInLine(sentence, context);
		if (!when) continue;
		out.date ||= when.date;
		if (!out.start) {
			out.start = when.start;
			out.end = when.end;
		}
		const at = /\b(?:at|in)\s+((?:the\s+)?[A-Z0-9][^,.;()]*)/.exec(when.rest);
		if (at && (when.start || when.date)) out.venue ||= at[1].trim();
	}
	return out.date || out.start ? out : null;
}
