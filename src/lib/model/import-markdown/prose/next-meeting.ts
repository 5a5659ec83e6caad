/**
 * The next meeting written in prose anywhere in the minutes ("Next meeting: Thursday 6 April,
 * 7pm, Library", "The next meeting will be on Thursday 6 April at 7pm at the Library", "Date of
 * next meeting – …"), read in the free reading. Dates without a year fall after the meeting.
 */
import type { ReadContext } from '../context';
import { whenInLine } from './meeting-when';

export interface NextMeetingLine {
	date: string;
	start: string;
	end: string;
	venue: string;
	/** The next meeting cannot hold all of the line's words: the line stays in the notes too. */
	keepWords: boolean;
}

const LEAD =
	/^(?:(?:the|our)\s+)?(?:(?:date|day|time|date\s+(?:and|&)\s+time)\s+(?:of|for)\s+(?:the\s+|our\s+)?)?next\s+(?:general\s+|monthly\s+)?meeting\b(?:\s+(?:will|shall)\s+be|\s+is)?(?:\s+(?:held|on|scheduled\s+for))*\s*(?:[:–—]|\s-)?\s*/i;
const MEET = /^we\s+(?:will|shall)\s+(?:next\s+)?meet\s+(?:again\s+)?(?:on\s+)?/i;

/** The next meeting's date, times and venue in a line that names it, or null. */
export function nextMeetingLine(line: string, context: ReadContext): NextMeetingLine | null {
	const text = line.trim();
	const lead = LEAD.exec(text) ?? MEET.exec(text);
	if (!lead) return null;
	const body = text.slice(lead[0].length);
	const when = whenInLine(body, context, true);
	if (!when) return null;
	let venue = '';
	let rest = when.rest.replace(/[.\s]+$/, '');
	const at = /^(?:at|in)\s+(.+)$/i.exec(rest);
	const after = rest && body.replace(/[.\s]+$/, '').endsWith(rest);
	if (at || (after && rest.length <= 100 && !/[.!?]\s/.test(rest))) {
		venue = (at ? at[1] : rest).trim();
		rest = '';
	}
	return { date: when.date, start: when.start, end: when.end, venue, keepWords: Boolean(rest) };
}
