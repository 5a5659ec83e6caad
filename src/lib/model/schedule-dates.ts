/**
 * A schedule's coming meetings, expanded with rrule-temporal (which carries its own Temporal
 * when the runtime has none): dates and times are those of the group's time zone, so a
 * meeting at 18:30 stays at 18:30 across both daylight-saving changes while its UTC instant
 * moves. A start time that does not exist on a day (inside the spring-forward gap) gives no
 * meeting that day, as RFC 5545 §3.3.10 requires; a time that happens twice is the first. This module is heavy (about 50 KB gzip): screens load it with `import()` where a
 * schedule is edited or expanded, never on a first screen.
 *
 * Every rule is expanded from one anchor, 3 January 2000 at the schedule's start time (a
 * Monday), so an INTERVAL keeps the same phase on every device and every day it is asked.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { isValidDate } from './read';
import { checkSchedule, ScheduleError, type Schedule } from './schedule';

export interface ScheduledMeeting {
	/** YYYY-MM-DD in the group's time zone. */
	date: string;
	/** HH:MM in the group's time zone. */
	start: string;
	end: string;
	venue: string;
	/** The start and end as UTC instants, `2026-03-31T17:30:00Z`. */
	startsAt: string;
	endsAt: string;
}

const ANCHOR = '20000103';
const MAX_COUNT = 500;
const DAY_MS = 86_400_000;
/** No rule this app accepts leaves more than this without a meeting (a 29 February is 8 years). */
const MAX_SPAN_YEARS = 12;

type Occurrence = ReturnType<RRuleTemporal['all']>[number];

function expander(s: Schedule): RRuleTemporal {
	const time = s.start.replace(':', '') + '00';
	try {
		return new RRuleTemporal({
			rruleString: `DTSTART;TZID=${s.timeZone}:${ANCHOR}T${time}\nRRULE:${s.rule}`
		});
	} catch (error) {
		throw new ScheduleError(
			`the rule ${s.rule} cannot be read: ${error instanceof Error ? error.message : String(error)}`
		);
	}
}

const hhmm = (z: Occurrence) =>
	`${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;

function meeting(z: Occurrence, s: Schedule): ScheduledMeeting {
	const ends = z.withPlainTime(s.end);
	return {
		date: z.toPlainDate().toString(),
		start: hhmm(z),
		end: hhmm(ends),
		venue: s.venue,
		startsAt: z.toInstant().toString(),
		endsAt: ends.toInstant().toString()
	};
}

/**
 * The next `count` meetings of `schedule` on days after `after` (YYYY-MM-DD, in the group's
 * time zone), earliest first; fewer when the rule ends (UNTIL). A ScheduleError for an invalid
 * schedule, date or count.
 */
export function comingMeetings(
	schedule: Schedule,
	after: string,
	count: number
): ScheduledMeeting[] {
	const s = checkSchedule(schedule);
	if (!isValidDate(after)) throw new ScheduleError(`“${after}” is not a date (YYYY-MM-DD)`);
	if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
		throw new ScheduleError(`count must be a whole number from 0 to ${MAX_COUNT}`);
	}
	if (count === 0) return [];
	const rule = expander(s);
	// Midnight UTC of `after`: in every zone the next day starts later. Filtered by date below.
	const from = new Date(Date.parse(`${after}T00:00:00Z`));
	const found: ScheduledMeeting[] = [];
	let spanDays = 62;
	for (;;) {
		const to = new Date(from.getTime() + spanDays * DAY_MS);
		let hits: Occurrence[];
		try {
			hits = rule.between(from, to, true);
		} catch (error) {
			throw new ScheduleError(
				`the rule ${s.rule} cannot be expanded: ${error instanceof Error ? error.message : String(error)}`
			);
		}
		found.length = 0;
		for (const z of hits) {
			const m = meeting(z, s);
			if (m.date > after) found.push(m);
			if (found.length === count) return found;
		}
		if (spanDays >= MAX_SPAN_YEARS * 366) return found;
		spanDays = Math.min(spanDays * 4, MAX_SPAN_YEARS * 366);
	}
}
