/**
 * The next meeting written in prose anywhere in the minutes ("Next meeting: Thursday 6 April,
 * 7pm, Library", "The next meeting will be on Thursday 6 April at 7pm at the Library", "Date of
 * next meeting – …"), read in the free reading. Dates without a year fall after the meeting.
 */
import type { ReadContext } from '../context';
import { whenInLine } from './meeting-when';
import { ruleDate } from './rule';

export interface NextMeetingLine {
	date: string;
	start: string;
	end: string;
	venue: string;
	/** "Main item: rent" after the place. */
	topic: string;
	/** The next meeting cannot hold all of the line's words: the line stays in the notes too. */
	keepWords: boolean;
	/** Words besides the date, times, venue and topic (and their labels): a sentence. */
	hasRest: boolean;
}

const LEAD =
	/^(?:(?:the|our)\s+)?(?:(?:date|day|time|date\s+(?:and|&)\s+time)\s+(?:of|for)\s+(?:the\s+|our\s+)?)?(?:next|nxt)\s+(general\s+|monthly\s+|committee\s+)?(?:meeting|mtg|check-in|call|session|assembly)\b(?:\s+(?:will|shall)\s+be|\s+is)?(?:\s+(?:held|on|scheduled\s+for))*\s*(?:[:–—]|\s-)?\s*/i;
const MEET = /^we\s+(?:will|shall)\s+(?:next\s+)?meet\s+(?:again\s+)?(?:on\s+)?/i;

/** The next meeting's date, times and venue in a line that names it, or null. */
export function nextMeetingLine(line: string, context: ReadContext): NextMeetingLine | null {
	const text = line.trim();
	const lead = LEAD.exec(text) ?? MEET.exec(text);
	if (!lead) return null;
	const found = nextMeetingWhen(text.slice(lead[0].length), context);
	// "The next general meeting": the block has no room for "general".
	return found && lead[1] ? { ...found, keepWords: true } : found;
}

/**
 * The date, times, venue and topic of a line that gives the next meeting ("Wednesday 14
 * January, 7.30pm at The Plough. Main item: the walk"), or null without a date or time.
 */
export function nextMeetingWhen(body: string, context: ReadContext): NextMeetingLine | null {
	const written = whenInLine(body, context, true);
	const rule = nextMeetingRule(body, context);
	if (!written && !rule?.date) return null;
	const when = written ?? { date: '', start: '', end: '', rest: body };
	const date = rule?.date || when.date;
	let venue = '';
	let topic = '';
	let rest = when.rest.replace(/[.\s]+$/, '');
	// The rule's words ("the first Thursday of next month, which is") are no venue.
	if (rule?.rule) {
		const at = rest.indexOf(rule.rule);
		if (at >= 0) {
			const before = rest.slice(0, at).replace(/\bthe\s*$/i, '');
			const after = rest.slice(at + rule.rule.length).replace(/^[\s,;]*(?:which is\b)?/i, '');
			rest = `${before}${after}`.replace(/^[\s,;]+|[\s,;]+$/g, '');
		}
	}
	const main = /[.;]\s+(main\s+item|topic|theme|focus)\s*:\s*(.+)$/i.exec(rest);
	if (main) {
		topic = main[2].trim();
		rest = rest.slice(0, main.index);
	}
	// The block's key is "Topic": another label ("Main item") has no room in it.
	const isLabelDropped = Boolean(main && !/^topic$/i.test(main[1]));
	// "same time, at the library": the venue is what follows "at"; "same place" is no venue.
	const at = /(?:^|,\s*|\s)(?:at|in)\s+(.+)$/i.exec(rest);
	const after = rest && body.replace(/[.\s]+$/, '').endsWith(rest);
	const same = /\b(?:same|usual)\s+(?:time|place|link|venue|room)\b/i;
	if (at && !same.test(at[1])) {
		venue = at[1].trim();
		rest = rest.slice(0, at.index).replace(/[\s,;]+$/, '');
	} else if (after && rest.length <= 100 && !/[.!?]\s/.test(rest) && !same.test(rest)) {
		venue = rest;
		rest = '';
	}
	return {
		date,
		start: when.start,
		end: when.end,
		venue,
		topic,
		// The block holds the date, not the rule that gave it: its words stay in the notes.
		keepWords: Boolean(rest) || isLabelDropped || Boolean(rule?.rule),
		hasRest: Boolean(rest)
	};
}

/**
 * "The first Thursday of next month" (rule.ts) counted from the meeting: its date when no date
 * is written, and a notice when the written one disagrees with it.
 */
function nextMeetingRule(
	body: string,
	context: ReadContext
): { date: string; rule: string } | null {
	if (!context.meetingDate) return null;
	const found = ruleDate(body, context.meetingDate, { ...context, notices: [] });
	if (!found?.rule) return null;
	if (found.disagrees) {
		context.notices.push({ kind: 'ambiguous-date', text: found.rule, read: found.explicit });
	}
	return { date: found.date, rule: found.rule };
}
