import { describe, expect, it } from 'vitest';
import { readContext, type ReadContext } from '../context';
import { eventLine } from './events';
import { recogniseBlock } from './index';

function ctx(meetingDate = '2026-03-12'): ReadContext {
	return { ...readContext('free'), meetingDate };
}

describe('events in the free reading', () => {
	it('reads a line that leads with the date and names the event after a dash or colon', () => {
		expect(
			eventLine(
				'21 March 2026 (11am) — Stall at the Saturday market, details: https://example.org/events/market-stall',
				ctx()
			)
		).toEqual({
			block: {
				kind: 'event',
				title: 'Stall at the Saturday market',
				date: '2026-03-21',
				time: '11:00',
				place: '',
				link: 'https://example.org/events/market-stall'
			},
			keepWords: false
		});
		expect(
			eventLine('Sat 4 April, 2pm: Citywide housing demo, meet at the fountain', ctx())
		).toEqual({
			block: {
				kind: 'event',
				title: 'Citywide housing demo',
				date: '2026-04-04',
				time: '14:00',
				place: 'the fountain',
				link: ''
			},
			keepWords: false
		});
		expect(
			eventLine('Saturday 9 May from 6.30pm – fundraiser gig at The Crown', ctx())?.block
		).toEqual({
			kind: 'event',
			title: 'Fundraiser gig',
			date: '2026-05-09',
			time: '18:30',
			place: 'The Crown',
			link: ''
		});
	});

	it('reads a line that names the event first and ends with the date', () => {
		expect(eventLine('Film night - Friday 8 May, 7pm, at the hall', ctx())?.block).toEqual({
			kind: 'event',
			title: 'Film night',
			date: '2026-05-08',
			time: '19:00',
			place: 'the hall',
			link: ''
		});
		expect(eventLine('Picnic: 3 May (noon) @ Victoria Park', ctx())?.block).toMatchObject({
			title: 'Picnic',
			time: '12:00',
			place: 'Victoria Park'
		});
	});

	it('keeps the words when the block cannot hold them: a range, an end time, more sentences', () => {
		const camp = eventLine('2 - 6 May 2022: Summer camp in Wales (https://camp.example.org)', {
			...ctx('2022-04-01')
		})!;
		expect(camp).toEqual({
			block: {
				kind: 'event',
				title: 'Summer camp in Wales',
				date: '2022-05-02',
				time: '',
				place: '',
				link: 'https://camp.example.org'
			},
			keepWords: true
		});
		expect(eventLine('11 May – 17 May: Rent strike week', ctx())).toMatchObject({
			block: { date: '2026-05-11' },
			keepWords: true
		});
		expect(eventLine('Sat 4 April, 2–4pm: Open day', ctx())).toMatchObject({
			block: { time: '14:00' },
			keepWords: true
		});
		expect(eventLine('On 2 April: open day. Bring food!', ctx())).toMatchObject({
			block: { title: 'Open day', date: '2026-04-02' },
			keepWords: true
		});
	});

	it('reads a time written apart from the date, before the place or after it', () => {
		expect(
			eventLine(
				'Eviction resistance training, Saturday 25 April (2pm), Cooper Street Social Centre',
				ctx()
			)
		).toEqual({
			block: {
				kind: 'event',
				title: 'Eviction resistance training',
				date: '2026-04-25',
				time: '14:00',
				place: 'Cooper Street Social Centre',
				link: ''
			},
			keepWords: false
		});
		expect(
			eventLine('Benefit gig, Friday 31 March from 8pm, The Grapes', ctx())?.block
		).toMatchObject({
			title: 'Benefit gig',
			time: '20:00',
			place: 'The Grapes'
		});
		expect(eventLine('7 April: Santa ride, meet at the station 10.30am', ctx())).toEqual({
			block: {
				kind: 'event',
				title: 'Santa ride',
				date: '2026-04-07',
				time: '10:30',
				place: 'the station',
				link: ''
			},
			keepWords: false
		});
	});

	it('keeps the words of a link label that says something', () => {
		expect(
			eventLine(
				"Concert: Saturday 25 April, 7.30pm, St John's Church. Tickets at https://example.org/t",
				ctx()
			)
		).toMatchObject({ block: { link: 'https://example.org/t' }, keepWords: true });
	});

	it('keeps the words of a date read one of two ways, and flags it once', () => {
		const context = ctx();
		expect(eventLine('The skip is booked for 3/4 and the pickers are ordered.', context)).toEqual({
			block: {
				kind: 'event',
				title: 'The skip is booked for 3/4 and the pickers are ordered',
				date: '2026-04-03',
				time: '',
				place: '',
				link: ''
			},
			keepWords: true
		});
		expect(eventLine('03/04 — Skip day', context)?.keepWords).toBe(true);
		expect(context.notices).toEqual([
			{ kind: 'ambiguous-date', text: '3/4', read: '2026-04-03' },
			{ kind: 'ambiguous-date', text: '03/04', read: '2026-04-03' }
		]);
	});

	it('takes the one link of a sentence beside the event', () => {
		const line =
			'Saturday 28 March, 12pm–4pm on the back field. Volunteer sign-up: https://example.org/fest';
		expect(eventLine(line, ctx())).toMatchObject({
			block: { date: '2026-03-28', time: '12:00', link: 'https://example.org/fest' },
			keepWords: true
		});
		const two = `${line} Map: https://example.org/map`;
		expect(eventLine(two, ctx())?.block.link).toBe('');
	});

	it('does not read a date mentioned in passing, a past date, or agenda timings', () => {
		expect(eventLine('nxt mtg Tue 7 Apr same time same place', ctx())).toBeNull();
		expect(eventLine('Next check-in Monday 30 March, 6pm, same link', ctx())).toBeNull();
		for (const line of [
			'The landlord replied on 2 March but gave no dates.',
			'2 March: the landlord replied.',
			'19:05 – Welcome and introductions',
			'Thursday 12 March 2026 — Community room',
			'1 March 2026: leaflets delivered',
			'Picnic: 3 May (noon) was fun',
			'Rent rose 3/4 of a percent - 2 - 6 people complained',
			'2 - 6 May 2022: Summer camp in Wales',
			'1. one Date: 12 March 2027, 19:00–21:00',
			'Deadline – 30 April'
		]) {
			expect(eventLine(line, ctx()), line).toBeNull();
		}
	});

	it('reads a sentence about what is coming, once the meeting date is known', () => {
		expect(
			eventLine(
				'The skip is booked for 5 April and the litter pickers have been ordered from the council.',
				ctx()
			)
		).toEqual({
			block: {
				kind: 'event',
				title:
					'The skip is booked for 5 April and the litter pickers have been ordered from the council',
				date: '2026-04-05',
				time: '',
				place: '',
				link: ''
			},
			keepWords: false
		});
		expect(
			eventLine(
				"Then the Climate Fair. It's on Saturday 20 June at Gorse Hill Park, 11am to 4pm. Come!",
				ctx()
			)
		).toMatchObject({
			block: { title: "It's on Saturday 20 June at Gorse Hill Park, 11am to 4pm", time: '11:00' },
			keepWords: true
		});
		for (const line of [
			'The skip is booked for 3/4.',
			'The end-of-term social is on Thursday 28 May after rehearsal.'
		]) {
			expect(eventLine(line, ctx('')), line).toBeNull();
		}
		expect(eventLine('The council replied on 20 March to say no.', ctx())).toBeNull();
		expect(eventLine('Next meeting: 1 July 2026, 19:00', ctx())).toBeNull();
		expect(eventLine('We meet again on 1 July 2026', ctx())).toBeNull();
	});

	it('puts a yearless date far before the meeting in the next year', () => {
		expect(eventLine('8 January: New year social', ctx('2026-12-15'))?.block).toMatchObject({
			date: '2027-01-08'
		});
		// Ten days before: past, not an event.
		expect(eventLine('5 December: Xmas social', ctx('2026-12-15'))).toBeNull();
	});

	it('before the meeting date is known, reads only the leading and trailing shapes', () => {
		expect(eventLine('On 5 May we will meet the council', ctx(''))).toBeNull();
	});

	it('before the meeting date is known, keeps the words of a date without a year', () => {
		expect(eventLine('Sat 4 April: Open day', ctx(''))).toEqual({
			block: { kind: 'event', title: 'Open day', date: '', time: '', place: '', link: '' },
			keepWords: true
		});
	});

	it('is one of the free reading recognisers', () => {
		expect(recogniseBlock('Sat 4 April, 2pm: Citywide housing demo', ctx())?.block).toMatchObject({
			kind: 'event',
			title: 'Citywide housing demo'
		});
	});
});
