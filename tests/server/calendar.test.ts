/**
 * The group's calendar feed on a real relay, parsed by a real iCalendar parser (ical.js):
 * scheduled meetings in UTC, a planned meeting standing in for the scheduled one on its day,
 * events of published minutes only, open actions' due dates (all-day), nothing held back from
 * publication; tokens as every route takes them, and never one in the logs.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate } from '../../src/lib/model/dates.ts';
import { zonedInstant } from '../../src/lib/model/group-calendar.ts';
import { setSchedule } from '../../src/lib/model/schedule.ts';
import { createLogger } from '../../server/log.ts';
import {
	connectClient,
	createGroup,
	startTestRelay,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

const lines: string[] = [];
let relay: TestRelay;
let group: Group;
let other: Group;
const clients: Client[] = [];

const DAY = 86_400_000;
const dayFrom = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const WEEKDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

// Ten days on: the planned meeting, on a day the weekly schedule also names.
const planned = dayFrom(10);
const past = dayFrom(-30);
const eventDay = dayFrom(40);
const dueDay = dayFrom(20);
const heldDue = dayFrom(21);
const draftEventDay = dayFrom(50);

const PUBLISHED = `# Autumn assembly

Date: ${formatLongDate(past)}, 19:00–21:00
Venue: Birkbeck

## 1. Campaigns

Event: ${formatLongDate(eventDay)}, 11:00 — Street stall; bring leaflets — Market square — https://example.org/stall
Action: Ahmed — print leaflets, due ${dueDay}

## 2. Personnel (not for publication)

Action: Sam — call the caretaker, due ${heldDue}
`;

const PLANNED = `# Winter assembly

Date: ${formatLongDate(planned)}, 19:15–21:30
Venue: Library, room 2

## 1. Agenda

Event: ${formatLongDate(draftEventDay)} — Draft-only social — Pub
`;

async function importMinutes(markdown: string): Promise<string> {
	const response = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${group.tokens.edit}` },
		body: markdown
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { meetingId: string }).meetingId;
}

function feed(query: string, headers: Record<string, string> = {}, g = group) {
	return fetch(`${relay.httpUrl}/api/groups/${g.groupId}/calendar.ics${query}`, { headers });
}

interface Entry {
	uid: string;
	summary: string;
	location: string | null;
	start: ICAL.Time;
	end: ICAL.Time | null;
	transparent: boolean;
}

function parse(text: string): { name: string; events: Entry[] } {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const events = calendar.getAllSubcomponents('vevent').map((c) => {
		const event = new ICAL.Event(c);
		return {
			uid: event.uid,
			summary: event.summary,
			location: event.location,
			start: event.startDate,
			end: c.hasProperty('dtend') ? event.endDate : null,
			transparent: c.getFirstPropertyValue('transp') === 'TRANSPARENT'
		};
	});
	return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

let meetingPublished: string;
let meetingPlanned: string;

beforeAll(async () => {
	relay = await startTestRelay({}, { logger: createLogger('debug', (line) => lines.push(line)) });
	group = await createGroup(relay.httpUrl, 'Riverside, Tenants; Union');
	other = await createGroup(relay.httpUrl, 'Elsewhere');
	meetingPublished = await importMinutes(PUBLISHED);
	meetingPlanned = await importMinutes(PLANNED);
	const published = await fetch(
		`${relay.httpUrl}/api/groups/${group.groupId}/meetings/${meetingPublished}/publish`,
		{ method: 'POST', headers: { Authorization: `Bearer ${group.tokens.edit}` } }
	);
	expect(published.status).toBe(201);
	const weekday = WEEKDAY[new Date(`${planned}T12:00:00Z`).getUTCDay()];
	const editor = connectClient(relay.syncUrl, group.groupId, group.tokens.edit);
	clients.push(editor);
	await waitSynced(editor);
	setSchedule(editor.doc, {
		rule: `FREQ=WEEKLY;BYDAY=${weekday}`,
		timeZone: 'America/New_York',
		start: '18:30',
		end: '21:00',
		venue: 'Birkbeck, Malet Street'
	});
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

describe('the group calendar feed', () => {
	it('holds the scheduled and planned meetings, published events and open due dates', async () => {
		let text = '';
		await expect
			.poll(
				async () => {
					const response = await feed(`?token=${group.tokens.view}`);
					expect(response.status).toBe(200);
					expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
					text = await response.text();
					return text.includes('-scheduled-');
				},
				{ timeout: 15_000 }
			)
			.toBe(true);
		// Folded at 75 octets, CRLF line ends.
		for (const line of text.split('\r\n'))
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);

		const { name, events } = parse(text);
		// X-WR-CALNAME is TEXT to calendar apps; ical.js leaves an X- property's escapes as read.
		expect(name).toBe('Riverside\\, Tenants\\; Union');
		const uids = events.map((e) => e.uid);
		expect(new Set(uids).size).toBe(uids.length);

		// Scheduled: weekly, in UTC, none on the planned day; about a year of them.
		const scheduled = events.filter((e) => e.uid.includes('-scheduled-'));
		expect(scheduled.length).toBeGreaterThanOrEqual(50);
		expect(scheduled.length).toBeLessThanOrEqual(54);
		for (const s of scheduled) {
			expect(s.start.zone?.tzid).toBe('UTC');
			const local = s.start.toJSDate();
			const date = s.uid
				.match(/-scheduled-(\d{4})(\d{2})(\d{2})@/)!
				.slice(1)
				.join('-');
			expect(local.toISOString().replace('.000', '')).toBe(
				zonedInstant(date, '18:30', 'America/New_York')
			);
			expect(s.end!.toJSDate().getTime() - local.getTime()).toBe(150 * 60_000);
			expect(s.location).toBe('Birkbeck, Malet Street');
			expect(date).not.toBe(planned);
		}

		// Planned: the minutes' own times and venue, in the group's zone.
		const meeting = events.find((e) => e.uid === `${meetingPlanned}-meeting@plenary`)!;
		expect(meeting.summary).toBe('Winter assembly');
		expect(meeting.location).toBe('Library, room 2');
		expect(meeting.start.toJSDate().toISOString().replace('.000', '')).toBe(
			zonedInstant(planned, '19:15', 'America/New_York')
		);
		expect(meeting.end!.toJSDate().getTime() - meeting.start.toJSDate().getTime()).toBe(
			135 * 60_000
		);
		// A past meeting is not planned.
		expect(uids).not.toContain(`${meetingPublished}-meeting@plenary`);

		// The published event, with its semicolon and comma read back.
		const stall = events.find((e) => e.summary === 'Street stall; bring leaflets')!;
		expect(stall.uid.startsWith(`${meetingPublished}-`)).toBe(true);
		expect(stall.location).toBe('Market square');
		expect(stall.start.toJSDate().toISOString().replace('.000', '')).toBe(
			zonedInstant(eventDay, '11:00', 'America/New_York')
		);
		// A draft's event is not in it: only published minutes announce.
		expect(events.some((e) => e.summary.includes('Draft-only social'))).toBe(false);

		// The open action's due date, all-day and free time; the held one is left out.
		const due = events.find((e) => e.summary.startsWith('Due: print leaflets'))!;
		expect(due.start.isDate).toBe(true);
		expect(due.start.toString()).toBe(dueDay);
		expect(due.transparent).toBe(true);
		expect(events.some((e) => e.summary.includes('caretaker'))).toBe(false);
		expect(text).not.toContain('caretaker');
	});

	it('takes any token of the group, in the query or as a bearer', async () => {
		for (const token of Object.values(group.tokens)) {
			expect((await feed(`?token=${token}`)).status).toBe(200);
		}
		expect((await feed('', { Authorization: `Bearer ${group.tokens.comment}` })).status).toBe(200);
		expect((await feed('')).status).toBe(401);
		expect((await feed(`?token=${group.tokens.view}x`)).status).toBe(401);
		const foreign = await feed(`?token=${other.tokens.view}`);
		expect(foreign.status).toBe(403);
		expect(await foreign.json()).toEqual({ error: 'token of another group' });
		expect((await feed(`?token=a&token=b`)).status).toBe(400);
		const post = await fetch(
			`${relay.httpUrl}/api/groups/${group.groupId}/calendar.ics?token=${group.tokens.view}`,
			{
				method: 'POST'
			}
		);
		expect(post.status).toBe(405);
	});

	it('gives a group without a schedule or meetings a valid, empty calendar', async () => {
		const response = await feed(`?token=${other.tokens.view}`, {}, other);
		expect(response.status).toBe(200);
		const { name, events } = parse(await response.text());
		expect(name).toBe('Elsewhere');
		expect(lines.some((line) => line.includes('"calendar_served"'))).toBe(true);
		expect(events).toEqual([]);
	});

	it('never writes a token into the logs', async () => {
		// Refusals, a rotated token and a bad method too: each path a log line could take.
		await feed(`?token=${group.tokens.view}x`);
		await feed(`?token=${other.tokens.edit}`);
		const rotated = await fetch(`${relay.httpUrl}/api/groups/${other.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${other.tokens.edit}` }
		});
		const fresh = ((await rotated.json()) as { tokens: Record<string, string> }).tokens;
		await feed(`?token=${other.tokens.view}`, {}, other);
		await feed(`?token=${fresh.view}`, {}, other);
		expect(lines.length).toBeGreaterThan(3);
		const secrets = [
			...Object.values(group.tokens),
			...Object.values(other.tokens),
			...Object.values(fresh)
		].map((t) => t.split('.').at(-1)!);
		for (const line of lines) {
			for (const secret of secrets) expect(line).not.toContain(secret);
			expect(line).not.toContain('token=');
		}
		// The feed's requests and refusals are in the logs: a test of nothing would pass too.
		expect(lines.some((line) => line.includes('calendar.ics'))).toBe(true);
		expect(lines.some((line) => line.includes('"calendar_refused"'))).toBe(true);
	});
});
