/**
 * Planning the next meeting from this one: what the draft will hold, shown before it is made
 * (date, times and venue; who facilitates and takes minutes; the agenda template; the open
 * actions carried forward), then the draft itself, written by `createFollowUpMeeting`.
 *
 * Where each part comes from:
 * - date, times, venue: the meeting's next-meeting block when it gives a date; otherwise the
 *   group's schedule (`scheduled`, the first coming date after this meeting, given by the caller
 *   from schedule-dates.ts), otherwise the block's times and venue with no date;
 * - roles: the next-meeting block's names when it gives them; otherwise the group's rota
 *   (rota.ts), turned on from this meeting's facilitator and minute-taker.
 */
import type * as Y from 'yjs';
import type { ActionBlock } from './blocks';
import { CARRIED_ACTIONS_TITLE, createFollowUpMeeting } from './follow-up';
import { meetingSnapshot } from './minutes';
import { nextRoles } from './rota';

/** One coming date of the group's schedule (schedule-dates.ts `comingMeetings`). */
export interface ScheduledDate {
	date: string;
	start: string;
	end: string;
	venue: string;
}

export type WhenSource = 'next-meeting block' | 'schedule' | 'this meeting' | 'nowhere';
export type RoleSource = 'next-meeting block' | 'rota' | 'nowhere';

export interface CarriedAction {
	what: string;
	owners: string[];
	due: string;
}

export interface NextMeetingPlan {
	followsMeetingId: string;
	title: string;
	date: string;
	startTime: string;
	endTime: string;
	venue: string;
	whenFrom: WhenSource;
	facilitator: string;
	facilitatorFrom: RoleSource;
	minuteTaker: string;
	minuteTakerFrom: RoleSource;
	/** Top-level titles of the agenda template, in order. */
	agenda: string[];
	/** The open actions that go into the first item, "Actions from the last meeting". */
	carried: CarriedAction[];
}

export interface PlanInput {
	/** The group's rota (rota.ts `groupRota`); empty: roles only from the next-meeting block. */
	rota: string[];
	/** The schedule's first coming date after this meeting, or null/absent for none. */
	scheduled?: ScheduledDate | null;
}

export function planNextMeeting(previous: Y.Doc, input: PlanInput): NextMeetingPlan {
	const snap = meetingSnapshot(previous);
	const { next, header } = snap;
	const scheduled = input.scheduled ?? null;
	let when: Pick<NextMeetingPlan, 'date' | 'startTime' | 'endTime' | 'venue' | 'whenFrom'>;
	if (next.date) {
		when = {
			date: next.date,
			startTime: next.startTime || header.startTime,
			endTime: next.endTime || (next.startTime ? '' : header.endTime),
			venue: next.venue || header.venue,
			whenFrom: 'next-meeting block'
		};
	} else if (scheduled) {
		when = {
			date: scheduled.date,
			startTime: next.startTime || scheduled.start,
			endTime: next.endTime || (next.startTime ? '' : scheduled.end),
			venue: next.venue || scheduled.venue,
			whenFrom: 'schedule'
		};
	} else {
		when = {
			date: '',
			startTime: next.startTime || header.startTime,
			endTime: next.endTime || (next.startTime ? '' : header.endTime),
			venue: next.venue || header.venue,
			whenFrom: next.startTime || next.venue ? 'next-meeting block' : 'this meeting'
		};
	}
	const rotated = nextRoles(input.rota, {
		facilitator: snap.attendance.facilitators[0] ?? '',
		minuteTaker: snap.attendance.minuteTakers[0] ?? ''
	});
	const role = (typed: string, fromRota: string | undefined) =>
		typed.trim()
			? { name: typed.trim(), from: 'next-meeting block' as const }
			: fromRota
				? { name: fromRota, from: 'rota' as const }
				: { name: '', from: 'nowhere' as const };
	const facilitator = role(next.facilitator, rotated?.facilitator);
	const minuteTaker = role(next.minuteTaker, rotated?.minuteTaker);
	return {
		followsMeetingId: snap.meetingId,
		title: next.topic || header.title,
		...when,
		facilitator: facilitator.name,
		facilitatorFrom: facilitator.from,
		minuteTaker: minuteTaker.name,
		minuteTakerFrom: minuteTaker.from,
		agenda: snap.agenda.filter((n) => n.title !== CARRIED_ACTIONS_TITLE).map((n) => n.title),
		carried: snap.blocks
			.filter((b): b is ActionBlock => b.kind === 'action' && !b.done)
			.map(({ what, owners, due }) => ({ what, owners, due }))
	};
}

/** Writes the planned draft's first content into `doc` (empty); returns its meeting id. */
export function createPlannedMeeting(
	previous: Y.Doc,
	doc: Y.Doc,
	plan: NextMeetingPlan,
	options: { meetingId?: string; createdAt?: string } = {},
	origin?: unknown
): string {
	return createFollowUpMeeting(
		previous,
		doc,
		{
			...options,
			title: plan.title,
			when: {
				date: plan.date,
				startTime: plan.startTime,
				endTime: plan.endTime,
				venue: plan.venue
			},
			roles: { facilitator: plan.facilitator, minuteTaker: plan.minuteTaker }
		},
		origin
	);
}
