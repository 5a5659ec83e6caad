import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaList } from './agenda';
import { addAction, allBlocks, updateBlock } from './blocks';
import { CARRIED_ACTIONS_TITLE } from './follow-up';
import { addPerson, createMeeting, meetingSnapshot, setNextMeeting } from './minutes';
import { followedMeeting } from './plan-links';
import { createPlannedMeeting, planNextMeeting } from './plan-next';
import { addAgendaItem } from './agenda';

const MARCH = 'meeting_march_0000000001';
const ROTA = ['Amara', 'Ben', 'Chidi'];

function march(): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, {
		meetingId: MARCH,
		title: 'March meeting',
		date: '2026-03-31',
		startTime: '18:30',
		endTime: '21:00',
		venue: 'Birkbeck'
	});
	addPerson(doc, { name: 'Chidi', roles: ['facilitator'] });
	addPerson(doc, { name: 'Amara', roles: ['minute-taker'] });
	const item = addAgendaItem(doc, { title: 'Repairs' });
	addAgendaItem(doc, { title: 'Any other business' });
	addAction(doc, {
		itemId: item,
		what: 'Write to the landlord',
		owners: ['Ben'],
		due: '2026-04-07'
	});
	const done = addAction(doc, { itemId: item, what: 'Book the room', owners: ['Dana'] });
	updateBlock(doc, done, { done: true });
	return doc;
}

describe('planning the next meeting', () => {
	it('rotates roles from the rota (wrap-around), carries the open actions and the template', () => {
		const plan = planNextMeeting(march(), { rota: ROTA });
		expect(plan).toMatchObject({
			followsMeetingId: MARCH,
			facilitator: 'Amara',
			facilitatorFrom: 'rota',
			minuteTaker: 'Ben',
			minuteTakerFrom: 'rota',
			agenda: ['Repairs', 'Any other business'],
			carried: [{ what: 'Write to the landlord', owners: ['Ben'], due: '2026-04-07' }],
			date: '',
			startTime: '18:30',
			venue: 'Birkbeck'
		});
	});

	it('the next-meeting block’s date and names win over the schedule and the rota', () => {
		const doc = march();
		setNextMeeting(doc, { date: '2026-04-21', startTime: '19:00', facilitator: 'Dana' });
		const plan = planNextMeeting(doc, {
			rota: ROTA,
			scheduled: { date: '2026-04-28', start: '18:30', end: '21:00', venue: 'Library' }
		});
		expect(plan).toMatchObject({
			date: '2026-04-21',
			startTime: '19:00',
			endTime: '',
			whenFrom: 'next-meeting block',
			facilitator: 'Dana',
			facilitatorFrom: 'next-meeting block',
			minuteTaker: 'Ben',
			minuteTakerFrom: 'rota'
		});
	});

	it('without a date in the block, the schedule’s date, times and venue', () => {
		const plan = planNextMeeting(march(), {
			rota: [],
			scheduled: { date: '2026-04-28', start: '18:30', end: '21:00', venue: 'Library' }
		});
		expect(plan).toMatchObject({
			date: '2026-04-28',
			startTime: '18:30',
			endTime: '21:00',
			venue: 'Library',
			whenFrom: 'schedule',
			facilitator: '',
			facilitatorFrom: 'nowhere'
		});
	});

	it('a member missing from the rota: the rota goes on from the minute-taker', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: MARCH, title: 'March' });
		addPerson(doc, { name: 'A visitor', roles: ['facilitator'] });
		addPerson(doc, { name: 'Ben', roles: ['minute-taker'] });
		expect(planNextMeeting(doc, { rota: ROTA })).toMatchObject({
			facilitator: 'Ben',
			minuteTaker: 'Chidi'
		});
	});

	it('creates the draft it showed, which records the meeting it follows', () => {
		const previous = march();
		const plan = planNextMeeting(previous, {
			rota: ROTA,
			scheduled: { date: '2026-04-28', start: '18:30', end: '21:00', venue: 'Library' }
		});
		const april = new Y.Doc();
		createPlannedMeeting(previous, april, plan, { meetingId: 'meeting_april_0000000001' });
		const snap = meetingSnapshot(april);
		expect(followedMeeting(april)).toBe(MARCH);
		expect(snap.header).toMatchObject({
			date: '2026-04-28',
			venue: 'Library',
			title: 'March meeting'
		});
		expect(snap.attendance).toMatchObject({ facilitators: ['Amara'], minuteTakers: ['Ben'] });
		expect(agendaList(april).map((n) => n.title)).toEqual([
			CARRIED_ACTIONS_TITLE,
			'Repairs',
			'Any other business'
		]);
		expect(allBlocks(april).map((b) => (b.kind === 'action' ? b.what : ''))).toEqual(
			plan.carried.map((c) => c.what)
		);
	});
});
