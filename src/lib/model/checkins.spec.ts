import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attendanceWithCheckIns, copyCheckInsToAttendance } from './checkin-attendance';
import { checkIn, checkInOf, readCheckIns, withdrawCheckIn } from './checkins';
import { setIdGenerator } from './ids';
import { addPerson, attendance, createMeeting, removePerson, setPresentCount } from './minutes';
import { groupQuorum, quorumState, setQuorum } from './quorum';
import { sequentialIds } from './test-helpers';

afterEach(() => setIdGenerator());

const device = (n: number) => `device-${String(n).padStart(4, '0')}`;
const at = (s: number) => new Date(Date.UTC(2026, 4, 2, 10, 0, s));

function meeting() {
	setIdGenerator(sequentialIds('ci'));
	const minutes = new Y.Doc();
	createMeeting(minutes, { meetingId: 'meeting_000000000000000011', title: 'AGM' });
	return { minutes, floor: new Y.Doc() };
}

const names = (doc: Y.Doc) => attendance(doc).people.map((p) => [p.name, p.present]);

describe('check-in', () => {
	it('keeps one check-in per device, the latest name', () => {
		const { floor } = meeting();
		checkIn(floor, { device: device(1), name: 'Ann', at: at(1) });
		checkIn(floor, { device: device(1), name: 'Ann Lee', at: at(2) });
		checkIn(floor, { device: device(2), name: 'Bo', at: at(3) });
		expect(readCheckIns(floor).map((c) => c.name)).toEqual(['Ann Lee', 'Bo']);
		expect(withdrawCheckIn(floor, device(2))).toBe(true);
		expect(withdrawCheckIn(floor, device(2))).toBe(false);
		expect(checkInOf(floor, device(2))).toBeNull();
		expect(() => checkIn(floor, { device: device(3), name: '   ' })).toThrow(/name/);
		expect(() => checkIn(floor, { device: 'no', name: 'Cy' })).toThrow(/device/);
	});

	it('copies check-ins into the attendance, deduplicated with the names already typed', () => {
		const { minutes, floor } = meeting();
		addPerson(minutes, { name: 'Ann Lee', roles: ['facilitator'] });
		addPerson(minutes, { name: 'Ruth', present: false });
		checkIn(floor, { device: device(1), name: '  ann  lee ', at: at(1) });
		checkIn(floor, { device: device(2), name: 'ruth', at: at(2) });
		checkIn(floor, { device: device(3), name: 'Sam', at: at(3) });
		checkIn(floor, { device: device(4), name: 'SAM', at: at(4) });
		// Before any copy, the attendance shown adds the waiting check-ins, once per name.
		const before = attendanceWithCheckIns(minutes, floor);
		expect(before.waiting.map((c) => c.name)).toEqual(['Sam']);
		expect(before.presentNow).toBe(2);

		expect(copyCheckInsToAttendance(minutes, floor)).toBe(2);
		expect(names(minutes)).toEqual([
			['Ann Lee', true],
			['Ruth', true],
			['Sam', true]
		]);
		expect(attendanceWithCheckIns(minutes, floor).presentNow).toBe(3);
		// Copying again changes nothing.
		expect(copyCheckInsToAttendance(minutes, floor)).toBe(0);
	});

	it('does not put back a person the minute-taker removed, but copies a new name', () => {
		const { minutes, floor } = meeting();
		checkIn(floor, { device: device(1), name: 'Guest', at: at(1) });
		copyCheckInsToAttendance(minutes, floor);
		removePerson(minutes, attendance(minutes).people[0].id);
		expect(copyCheckInsToAttendance(minutes, floor)).toBe(0);
		expect(attendanceWithCheckIns(minutes, floor).waiting).toEqual([]);
		checkIn(floor, { device: device(1), name: 'Dee', at: at(2) });
		copyCheckInsToAttendance(minutes, floor);
		expect(names(minutes)).toEqual([['Dee', true]]);
	});

	it('makes one row when two editors copy the same check-in offline', () => {
		const { minutes, floor } = meeting();
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(minutes));
		checkIn(floor, { device: device(1), name: 'Eve', at: at(1) });
		copyCheckInsToAttendance(minutes, floor);
		copyCheckInsToAttendance(other, floor);
		Y.applyUpdate(minutes, Y.encodeStateAsUpdate(other));
		expect(names(minutes)).toEqual([['Eve', true]]);
	});

	it('counts the present with a stand-alone count as the larger of the two', () => {
		const { minutes, floor } = meeting();
		setPresentCount(minutes, 12);
		checkIn(floor, { device: device(1), name: 'Ann', at: at(1) });
		expect(attendanceWithCheckIns(minutes, floor).presentNow).toBe(12);
		setPresentCount(minutes, null);
		expect(attendanceWithCheckIns(minutes, floor).presentNow).toBe(1);
	});

	it('ignores check-ins of any other shape', () => {
		const { minutes, floor } = meeting();
		const checkins = floor.getMap('checkins');
		checkins.set(device(1), { name: 7 });
		checkins.set(device(2), 'Ann');
		checkins.set(device(3), { name: '   ' });
		checkins.set(device(4), { name: 'Bo', at: 'yesterday' });
		expect(readCheckIns(floor)).toEqual([{ device: device(4), name: 'Bo', at: '' }]);
		copyCheckInsToAttendance(minutes, floor);
		expect(names(minutes)).toEqual([['Bo', true]]);
	});
});

describe('quorum', () => {
	it('is an optional whole number in the group’s settings', () => {
		const directory = new Y.Doc();
		expect(groupQuorum(directory)).toBeNull();
		setQuorum(directory, 10);
		expect(groupQuorum(directory)).toBe(10);
		expect(() => setQuorum(directory, 0)).toThrow(/quorum/);
		expect(() => setQuorum(directory, 2.5)).toThrow(/quorum/);
		setQuorum(directory, null);
		expect(groupQuorum(directory)).toBeNull();
		directory.getMap('group').set('quorum', 'ten');
		expect(groupQuorum(directory)).toBeNull();
	});

	it('says whether the present make it', () => {
		expect(quorumState(9, 10)).toMatchObject({
			isMet: false,
			words: 'No quorum: 9 present, 10 needed.'
		});
		expect(quorumState(10, 10)).toMatchObject({
			isMet: true,
			words: 'Quorum met: 10 present, 10 needed.'
		});
		expect(quorumState(null, 3)?.isMet).toBe(false);
		expect(quorumState(12, null)).toBeNull();
	});

	it('is met once enough members check in', () => {
		const { minutes, floor } = meeting();
		const met = () => quorumState(attendanceWithCheckIns(minutes, floor).presentNow, 2)?.isMet;
		checkIn(floor, { device: device(1), name: 'Ann', at: at(1) });
		checkIn(floor, { device: device(2), name: 'ANN', at: at(2) });
		expect(met()).toBe(false);
		checkIn(floor, { device: device(3), name: 'Bo', at: at(3) });
		expect(met()).toBe(true);
	});
});
