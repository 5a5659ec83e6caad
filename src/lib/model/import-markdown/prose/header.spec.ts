import { describe, expect, it } from 'vitest';
import { readContext } from '../context';
import { meetingInProse, meetingWhereLine } from './header';

const read = (line: string, meetingDate = '') =>
	meetingWhereLine(line, { ...readContext('free'), meetingDate });

describe('the meeting date, times and venue near the title', () => {
	it('reads the common forms', () => {
		expect(read('Thursday 9 March 2023, 19:00–21:15')).toEqual({
			date: '2023-03-09',
			start: '19:00',
			end: '21:15',
			venue: '',
			keepWords: false
		});
		expect(read('2024-03-05 19:00')).toMatchObject({ date: '2024-03-05', start: '19:00' });
		expect(read('from 8pm until 9.30pm')).toMatchObject({ start: '20:00', end: '21:30' });
		expect(read('Minutes of the meeting of 3 March 2024')).toMatchObject({
			date: '2024-03-03',
			keepWords: false
		});
		expect(read('Meeting held on 5 May 2024 at 7pm at the Community Centre, 12 High St')).toEqual({
			date: '2024-05-05',
			start: '19:00',
			end: '',
			venue: 'the Community Centre, 12 High St',
			keepWords: false
		});
		expect(
			read('Wednesday 15 April 2026, 19:00–21:00, Community room, Alder Court.')
		).toMatchObject({ venue: 'Community room, Alder Court', keepWords: false });
	});

	it('reads a date without a year against the meeting date when it is known', () => {
		expect(read('Tue 3rd March, 6.30pm until 9pm', '2026-03-01')).toMatchObject({
			date: '2026-03-03',
			start: '18:30',
			end: '21:00'
		});
	});

	it('reads venue lines', () => {
		for (const line of [
			'Venue – Alder Court',
			'Held at Alder Court',
			'The meeting was held in Alder Court',
			'at Alder Court'
		]) {
			expect(read(line)).toMatchObject({ venue: 'Alder Court', date: '' });
		}
	});

	it('keeps the words a header cannot hold', () => {
		expect(
			read('Meeting held on 5 May 2024, straight after the AGM. Tea was served.')
		).toMatchObject({
			date: '2024-05-05',
			keepWords: true
		});
	});

	it('does not read a line that mentions a date in passing', () => {
		expect(read('The landlord replied on 2 March 2026 but gave no dates')).toBeNull();
		expect(read('Welcome to everyone who came')).toBeNull();
		expect(read('12 flats reported mould')).toBeNull();
		expect(read('Attendance was good')).toBeNull();
	});
});

describe('the meeting date in sentences near the title', () => {
	it('reads the date, times and place of sentences about the meeting', () => {
		expect(
			meetingInProse(
				"Here are the notes from Tuesday (4 June 2024). We met from 8pm until 9.30pm at Nadia's flat, 7 of us.",
				readContext('free')
			)
		).toEqual({ date: '2024-06-04', start: '20:00', end: '21:30', venue: "Nadia's flat" });
	});

	it('reads no date from a sentence not about the meeting', () => {
		expect(meetingInProse('The landlord wrote on 2 March 2024.', readContext('free'))).toBeNull();
	});

	it('starts a meeting over two days on the first, and keeps words that are no place', () => {
		expect(read('Saturday 12 and Sunday 13 October 2024, 10am–4pm both days')).toEqual({
			date: '2024-10-12',
			start: '10:00',
			end: '16:00',
			venue: '',
			keepWords: true
		});
	});

	it('keeps the line when its lead-in names something', () => {
		expect(
			read(
				'Minutes of the Branch Committee meeting, Wednesday 17 January 2024, 18:00–20:00, Room 4'
			)
		).toMatchObject({ date: '2024-01-17', venue: 'Room 4', keepWords: true });
	});
});
