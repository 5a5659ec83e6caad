import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkRule, checkSchedule, groupSchedule, ScheduleError, setSchedule } from './schedule';
import {
	choicesFromRule,
	describeSchedule,
	parseScheduleWords,
	ruleFromChoices,
	ruleFromWords
} from './schedule-words';

const BIRKBECK = {
	rule: 'FREQ=MONTHLY;BYDAY=-1TU',
	timeZone: 'Europe/London',
	start: '18:30',
	end: '21:00',
	venue: 'Birkbeck'
};

describe('schedule', () => {
	it('is kept in the directory and read back; null removes it', () => {
		const doc = new Y.Doc();
		expect(groupSchedule(doc)).toBeNull();
		setSchedule(doc, BIRKBECK);
		expect(groupSchedule(doc)).toEqual(BIRKBECK);
		// A second device reads what the first wrote.
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		expect(groupSchedule(other)).toEqual(BIRKBECK);
		setSchedule(doc, null);
		expect(groupSchedule(doc)).toBeNull();
	});

	it('writes nothing when the schedule is unchanged', () => {
		const doc = new Y.Doc();
		setSchedule(doc, BIRKBECK);
		let updates = 0;
		doc.on('update', () => updates++);
		setSchedule(doc, { ...BIRKBECK });
		expect(updates).toBe(0);
	});

	it('reads a stored value that is not a valid schedule as none', () => {
		const doc = new Y.Doc();
		doc.getMap('group').set('schedule', { ...BIRKBECK, timeZone: 'Mars/Olympus' });
		expect(groupSchedule(doc)).toBeNull();
		doc.getMap('group').set('schedule', 'monthly');
		expect(groupSchedule(doc)).toBeNull();
	});

	it.each([
		['', /needs a rule/],
		['FREQ=HOURLY;BYDAY=TU', /DAILY, WEEKLY, MONTHLY or YEARLY, not HOURLY/],
		['BYDAY=TU', /needs FREQ/],
		['FREQ=MONTHLY;BYDAY=XX', /“XX” is not a weekday/],
		['FREQ=MONTHLY;BYDAY=6TU', /at most five/],
		['FREQ=WEEKLY;BYDAY=-1TU', /needs FREQ=MONTHLY/],
		['FREQ=WEEKLY', /weekly rule needs BYDAY/],
		['FREQ=MONTHLY', /monthly rule needs BYDAY/],
		['FREQ=MONTHLY;BYDAY=TU;COUNT=10', /UNTIL, not COUNT/],
		['FREQ=MONTHLY;BYDAY=TU;FREQ=WEEKLY', /names FREQ twice/],
		['FREQ=MONTHLY;BYDAY=TU;BYHOUR=9', /BYHOUR is not supported/],
		['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY must be numbers from 1 to 31/],
		['FREQ=WEEKLY;BYDAY=TU;INTERVAL=0', /INTERVAL must be positive numbers/],
		['FREQ=MONTHLY;BYDAY=TU;UNTIL=tomorrow', /UNTIL must be a date/],
		['FREQ=MONTHLY;;BYDAY=TU', /is not NAME=VALUE/]
	])('rejects the rule %j with a clear message', (rule, message) => {
		expect(() => checkRule(rule)).toThrow(ScheduleError);
		expect(() => checkRule(rule)).toThrow(message);
	});

	it('accepts rules in any case, with or without RRULE:', () => {
		expect(checkRule('rrule:freq=monthly;byday=-1tu')).toBe('FREQ=MONTHLY;BYDAY=-1TU');
		expect(checkRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH')).toBe(
			'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'
		);
		expect(checkRule('FREQ=YEARLY;BYMONTH=6;BYDAY=1SA')).toBe('FREQ=YEARLY;BYMONTH=6;BYDAY=1SA');
	});

	it.each([
		[{ ...BIRKBECK, timeZone: 'Europe/Atlantis' }, /not a time zone/],
		[{ ...BIRKBECK, start: '6.30pm' }, /start time must be HH:MM/],
		[{ ...BIRKBECK, end: '24:00' }, /end time must be HH:MM/],
		[{ ...BIRKBECK, end: '18:00' }, /must end after it starts/],
		[{ ...BIRKBECK, venue: 'x'.repeat(201) }, /venue is longer than 200/],
		[{ ...BIRKBECK, venue: 3 }, /venue must be text/],
		['monthly', /is an object/]
	])('rejects the schedule %# with a clear message', (schedule, message) => {
		expect(() => checkSchedule(schedule)).toThrow(message);
		expect(() => setSchedule(new Y.Doc(), schedule as never)).toThrow(ScheduleError);
	});
});

describe('schedule words', () => {
	it('turns plain choices into rules and back', () => {
		expect(ruleFromChoices({ frequency: 'monthly', weekday: 'TU', week: -1 })).toBe(
			'FREQ=MONTHLY;BYDAY=-1TU'
		);
		expect(ruleFromChoices({ frequency: 'weekly', weekday: 'TH', week: 1 })).toBe(
			'FREQ=WEEKLY;BYDAY=TH'
		);
		expect(choicesFromRule('FREQ=MONTHLY;BYDAY=2TH')).toEqual({
			frequency: 'monthly',
			weekday: 'TH',
			week: 2
		});
		expect(choicesFromRule('FREQ=YEARLY;BYMONTH=6;BYDAY=1SA')).toBeNull();
		expect(choicesFromRule('nonsense')).toBeNull();
	});

	it('says a schedule in words', () => {
		expect(describeSchedule(BIRKBECK)).toBe('last Tuesday of each month, 18:30–21:00, Birkbeck');
		expect(describeSchedule({ ...BIRKBECK, rule: 'FREQ=WEEKLY;BYDAY=MO', venue: '' })).toBe(
			'every Monday, 18:30–21:00'
		);
	});

	it.each([
		['last Tuesday of each month', 'FREQ=MONTHLY;BYDAY=-1TU'],
		['the last Tuesday of the month', 'FREQ=MONTHLY;BYDAY=-1TU'],
		['on the 2nd Thursday of every month', 'FREQ=MONTHLY;BYDAY=2TH'],
		['First Weds of the month.', 'FREQ=MONTHLY;BYDAY=1WE'],
		['every Monday', 'FREQ=WEEKLY;BYDAY=MO'],
		['weekly on Fridays', 'FREQ=WEEKLY;BYDAY=FR'],
		['the last day of term', null],
		['every other Tuesday', null]
	])('reads %j', (words, rule) => {
		expect(ruleFromWords(words)).toBe(rule);
	});

	it('reads a schedule line with times and a venue with commas', () => {
		expect(
			parseScheduleWords('last Tuesday of each month, 18:30–21:00, Birkbeck, Room 101')
		).toEqual({
			rule: 'FREQ=MONTHLY;BYDAY=-1TU',
			start: '18:30',
			end: '21:00',
			venue: 'Birkbeck, Room 101'
		});
		expect(parseScheduleWords('FREQ=WEEKLY;BYDAY=MO,TH, 7pm-9pm')).toEqual({
			rule: 'FREQ=WEEKLY;BYDAY=MO,TH',
			start: '19:00',
			end: '21:00',
			venue: ''
		});
		expect(parseScheduleWords('last Tuesday of each month')).toBeNull();
		expect(parseScheduleWords('sometimes, 18:30–21:00')).toBeNull();
	});
});
