/**
 * Schedules in words and in plain choices: what a chair picks in the group's settings
 * (every week or every month, which weekday, which week of the month, the last one included)
 * turned into an RRULE and back, and the same rules as a phrase ("last Tuesday of each
 * month") for screens, Markdown and the free reading of pasted minutes. A rule this app did
 * not make (say FREQ=YEARLY;BYMONTH=6) has no choices and is shown as the rule itself.
 */
import {
	checkRule,
	checkSchedule,
	deviceTimeZone,
	WEEKDAY_CODES,
	type Schedule,
	type WeekdayCode
} from './schedule';
import { formatTimeRange, parseTimeRange } from './dates';

export type Frequency = 'weekly' | 'monthly';
/** Week of the month: 1–5, or -1 for the last. */
export type WeekOfMonth = 1 | 2 | 3 | 4 | 5 | -1;

export interface ScheduleChoices {
	frequency: Frequency;
	weekday: WeekdayCode;
	/** Monthly only. */
	week: WeekOfMonth;
}

export const WEEKDAY_NAMES: Record<WeekdayCode, string> = {
	MO: 'Monday',
	TU: 'Tuesday',
	WE: 'Wednesday',
	TH: 'Thursday',
	FR: 'Friday',
	SA: 'Saturday',
	SU: 'Sunday'
};

export const WEEK_NAMES: Record<string, string> = {
	'1': 'first',
	'2': 'second',
	'3': 'third',
	'4': 'fourth',
	'5': 'fifth',
	'-1': 'last'
};

export const WEEKS_OF_MONTH: WeekOfMonth[] = [1, 2, 3, 4, 5, -1];

/** The RRULE for the choices. */
export function ruleFromChoices(c: ScheduleChoices): string {
	return c.frequency === 'weekly'
		? `FREQ=WEEKLY;BYDAY=${c.weekday}`
		: `FREQ=MONTHLY;BYDAY=${c.week}${c.weekday}`;
}

/** The choices a rule was made from; null for a rule the choices cannot express. */
export function choicesFromRule(rule: string): ScheduleChoices | null {
	let text: string;
	try {
		text = checkRule(rule);
	} catch {
		return null;
	}
	const weekly = /^FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)$/.exec(text);
	if (weekly) return { frequency: 'weekly', weekday: weekly[1] as WeekdayCode, week: 1 };
	const monthly = /^FREQ=MONTHLY;BYDAY=(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU)$/.exec(text);
	if (monthly) {
		return {
			frequency: 'monthly',
			weekday: monthly[2] as WeekdayCode,
			week: Number(monthly[1]) as WeekOfMonth
		};
	}
	return null;
}

/** "last Tuesday of each month", "every Tuesday"; the rule itself when it has no words. */
export function describeRule(rule: string): string {
	const c = choicesFromRule(rule);
	if (!c) return rule;
	const day = WEEKDAY_NAMES[c.weekday];
	return c.frequency === 'weekly' ? `every ${day}` : `${WEEK_NAMES[c.week]} ${day} of each month`;
}

/** "last Tuesday of each month, 18:30–21:00, Birkbeck". */
export function describeSchedule(s: Schedule): string {
	return [describeRule(s.rule), formatTimeRange(s.start, s.end), s.venue]
		.filter(Boolean)
		.join(', ');
}

const DAY = '(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?';
const ORDINALS: Record<string, WeekOfMonth> = {
	first: 1,
	'1st': 1,
	second: 2,
	'2nd': 2,
	third: 3,
	'3rd': 3,
	fourth: 4,
	'4th': 4,
	fifth: 5,
	'5th': 5,
	last: -1
};
const MEETS = '(?:(?:we|the group)\\s+)?(?:meets?|meeting)\\s+';
const MONTHLY_WORDS = new RegExp(
	`^(?:${MEETS})?(?:on\\s+)?(?:the\\s+|every\\s+|each\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\\s+${DAY}\\s+(?:of|in)\\s+(?:each|every|the)\\s+month$`,
	'i'
);
const WEEKLY_WORDS = new RegExp(
	`^(?:${MEETS})?(?:(?:on\\s+)?(?:every|each)\\s+(?:week\\s+on\\s+)?|weekly\\s+on\\s+)${DAY}$`,
	'i'
);

function weekdayCode(word: string): WeekdayCode {
	const two = word.slice(0, 2).toUpperCase();
	return WEEKDAY_CODES.find((c) => c === two)!;
}

/**
 * The rule for a phrase such as "last Tuesday of each month", "the 2nd Thursday of the
 * month", "every Monday", "weekly on Fridays"; null for anything else.
 */
export function ruleFromWords(text: string): string | null {
	const words = text.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
	const monthly = MONTHLY_WORDS.exec(words);
	if (monthly) {
		const week = ORDINALS[monthly[1].toLowerCase()];
		return ruleFromChoices({ frequency: 'monthly', weekday: weekdayCode(monthly[2]), week });
	}
	const weekly = WEEKLY_WORDS.exec(words);
	if (weekly)
		return ruleFromChoices({ frequency: 'weekly', weekday: weekdayCode(weekly[1]), week: 1 });
	return null;
}

/**
 * A schedule line as people write it: "last Tuesday of each month, 18:30–21:00, Birkbeck"
 * (the venue optional; a rule given as FREQ=… is taken as it is). Its parts without a time
 * zone, or null when the first part is not a recurrence or the times are missing.
 */
export function parseScheduleWords(
	text: string
): { rule: string; start: string; end: string; venue: string } | null {
	// Split at a comma and a space: a rule's own lists (BYDAY=MO,WE) have none.
	const [first, times, ...rest] = text.trim().split(/,\s+/);
	if (times === undefined) return null;
	let rule = ruleFromWords(first);
	if (!rule && /^(RRULE:)?FREQ=/i.test(first.trim())) {
		try {
			rule = checkRule(first);
		} catch {
			return null;
		}
	}
	const range = rule ? parseTimeRange(times.trim()) : null;
	if (!rule || !range || !range.end) return null;
	return { rule, start: range.start, end: range.end, venue: rest.join(', ').trim() };
}

/**
 * A whole schedule line as the Markdown dialect writes it, "last Tuesday of each month,
 * 18:30–21:00, Birkbeck (Europe/London)", or as people write it without the zone, which is
 * then `zone` (default: this runtime's). Null when it is not a schedule.
 */
export function readScheduleLine(text: string, zone = deviceTimeZone()): Schedule | null {
	const m = /^(.*?)\s*\(([A-Za-z][A-Za-z0-9_+/-]*)\)\s*$/.exec(text.trim());
	const parts = parseScheduleWords(m ? m[1] : text);
	if (!parts) return null;
	try {
		return checkSchedule({ ...parts, timeZone: m ? m[2] : zone });
	} catch {
		return null;
	}
}

/** The schedule as one line of the dialect (the venue as given: the caller escapes it). */
export function scheduleLine(s: Schedule, venue = s.venue): string {
	const words = [describeRule(s.rule), formatTimeRange(s.start, s.end), venue].filter(Boolean);
	return `${words.join(', ')} (${s.timeZone})`;
}
