import { describe, expect, it } from 'vitest';
import type { Schedule } from './schedule';
import { comingMeetings } from './schedule-dates';

const LONDON: Schedule = {
	rule: 'FREQ=MONTHLY;BYDAY=-1TU',
	timeZone: 'Europe/London',
	start: '18:30',
	end: '21:00',
	venue: 'Birkbeck'
};

const dates = (list: { date: string }[]) => list.map((m) => m.date);

describe('comingMeetings', () => {
	it('gives the last Tuesday, also in months with five Tuesdays', () => {
		// March, June, September and December 2026 have five Tuesdays.
		expect(dates(comingMeetings(LONDON, '2026-02-28', 4))).toEqual([
			'2026-03-31',
			'2026-04-28',
			'2026-05-26',
			'2026-06-30'
		]);
		const fourth = { ...LONDON, rule: 'FREQ=MONTHLY;BYDAY=4TU' };
		expect(dates(comingMeetings(fourth, '2026-02-28', 1))).toEqual(['2026-03-24']);
		const fifth = { ...LONDON, rule: 'FREQ=MONTHLY;BYDAY=5TU' };
		expect(dates(comingMeetings(fifth, '2026-01-01', 4))).toEqual([
			'2026-03-31',
			'2026-06-30',
			'2026-09-29',
			'2026-12-29'
		]);
	});

	it('crosses a year end, and counts only days after the one given', () => {
		expect(dates(comingMeetings(LONDON, '2026-12-01', 3))).toEqual([
			'2026-12-29',
			'2027-01-26',
			'2027-02-23'
		]);
		expect(dates(comingMeetings(LONDON, '2026-12-29', 1))).toEqual(['2027-01-26']);
		expect(dates(comingMeetings(LONDON, '2026-12-28', 1))).toEqual(['2026-12-29']);
	});

	it('keeps 18:30 in London across both daylight-saving changes', () => {
		// British Summer Time 2026: 29 March to 25 October.
		const list = comingMeetings(LONDON, '2026-02-01', 9);
		const byDate = Object.fromEntries(list.map((m) => [m.date, m]));
		expect(byDate['2026-02-24']).toMatchObject({
			start: '18:30',
			end: '21:00',
			venue: 'Birkbeck',
			startsAt: '2026-02-24T18:30:00Z',
			endsAt: '2026-02-24T21:00:00Z'
		});
		expect(byDate['2026-03-31']).toMatchObject({
			start: '18:30',
			startsAt: '2026-03-31T17:30:00Z'
		});
		expect(byDate['2026-09-29']).toMatchObject({
			start: '18:30',
			startsAt: '2026-09-29T17:30:00Z'
		});
		expect(byDate['2026-10-27']).toMatchObject({
			start: '18:30',
			startsAt: '2026-10-27T18:30:00Z'
		});
	});

	it('keeps local times in New York across both changes, in the gap and the repeated hour', () => {
		// Eastern daylight time 2026: 8 March (02:00 → 03:00) to 1 November (02:00 → 01:00).
		const thursdays: Schedule = {
			rule: 'FREQ=WEEKLY;BYDAY=TH',
			timeZone: 'America/New_York',
			start: '19:00',
			end: '21:00',
			venue: ''
		};
		const [before, after] = comingMeetings(thursdays, '2026-03-01', 2);
		// 19:00 EST is midnight UTC of the next day; a week later 19:00 EDT is 23:00 UTC.
		expect(before).toMatchObject({ date: '2026-03-05', startsAt: '2026-03-06T00:00:00Z' });
		expect(after).toMatchObject({ date: '2026-03-12', startsAt: '2026-03-12T23:00:00Z' });
		const [autumn] = comingMeetings(thursdays, '2026-11-01', 1);
		expect(autumn).toMatchObject({ date: '2026-11-05', startsAt: '2026-11-06T00:00:00Z' });

		const night: Schedule = {
			...thursdays,
			rule: 'FREQ=MONTHLY;BYDAY=2SU',
			start: '02:30',
			end: '04:00'
		};
		// 02:30 does not exist on 8 March: RFC 5545 §3.3.10 drops that instance, the next is April's.
		expect(comingMeetings(night, '2026-02-08', 2)).toMatchObject([
			{ date: '2026-04-12', start: '02:30', startsAt: '2026-04-12T06:30:00Z' },
			{ date: '2026-05-10' }
		]);
		const early: Schedule = {
			...night,
			rule: 'FREQ=MONTHLY;BYDAY=1SU',
			start: '01:30',
			end: '04:00'
		};
		const [repeated] = comingMeetings(early, '2026-10-31', 1);
		// 01:30 happens twice on 1 November: the first, still daylight time (05:30 UTC).
		expect(repeated).toMatchObject({
			date: '2026-11-01',
			start: '01:30',
			startsAt: '2026-11-01T05:30:00Z'
		});
		expect(repeated.endsAt).toBe('2026-11-01T09:00:00Z');
	});

	it('stops at UNTIL and keeps an interval in one phase whatever the day asked from', () => {
		const until = { ...LONDON, rule: 'FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20260501' };
		expect(dates(comingMeetings(until, '2026-02-01', 10))).toEqual([
			'2026-02-24',
			'2026-03-31',
			'2026-04-28'
		]);
		const fortnight = { ...LONDON, rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO' };
		const fromMonday = dates(comingMeetings(fortnight, '2026-03-01', 3));
		const fromLater = dates(comingMeetings(fortnight, '2026-03-10', 2));
		expect(fromLater).toEqual(fromMonday.slice(1));
	});

	it('finds rare dates far ahead', () => {
		const leap = { ...LONDON, rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' };
		expect(dates(comingMeetings(leap, '2026-01-01', 2))).toEqual(['2028-02-29', '2032-02-29']);
	});

	it('rejects an invalid schedule, date or count with a clear message', () => {
		expect(() =>
			comingMeetings({ ...LONDON, rule: 'FREQ=MONTHLY;BYDAY=9TU' }, '2026-01-01', 3)
		).toThrow(/at most five/);
		expect(() => comingMeetings({ ...LONDON, timeZone: 'London' }, '2026-01-01', 3)).toThrow(
			/not a time zone/
		);
		expect(() => comingMeetings(LONDON, '31/12/2026', 3)).toThrow(/not a date/);
		expect(() => comingMeetings(LONDON, '2026-01-01', -1)).toThrow(/count must be/);
		expect(comingMeetings(LONDON, '2026-01-01', 0)).toEqual([]);
	});
});
