import { describe, expect, it } from 'vitest';
import { readContext } from '../context';
import { whenInLine, yearFor } from './meeting-when';

const free = (meetingDate = '') => ({ ...readContext('free'), meetingDate });

describe('the date and times in a line of prose', () => {
	it.each([
		['Thursday 9 March 2023, 19:00–21:15', '2023-03-09', '19:00', '21:15', ''],
		['2024-03-05 19:00', '2024-03-05', '19:00', '', ''],
		['from 8pm until 9.30pm', '', '20:00', '21:30', ''],
		['March 5th, 2024 at noon', '2024-03-05', '12:00', '', ''],
		['12/03/2024 7-9pm', '2024-03-12', '19:00', '21:00', ''],
		['5 May 2024 at 7pm at the Hall', '2024-05-05', '19:00', '', 'at the Hall'],
		['Minutes of the meeting of 3 March 2024', '2024-03-03', '', '', 'Minutes of the meeting of']
	])('%s', (line, date, start, end, rest) => {
		expect(whenInLine(line, free())).toEqual({ date, start, end, rest });
	});

	it('reads 12pm as noon and 12am as midnight', () => {
		expect(whenInLine('12pm until 12.30pm', free())).toMatchObject({
			start: '12:00',
			end: '12:30'
		});
		expect(whenInLine('from 10pm to 12am', free())).toMatchObject({ start: '22:00', end: '00:00' });
	});

	it('gives a date without a year the meeting year, or the next one when it must come after', () => {
		expect(whenInLine('Thursday 6 April', free('2023-03-09'))?.date).toBe('2023-04-06');
		expect(whenInLine('10 January', free('2023-12-14'), true)?.date).toBe('2024-01-10');
		expect(whenInLine('10 January', free('2023-12-14'))?.date).toBe('2023-01-10');
	});

	it('finds the year of a meeting date without one from its weekday', () => {
		const today = new Date('2026-12-07T00:00:00Z');
		// Tuesday 3 March: 2026 (and 2020, 2015); the latest up to today.
		expect(yearFor(3, 3, 2, free(), false, today)).toBe('2026-03-03');
		// Thursday 9 March: 2023, not 2028, which is nearer but not yet held.
		expect(yearFor(3, 9, 4, free(), false, today)).toBe('2023-03-09');
		expect(yearFor(3, 3, null, free(), false, today)).toBe('');
	});

	it('reads numeric dates in the group order and flags the ambiguous ones', () => {
		const us = { ...readContext('free', 'mdy') };
		expect(whenInLine('3/4/2024', us)?.date).toBe('2024-03-04');
		expect(us.notices).toEqual([{ kind: 'ambiguous-date', text: '3/4/2024', read: '2024-03-04' }]);
		const uk = readContext('free');
		expect(whenInLine('25/4/2024', uk)?.date).toBe('2024-04-25');
		expect(uk.notices).toEqual([]);
	});

	it('takes no bare number for a time, nor a text without a date or time', () => {
		expect(whenInLine('We counted 19 flats with mould', free())).toBeNull();
		expect(whenInLine('Item 3', free())).toBeNull();
	});
});
