/**
 * The next meeting's date as a rule relative to this meeting: "the first Thursday of next
 * month", "the last Monday of the month", "next Tuesday", "in two weeks", "a week today".
 * When the text also names a date ("…, which is Thursday 6 April") that date wins; if the rule
 * gives another day, a notice says so.
 */
import { isValidDate } from '../../read';
import type { ReadContext } from '../context';
import { findWhen } from './when';
import { MONTHS } from '../../dates';

export interface RuleDate {
	/** The date meant: the explicit date if there is one, else the rule's; '' if neither. */
	date: string;
	/** The rule's words as written ("first Thursday of next month"), or '' without a rule. */
	rule: string;
	/** The date the rule gives, or ''. */
	ruleDate: string;
	/** The date written out in the text, or ''. */
	explicit: string;
	/** Both were given and they are different days. */
	disagrees: boolean;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const ORDINALS: Record<string, number> = {
	first: 1,
	'1st': 1,
	second: 2,
	'2nd': 2,
	third: 3,
	'3rd': 3,
	fourth: 4,
	'4th': 4,
	last: -1
};
const COUNTS: Record<string, number> = {
	a: 1,
	one: 1,
	two: 2,
	three: 3,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8
};

const WD = '(sunday|monday|tuesday|wednesday|thursday|friday|saturday)';
const NTH_RULE = new RegExp(
	`\\b(first|1st|second|2nd|third|3rd|fourth|4th|last)\\s+${WD}\\s+(?:of|in)\\s+(the\\s+month|this\\s+month|next\\s+month|each\\s+month|every\\s+month|${MONTHS.join('|')})\\b`,
	'i'
);
const NEXT_RULE = new RegExp(`\\bnext\\s+${WD}\\b`, 'i');
const WEEKS_RULE =
	/\b(?:in\s+(a|one|two|three|four|five|six|seven|eight|\d)\s+weeks?(?:['’]?\s*time)?|in\s+a\s+fortnight(?:['’]s\s+time)?|(a|one|two|three|four)\s+weeks?\s+(?:today|tonight)|a\s+fortnight\s+(?:today|tonight)|(?:same|this)\s+time\s+next\s+week)\b/i;

function utc(date: string): Date {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
}

function isoOf(d: Date): string {
	return d.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
	const d = utc(date);
	d.setUTCDate(d.getUTCDate() + days);
	return isoOf(d);
}

/** The nth (or, with -1, the last) `weekday` of month `month` (0–11) of `year`. */
function nthWeekday(y: number, m: number, weekday: number, n: number): string {
	// Month 12 is the next year's January.
	const base = new Date(Date.UTC(y, m, 1));
	const [year, month] = [base.getUTCFullYear(), base.getUTCMonth()];
	if (n > 0) {
		const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
		const day = 1 + ((weekday - first + 7) % 7) + 7 * (n - 1);
		const d = new Date(Date.UTC(year, month, day));
		return d.getUTCMonth() === month ? isoOf(d) : '';
	}
	const last = new Date(Date.UTC(year, month + 1, 0));
	last.setUTCDate(last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7));
	return isoOf(last);
}

/** The date a rule in `text` gives for a meeting on `meetingDate`, and its words. */
function readRule(text: string, meetingDate: string): { rule: string; date: string } | null {
	let m = NTH_RULE.exec(text);
	if (m) {
		const n = ORDINALS[m[1].toLowerCase()];
		const weekday = WEEKDAYS.indexOf(m[2].toLowerCase());
		const which = m[3].toLowerCase().replace(/\s+/g, ' ');
		const [y, mo] = meetingDate.split('-').map(Number);
		let date: string;
		if (which === 'next month') date = nthWeekday(y, mo, weekday, n);
		else if (which === 'this month') date = nthWeekday(y, mo - 1, weekday, n);
		else if (MONTHS.includes(which)) {
			const month = MONTHS.indexOf(which);
			date = nthWeekday(y, month, weekday, n);
			if (date && date <= meetingDate) date = nthWeekday(y + 1, month, weekday, n);
		} else {
			// "of the month": the next such day after this meeting.
			date = nthWeekday(y, mo - 1, weekday, n);
			if (!date || date <= meetingDate) date = nthWeekday(y, mo, weekday, n);
		}
		return { rule: m[0], date };
	}
	m = NEXT_RULE.exec(text);
	if (m) {
		// The first such weekday after the meeting: "next Thursday" from a Thursday is a week on.
		const weekday = WEEKDAYS.indexOf(m[1].toLowerCase());
		const gap = (weekday - utc(meetingDate).getUTCDay() + 7) % 7 || 7;
		return { rule: m[0], date: addDays(meetingDate, gap) };
	}
	m = WEEKS_RULE.exec(text);
	if (m) {
		const count = m[1] ?? m[2];
		const weeks = count
			? (COUNTS[count.toLowerCase()] ?? Number(count))
			: /fortnight/i.test(m[0])
				? 2
				: 1;
		return { rule: m[0], date: addDays(meetingDate, 7 * weeks) };
	}
	return null;
}

/** The first date written in `text`, past any times before it ("at 7pm on 6 April"). */
function firstDate(text: string, ctx: ReadContext): string {
	let rest = text;
	for (let i = 0; i < 4; i++) {
		const when = findWhen(rest, ctx, { notBefore: true });
		if (!when || when.date) return when?.date ?? '';
		rest = when.after;
	}
	return '';
}

/**
 * The date "the first Thursday of next month, which is Thursday 6 April" means for a meeting
 * on `meetingDate`; null when the text names neither a rule nor a date. Without a known
 * meeting date a rule gives no date. A disagreement is noted in `context.notices`.
 */
export function ruleDate(
	text: string,
	meetingDate: string,
	context?: ReadContext
): RuleDate | null {
	try {
		const ctx: ReadContext = {
			mode: 'free',
			dateOrder: context?.dateOrder ?? 'dmy',
			meetingDate: isValidDate(meetingDate) ? meetingDate : '',
			notices: context?.notices ?? []
		};
		const found = ctx.meetingDate ? readRule(text, ctx.meetingDate) : null;
		const explicit = firstDate(text, ctx);
		if (!found && !explicit) return null;
		const rule = found?.rule ?? '';
		const fromRule = found?.date ?? '';
		const disagrees = Boolean(explicit && fromRule && explicit !== fromRule);
		if (disagrees) ctx.notices.push({ kind: 'ambiguous-date', text: rule, read: explicit });
		return { date: explicit || fromRule, rule, ruleDate: fromRule, explicit, disagrees };
	} catch {
		return null;
	}
}
