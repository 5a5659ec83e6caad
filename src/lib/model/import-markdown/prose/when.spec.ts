import { describe, expect, it } from 'vitest';
import { readContext, type DateOrder, type ReadContext } from '../context';
import { ruleDate } from './rule';
import { findWhen, resolveYear } from './when';

function ctx(meetingDate = '2026-03-12', dateOrder: DateOrder = 'dmy'): ReadContext {
	return { ...readContext('free', dateOrder), meetingDate };
}

/** Date, end date, start and end of the first date/time in `text`. */
function when(text: string, context = ctx()): [string, string, string, string] | null {
	const w = findWhen(text, context);
	return w && [w.date, w.endDate, w.start, w.end];
}

describe('findWhen: dates and times anywhere in a line', () => {
	it('reads the forms people write a meeting date and its times in', () => {
		expect(when('Thursday 9 March 2023, 19:00–21:15')).toEqual([
			'2023-03-09',
			'',
			'19:00',
			'21:15'
		]);
		expect(when('Tue 3rd March, 6.30pm until 9pm')).toEqual(['2026-03-03', '', '18:30', '21:00']);
		expect(when('2024-03-05 19:00')).toEqual(['2024-03-05', '', '19:00', '']);
		expect(when('Thursday, March 9th, 2023')).toEqual(['2023-03-09', '', '', '']);
		expect(when('the 9th of March')).toEqual(['2026-03-09', '', '', '']);
		expect(when('Tue. 21st Sept')).toEqual(['2026-09-21', '', '', '']);
		expect(when('Sat 4 April, 2pm: demo')).toEqual(['2026-04-04', '', '14:00', '']);
		expect(when('7pm on Friday 8 May')).toEqual(['2026-05-08', '', '19:00', '']);
	});

	it('reads times with and without minutes, noon, midnight, 12pm and 12am', () => {
		expect(when('from 8pm until 9.30pm')).toEqual(['', '', '20:00', '21:30']);
		expect(when('7–9pm')).toEqual(['', '', '19:00', '21:00']);
		expect(when('11–1pm')).toEqual(['', '', '11:00', '13:00']);
		expect(when('10–11.30am')).toEqual(['', '', '10:00', '11:30']);
		expect(when('from 8pm until 9.30')).toEqual(['', '', '20:00', '21:30']);
		expect(when('19h30')).toEqual(['', '', '19:30', '']);
		expect(when('7 pm')).toEqual(['', '', '19:00', '']);
		expect(when('7 p.m.')).toEqual(['', '', '19:00', '']);
		expect(when('7pm')).toEqual(['', '', '19:00', '']);
		expect(when('noon')).toEqual(['', '', '12:00', '']);
		expect(when('12 noon')).toEqual(['', '', '12:00', '']);
		expect(when('midday')).toEqual(['', '', '12:00', '']);
		expect(when('midnight')).toEqual(['', '', '00:00', '']);
		expect(when('12pm')).toEqual(['', '', '12:00', '']);
		expect(when('12am')).toEqual(['', '', '00:00', '']);
		expect(when('13pm')).toBeNull();
		expect(when('25:00')).toBeNull();
	});

	it('reads an hour alone only after "at" or "from", and evening hours as such', () => {
		expect(when('at 7')).toEqual(['', '', '19:00', '']);
		expect(when("at 7 o'clock")).toEqual(['', '', '19:00', '']);
		expect(when('at 10')).toEqual(['', '', '10:00', '']);
		expect(when('at 7.30')).toEqual(['', '', '19:30', '']);
		expect(when('at 07.30')).toEqual(['', '', '07:30', '']);
		expect(when('meet at 7 Alder Court')).toBeNull();
		expect(when('a rise of 7%')).toBeNull();
		expect(when('from 2 to 5 people')).toBeNull();
		expect(when('the rent is 3.45 a week')).toBeNull();
		expect(when('we counted 7 of them')).toBeNull();
	});

	it('gives the words around the date and time, brackets with the time', () => {
		const w = findWhen('21 March 2026 (11am) — Stall at the market', ctx())!;
		expect([w.date, w.start, w.before, w.after]).toEqual([
			'2026-03-21',
			'11:00',
			'',
			' — Stall at the market'
		]);
		const noon = findWhen('Picnic (noon) in the park', ctx())!;
		expect([noon.start, noon.before, noon.after]).toEqual(['12:00', 'Picnic ', ' in the park']);
		const from = findWhen('Saturday 9 May from 6.30pm – fundraiser gig', ctx())!;
		expect([from.date, from.start, from.after]).toEqual([
			'2026-05-09',
			'18:30',
			' – fundraiser gig'
		]);
	});

	it('reads date ranges, across a year end too', () => {
		expect(when('2 - 6 May 2022: Summer camp')).toEqual(['2022-05-02', '2022-05-06', '', '']);
		expect(when('11 May – 17 May')).toEqual(['2026-05-11', '2026-05-17', '', '']);
		expect(when('30 Dec 2023 – 2 Jan 2024')).toEqual(['2023-12-30', '2024-01-02', '', '']);
		expect(when('30 Dec – 2 Jan 2024')).toEqual(['2023-12-30', '2024-01-02', '', '']);
		expect(when('Friday 8 and Saturday 9 May')).toEqual(['2026-05-08', '2026-05-09', '', '']);
		expect(when('March 9–11, 2026')).toEqual(['2026-03-09', '2026-03-11', '', '']);
		expect(when('6 - 2 May 2022')).toEqual(['2022-05-02', '', '', '']);
	});

	it('does not read numbers that are not dates', () => {
		for (const text of [
			'3/4 of members agreed',
			'03/04 of members',
			'2 - 6 people came',
			'version 1.2',
			'version 1.2.3',
			'1,000 flyers',
			'March 2026 was wet',
			'we may 5 times',
			'29 Feb 2026',
			'31 April 2026',
			'3 March 1850',
			'see https://example.org/events/2026-03-21'
		]) {
			expect(findWhen(text, ctx())?.date ?? '', text).toBe('');
		}
		// Years are 1900–2100; "3 March 1850" is not read as a yearless 3 March either.
		expect(findWhen('2026-02-29', ctx())).toBeNull();
		expect(when('29 Feb 2028')).toEqual(['2028-02-29', '', '', '']);
	});

	it('reads numeric dates in the group order and notes the ambiguous ones', () => {
		const dmy = ctx('2026-03-12', 'dmy');
		expect(when('3/4/2026', dmy)).toEqual(['2026-04-03', '', '', '']);
		expect(when('3.4.26', dmy)).toEqual(['2026-04-03', '', '', '']);
		expect(when('03/04', dmy)).toEqual(['2026-04-03', '', '', '']);
		expect(when('25/12/2026', dmy)).toEqual(['2026-12-25', '', '', '']);
		expect(when('4/4/2026', dmy)).toEqual(['2026-04-04', '', '', '']);
		// "3/4" alone is a fraction; after a word that leads a date it is a date.
		expect(when('3/4', dmy)).toBeNull();
		expect(when('booked for 3/4', dmy)).toEqual(['2026-04-03', '', '', '']);
		expect(dmy.notices).toEqual([
			{ kind: 'ambiguous-date', text: '3/4/2026', read: '2026-04-03' },
			{ kind: 'ambiguous-date', text: '3.4.26', read: '2026-04-03' },
			{ kind: 'ambiguous-date', text: '03/04', read: '2026-04-03' },
			{ kind: 'ambiguous-date', text: '3/4', read: '2026-04-03' }
		]);
		// The same date written the same way is flagged once, however often it is read.
		expect(when('booked for 3/4', dmy)).toEqual(['2026-04-03', '', '', '']);
		expect(dmy.notices).toHaveLength(4);
		const mdy = ctx('2026-03-12', 'mdy');
		expect(when('3/4/2026', mdy)).toEqual(['2026-03-04', '', '', '']);
		expect(when('12/25/2026', mdy)).toEqual(['2026-12-25', '', '', '']);
		expect(when('25/12/2026', mdy)).toBeNull();
		expect(mdy.notices).toEqual([{ kind: 'ambiguous-date', text: '3/4/2026', read: '2026-03-04' }]);
		const ymd = ctx('2026-03-12', 'ymd');
		expect(when('26/03/04', ymd)).toEqual(['2026-03-04', '', '', '']);
		expect(when('03/04', ymd)).toEqual(['2026-03-04', '', '', '']);
		expect(when('2026/3/4', ymd)).toEqual(['2026-03-04', '', '', '']);
		expect(ymd.notices).toEqual([{ kind: 'ambiguous-date', text: '03/04', read: '2026-03-04' }]);
		// A year written first is never ambiguous, whatever the order.
		const other = ctx('2026-03-12', 'mdy');
		expect(when('2026/3/4', other)).toEqual(['2026-03-04', '', '', '']);
		expect(other.notices).toEqual([]);
	});

	it('reads a date whose weekday disagrees, and says so', () => {
		const w = findWhen('Tuesday 9 March 2023', ctx())!;
		expect([w.date, w.weekdayMismatch]).toEqual(['2023-03-09', true]);
		expect(findWhen('Thursday 9 March 2023', ctx())!.weekdayMismatch).toBe(false);
	});

	it('gives a yearless date the meeting year, or the next year where it would fall before', () => {
		const december = ctx('2026-12-15');
		expect(when('8 January', december)).toEqual(['2026-01-08', '', '', '']);
		expect(findWhen('8 January', december, { notBefore: true })!.date).toBe('2027-01-08');
		expect(findWhen('20 December', december, { notBefore: true })!.date).toBe('2026-12-20');
		const range = findWhen('30 Dec – 2 Jan', december, { notBefore: true })!;
		expect([range.date, range.endDate]).toEqual(['2026-12-30', '2027-01-02']);
	});

	it('keeps a yearless date as month and day until the meeting date is known', () => {
		const w = findWhen('Sat 4 April (2pm)', ctx(''))!;
		expect([w.date, w.yearless, w.monthDay, w.start]).toEqual(['', true, '04-04', '14:00']);
		const notes = ctx('');
		findWhen('03/04', notes);
		expect(notes.notices).toEqual([{ kind: 'ambiguous-date', text: '03/04', read: '--04-03' }]);
	});

	it('never throws', () => {
		for (const text of ['', '(', ')', '–', '99/99/9999', 'at', '12', '\u0000', '9'.repeat(5000)]) {
			expect(() => findWhen(text, ctx())).not.toThrow();
		}
	});
});

describe('resolveYear', () => {
	it('takes the meeting year, or the next one with notBefore', () => {
		expect(resolveYear('01-08', '2026-12-15')).toBe('2026-01-08');
		expect(resolveYear('01-08', '2026-12-15', { notBefore: true })).toBe('2027-01-08');
		expect(resolveYear('12-15', '2026-12-15', { notBefore: true })).toBe('2026-12-15');
		expect(resolveYear('02-29', '2026-01-10')).toBe('');
		expect(resolveYear('02-29', '2027-03-10', { notBefore: true })).toBe('2028-02-29');
		expect(resolveYear('04-04', '')).toBe('');
	});
});

describe('ruleDate: the next meeting as a rule', () => {
	// 2026-03-12 is a Thursday.
	it('reads nth weekday of the month, next month, a named month', () => {
		expect(ruleDate('the first Thursday of next month', '2026-03-12')?.date).toBe('2026-04-02');
		expect(ruleDate('the last Monday of the month', '2026-03-12')?.date).toBe('2026-03-30');
		expect(ruleDate('second Tuesday of the month', '2026-03-12')?.date).toBe('2026-04-14');
		expect(ruleDate('the 3rd Wednesday of this month', '2026-03-12')?.date).toBe('2026-03-18');
		expect(ruleDate('first Friday in January', '2026-12-15')?.date).toBe('2027-01-01');
		expect(ruleDate('the first Thursday of next month', '2026-12-15')?.date).toBe('2027-01-07');
	});

	it('reads next weekday and weeks from today', () => {
		expect(ruleDate('next Thursday', '2026-03-12')?.date).toBe('2026-03-19');
		expect(ruleDate('next Monday', '2026-03-12')?.date).toBe('2026-03-16');
		expect(ruleDate('in two weeks', '2026-03-12')?.date).toBe('2026-03-26');
		expect(ruleDate("in 3 weeks' time", '2026-03-12')?.date).toBe('2026-04-02');
		expect(ruleDate('a week today', '2026-03-12')?.date).toBe('2026-03-19');
		expect(ruleDate('in a fortnight', '2026-12-24')?.date).toBe('2027-01-07');
	});

	it('prefers the date written out, and notes a disagreement', () => {
		const context = ctx('2026-03-12');
		const same = ruleDate(
			'The first Thursday of next month, which is Thursday 2 April',
			'2026-03-12',
			context
		)!;
		expect([same.date, same.ruleDate, same.disagrees]).toEqual(['2026-04-02', '2026-04-02', false]);
		expect(context.notices).toEqual([]);
		const other = ruleDate(
			'The first Thursday of next month, which is Thursday 9 April',
			'2026-03-12',
			context
		)!;
		expect([other.date, other.ruleDate, other.disagrees]).toEqual([
			'2026-04-09',
			'2026-04-02',
			true
		]);
		expect(context.notices).toEqual([
			{ kind: 'ambiguous-date', text: 'first Thursday of next month', read: '2026-04-09' }
		]);
		// A written date before the meeting is the next year's.
		expect(ruleDate('Next meeting: at 7pm on 8 January', '2026-12-15')?.date).toBe('2027-01-08');
	});

	it('gives nothing without a rule or a date, and no rule date without a meeting date', () => {
		expect(ruleDate('to be decided', '2026-03-12')).toBeNull();
		expect(ruleDate('next Thursday', '')).toBeNull();
		expect(ruleDate('next Thursday', 'soon')).toBeNull();
	});
});
