/**
 * Calendar export (RFC 5545): the next meeting, the events announced, and the due dates of
 * open actions, as VEVENTs of one VCALENDAR. Lines end in CRLF and are folded at 75 octets;
 * TEXT values are escaped. Times are floating (local to the group), as minutes write them.
 */
import * as Y from 'yjs';
import { exportView, type ExportOptions } from './export-common';

export interface IcsOptions extends ExportOptions {
	/** DTSTAMP; default now. */
	now?: Date | string;
	/** Right-hand side of every UID; default 'plenary'. */
	uidDomain?: string;
}

/** Escape a TEXT value: backslash, semicolon, comma, newline. */
export function escapeIcsText(text: string): string {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
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

const compact = (date: string) => date.replace(/-/g, '');

function stamp(now: Date | string | undefined): string {
	const d = now === undefined ? new Date() : new Date(now);
	const valid = Number.isNaN(d.getTime()) ? new Date(0) : d;
	return valid
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

function nextDay(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function when(date: string, start: string, end: string): string[] {
	if (!start)
		return [`DTSTART;VALUE=DATE:${compact(date)}`, `DTEND;VALUE=DATE:${compact(nextDay(date))}`];
	const lines = [`DTSTART:${compact(date)}T${start.replace(':', '')}00`];
	if (end && end > start) lines.push(`DTEND:${compact(date)}T${end.replace(':', '')}00`);
	return lines;
}

/** The meeting's dates as an iCalendar file. */
export function meetingToIcs(doc: Y.Doc, options: IcsOptions = {}): string {
	const { meeting, list, meetingBlocks } = exportView(doc, options);
	const domain = (options.uidDomain ?? 'plenary').replace(/[^A-Za-z0-9.-]/g, '');
	const id = meeting.meetingId || 'meeting';
	const dtstamp = `DTSTAMP:${stamp(options.now)}`;
	const title = meeting.header.title.trim() || 'Meeting';
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Plenary//Meeting minutes//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH'
	];
	const event = (uid: string, body: string[]) => {
		lines.push('BEGIN:VEVENT', `UID:${uid}@${domain}`, dtstamp, ...body, 'END:VEVENT');
	};
	const n = meeting.next;
	if (n.date) {
		const description = [
			n.topic && `Topic: ${n.topic}`,
			n.facilitator && `Facilitator: ${n.facilitator}`,
			n.minuteTaker && `Minutes: ${n.minuteTaker}`,
			`Follows: ${title}`
		].filter(Boolean);
		event(`${id}-next`, [
			...when(n.date, n.startTime, n.endTime),
			`SUMMARY:${escapeIcsText(n.topic ? `Next meeting: ${n.topic}` : `Next meeting after ${title}`)}`,
			...(n.venue ? [`LOCATION:${escapeIcsText(n.venue)}`] : []),
			`DESCRIPTION:${escapeIcsText(description.join('\n'))}`
		]);
	}
	const blocks = [...meetingBlocks, ...list.flatMap((item) => item.blocks)];
	for (const b of blocks) {
		if (b.kind === 'event' && b.date) {
			event(`${id}-${b.id}`, [
				...when(b.date, b.time, ''),
				`SUMMARY:${escapeIcsText(b.title || 'Event')}`,
				...(b.place ? [`LOCATION:${escapeIcsText(b.place)}`] : []),
				...(/^https?:\/\/\S+$/i.test(b.link) ? [`URL:${b.link}`] : []),
				`DESCRIPTION:${escapeIcsText(`Announced in: ${title}`)}`
			]);
		} else if (b.kind === 'action' && b.due && !b.done) {
			const owners = b.owners.length ? ` (${b.owners.join(', ')})` : '';
			event(`${id}-${b.id}`, [
				...when(b.due, '', ''),
				`SUMMARY:${escapeIcsText(`Due: ${b.what || 'action'}${owners}`)}`,
				`DESCRIPTION:${escapeIcsText(`Action from: ${title}`)}`,
				'TRANSP:TRANSPARENT'
			]);
		}
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
