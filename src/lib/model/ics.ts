/**
 * Calendar export of one meeting: the next meeting, the events announced, and the due dates of
 * open actions, as VEVENTs of one VCALENDAR. ics-format.ts writes the file and escapes and
 * checks every value; the UIDs are `<meeting id>-<block id>`, ids as exports write them
 * (export-ids.ts), never as the document holds them.
 */
import * as Y from 'yjs';
import { exportView, type ExportOptions } from './export-common';
import { icsCalendar, type IcsCalendarOptions, type IcsEvent } from './ics-format';

export interface IcsOptions extends ExportOptions, IcsCalendarOptions {}

/** An event of a meeting, with what it comes from (the group calendar picks by kind). */
export interface MeetingIcsEvent extends IcsEvent {
	kind: 'next' | 'event' | 'action';
}

/** The meeting's dated events; private items left out unless asked for, then marked. */
export function meetingIcsEvents(doc: Y.Doc, options: ExportOptions = {}): MeetingIcsEvent[] {
	const { meeting, list, meetingBlocks } = exportView(doc, options);
	const id = meeting.meetingId;
	const title = meeting.header.title.trim() || 'Meeting';
	const events: MeetingIcsEvent[] = [];
	const n = meeting.next;
	if (n.date) {
		const description = [
			n.topic && `Topic: ${n.topic}`,
			n.facilitator && `Facilitator: ${n.facilitator}`,
			n.minuteTaker && `Minutes: ${n.minuteTaker}`,
			`Follows: ${title}`
		].filter(Boolean);
		events.push({
			kind: 'next',
			uid: `${id}-next`,
			date: n.date,
			startTime: n.startTime,
			endTime: n.endTime,
			summary: n.topic ? `Next meeting: ${n.topic}` : `Next meeting after ${title}`,
			location: n.venue,
			description: description.join('\n')
		});
	}
	const held = new Set(list.filter((item) => item.isHeld).flatMap((item) => item.blocks));
	for (const b of [...meetingBlocks, ...list.flatMap((item) => item.blocks)]) {
		const heldNote = held.has(b) ? '\nNot for publication' : '';
		if (b.kind === 'event' && b.date) {
			events.push({
				kind: 'event',
				uid: `${id}-${b.id}`,
				date: b.date,
				startTime: b.time,
				summary: b.title || 'Event',
				location: b.place,
				url: b.link,
				description: `Announced in: ${title}${heldNote}`
			});
		} else if (b.kind === 'action' && b.due && !b.done) {
			const owners = b.owners.length ? ` (${b.owners.join(', ')})` : '';
			events.push({
				kind: 'action',
				uid: `${id}-${b.id}`,
				date: b.due,
				summary: `Due: ${b.what || 'action'}${owners}`,
				description: `Action from: ${title}${heldNote}`,
				transparent: true
			});
		}
	}
	return events;
}

/** The meeting's dates as an iCalendar file. */
export function meetingToIcs(doc: Y.Doc, options: IcsOptions = {}): string {
	return icsCalendar(meetingIcsEvents(doc, options), options);
}
