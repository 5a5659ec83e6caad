/**
 * The group's calendar (the relay serves it as `/api/groups/<id>/calendar.ics`, see
 * docs/contract.md): one VCALENDAR, written by ics-format.ts, of
 *
 *   - the scheduled meetings: the schedule's coming dates (given, from schedule-dates.ts), except
 *     a date on which a meeting is planned, which stands in for it;
 *     UID `<groupId>-scheduled-<YYYYMMDD>`
 *   - the planned meetings: meetings of the directory dated today or later, with the times and
 *     venue of their minutes (the schedule's when the minutes have none and the date is a
 *     scheduled one); UID `<meetingId>-meeting`
 *   - the events of published minutes, from each meeting's latest published revision;
 *     UID `<meetingId>-<blockId>` as the meeting's own ICS export
 *   - the due dates of open actions, from the live minutes, all-day and shown as free time;
 *     UID `<meetingId>-<blockId>`
 *
 * Items held back from publication are left out of all of it. With a schedule, the group has a
 * time zone and timed entries are written in UTC (converted with temporal-polyfill: this module
 * is for the relay; no screen loads it); without one they are floating, as minutes write them.
 */
import { Temporal } from 'temporal-polyfill';
import type * as Y from 'yjs';
import type { DirectoryEntry } from './directory';
import { icsCalendar, type IcsEvent } from './ics-format';
import { meetingIcsEvents } from './ics';
import { header } from './minutes';
import { isValidTime } from './read';
import type { Schedule } from './schedule';
import type { ScheduledMeeting } from './schedule-dates';
import { describeRule } from './schedule-words';

export interface CalendarMeeting {
	entry: DirectoryEntry;
	/** The live minutes; null when not loaded. */
	minutes: Y.Doc | null;
	/** The latest published revision's minutes; null when never published. */
	published: Y.Doc | null;
}

/** What every meeting's entries are made with. */
export interface CalendarContext {
	groupId: string;
	groupName: string;
	schedule: Schedule | null;
	/** The schedule's coming meetings (`comingMeetings`), earliest first. */
	scheduled: ScheduledMeeting[];
	/** Today in the group's time zone, YYYY-MM-DD: meetings from this day on are "planned". */
	today: string;
}

/** One meeting's entries, and the date it is planned for (null when not a coming meeting). */
export interface MeetingEntries {
	plannedDate: string | null;
	events: IcsEvent[];
}

export interface GroupCalendarInput extends CalendarContext {
	/** Each meeting's entries, made with `meetingCalendarEvents` while its documents are open. */
	meetings: MeetingEntries[];
	/** DTSTAMP; default now. */
	now?: Date | string;
	/** Right-hand side of every UID. */
	uidDomain?: string;
}

/** The UTC instant of a local date and time in `zone` (a time in a gap moves past it). */
export function zonedInstant(date: string, time: string, zone: string): string {
	return Temporal.PlainDateTime.from(`${date}T${time}`)
		.toZonedDateTime(zone, { disambiguation: 'compatible' })
		.toInstant()
		.toString();
}

function inZone(event: IcsEvent, zone: string | null): IcsEvent {
	if (!zone || !event.startTime || !isValidTime(event.startTime)) return event;
	try {
		const startsAt = zonedInstant(event.date, event.startTime, zone);
		const endsAt =
			event.endTime && isValidTime(event.endTime) && event.endTime > event.startTime
				? zonedInstant(event.date, event.endTime, zone)
				: undefined;
		return { ...event, startsAt, endsAt };
	} catch {
		// A date Temporal cannot place (year 0000) stays floating rather than failing the feed.
		return event;
	}
}

const groupWord = (c: CalendarContext) => c.groupName.trim() || 'Group';

/** A meeting's entries: planned, published events, open actions' due dates (see the header). */
export function meetingCalendarEvents(
	{ entry, minutes, published }: CalendarMeeting,
	context: CalendarContext
): MeetingEntries {
	const zone = context.schedule?.timeZone ?? null;
	const group = groupWord(context);
	const events: IcsEvent[] = [];
	let plannedDate: string | null = null;
	if (entry.date && entry.date >= context.today) {
		plannedDate = entry.date;
		const h = minutes ? header(minutes) : null;
		const slot = context.scheduled.find((s) => s.date === entry.date);
		const timed = h?.startTime ? h : null;
		events.push(
			inZone(
				{
					uid: `${entry.meetingId}-meeting`,
					date: entry.date,
					startTime: timed?.startTime ?? slot?.start,
					endTime: timed ? timed.endTime : slot?.end,
					summary: entry.title.trim() || `${group} meeting`,
					location: h?.venue || slot?.venue || '',
					description: `Planned meeting of ${group} (${entry.status})`
				},
				zone
			)
		);
	}
	if (published) {
		for (const event of meetingIcsEvents(published)) {
			if (event.kind === 'event') events.push(inZone(event, zone));
		}
	}
	if (minutes) {
		for (const event of meetingIcsEvents(minutes)) {
			if (event.kind === 'action') events.push(event);
		}
	}
	return { plannedDate, events };
}

/** The calendar's events, in the order written: the meetings', then the scheduled ones. */
export function groupCalendarEvents(input: GroupCalendarInput): IcsEvent[] {
	const events = input.meetings.flatMap((m) => m.events);
	const planned = new Set(input.meetings.map((m) => m.plannedDate));
	const rule = input.schedule ? describeRule(input.schedule.rule) : '';
	for (const s of input.scheduled) {
		if (planned.has(s.date)) continue;
		events.push({
			uid: `${input.groupId}-scheduled-${s.date.replace(/-/g, '')}`,
			date: s.date,
			startTime: s.start,
			endTime: s.end,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			summary: `${groupWord(input)} meeting`,
			location: s.venue,
			description: `Scheduled: ${rule}`
		});
	}
	return events;
}

/** The group's calendar as an iCalendar file. */
export function groupCalendar(input: GroupCalendarInput): string {
	return icsCalendar(groupCalendarEvents(input), {
		now: input.now,
		uidDomain: input.uidDomain,
		name: input.groupName.trim() || 'Plenary'
	});
}

/** Today's date in `zone` (UTC without one), YYYY-MM-DD. */
export function todayIn(zone: string | null, now: Date = new Date()): string {
	return Temporal.Instant.fromEpochMilliseconds(now.getTime())
		.toZonedDateTimeISO(zone ?? 'UTC')
		.toPlainDate()
		.toString();
}
