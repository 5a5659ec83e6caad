import { describe, expect, it } from 'vitest';
import { attendanceInProse, attendanceLine } from './attendance';

describe('attendance near the title', () => {
	it('reads keyed lines by their many names, with a colon or a dash', () => {
		expect(attendanceLine('In attendance: Sam, Priya')).toEqual({
			kind: 'key',
			key: 'present',
			value: 'Sam, Priya'
		});
		expect(attendanceLine('Also present: Joy')).toMatchObject({ key: 'present', value: 'Joy' });
		expect(attendanceLine('Guests: Dev')).toMatchObject({ key: 'present' });
		expect(attendanceLine('Regrets: Ruth')).toMatchObject({ key: 'absent', value: 'Ruth' });
		expect(attendanceLine('Absent: Ruth')).toMatchObject({ key: 'absent' });
		expect(attendanceLine('Facilitator – Jo')).toMatchObject({ key: 'facilitator', value: 'Jo' });
		expect(attendanceLine('**Minutes taken by:** Lena')).toMatchObject({
			key: 'minutes',
			value: 'Lena'
		});
		expect(attendanceLine('Attendance: 14')).toMatchObject({ key: 'present', value: '14' });
	});

	it('reads a count alone', () => {
		for (const [line, count] of [
			['11 people', 11],
			['(9 present)', 9],
			['members in attendance (23)', 23],
			['23 members attended', 23],
			['14 present.', 14]
		] as const) {
			expect(attendanceLine(line)).toEqual({ kind: 'count', count });
		}
	});

	it('reads the facilitator and minute-taker named in prose', () => {
		expect(attendanceLine('Sam facilitated and Priya took minutes.')).toEqual({
			kind: 'roles',
			facilitator: ['Sam'],
			minutes: ['Priya'],
			keepWords: false
		});
		expect(attendanceLine('Chaired by Sam Okafor')).toMatchObject({ facilitator: ['Sam Okafor'] });
		expect(attendanceLine('Minutes taken by Lena Brandt')).toMatchObject({
			minutes: ['Lena Brandt']
		});
		expect(attendanceLine('Sam chaired the meeting, which ran late')).toMatchObject({
			facilitator: ['Sam'],
			keepWords: true
		});
	});

	it('does not read other lines', () => {
		expect(attendanceLine('3 people volunteered to leaflet')).toBeNull();
		expect(attendanceLine('11')).toBeNull();
		expect(attendanceLine('Mood: fine')).toBeNull();
		expect(attendanceLine('We discussed who should chair next time')).toBeNull();
		expect(attendanceLine('Date: 12 March 2026')).toBeNull();
	});
});

describe('attendance named in passing', () => {
	it('finds the count and roles in a sentence near the title', () => {
		expect(
			attendanceInProse(
				'The 14 members present were welcomed by Ines, who facilitated; Tariq took minutes.'
			)
		).toEqual({ count: 14, facilitator: ['Ines'], minutes: ['Tariq'] });
		expect(attendanceInProse('There were 11 people on the call, three of them new.')).toMatchObject(
			{
				count: 11
			}
		);
		expect(
			attendanceInProse('Members in attendance (23), including Principal Harris.')
		).toMatchObject({ count: 23 });
	});

	it('reads a count with the place after it', () => {
		expect(attendanceLine('11 people, back room of the Lamb & Flag')).toEqual({
			kind: 'count',
			count: 11,
			rest: 'back room of the Lamb & Flag'
		});
	});

	it('finds nothing in a sentence that names no count or role', () => {
		expect(attendanceInProse('We thanked the council for the room.')).toBeNull();
		expect(attendanceInProse('The treasurer took the float home.')).toBeNull();
	});
});
