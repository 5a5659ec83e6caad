import { describe, expect, it } from 'vitest';
import { readContext, type ReadContext } from '../context';
import {
	actionListItem,
	actionTable,
	dueAtNextMeeting,
	isActionsLabel,
	recogniseAction,
	takeDue
} from './actions';

/** Thursday 12 March 2026. */
const meeting = (): ReadContext => ({ ...readContext('free'), meetingDate: '2026-03-12' });
const read = (line: string, context = meeting()) => recogniseAction(line, context);
const action = (line: string, context = meeting()) => {
	const found = read(line, context);
	if (!found || found.block.kind !== 'action') throw new Error(`not read: ${line}`);
	return found.block;
};

describe('recogniseAction', () => {
	it('reads prefixed actions with owners and due dates', () => {
		expect(read('ACTION: Sam to book the room by Friday')).toEqual({
			block: {
				kind: 'action',
				what: 'book the room',
				owners: ['Sam'],
				due: '2026-03-13',
				done: false
			},
			keepWords: false
		});
		expect(action('Action – Sam & Priya: draft the letter')).toMatchObject({
			owners: ['Sam', 'Priya'],
			what: 'draft the letter'
		});
		expect(action('Action: Ahmed — collate mould photos and dates, due 2026-03-31')).toMatchObject({
			owners: ['Ahmed'],
			what: 'collate mould photos and dates',
			due: '2026-03-31'
		});
		expect(action('[ ] Sam: book room')).toMatchObject({
			owners: ['Sam'],
			what: 'book room',
			done: false
		});
		expect(action('[x] Sam: book room')).toMatchObject({ owners: ['Sam'], done: true });
		expect(action('TODO Sam book room')).toMatchObject({ owners: ['Sam'], what: 'book room' });
		expect(action('Action (done): Jo – post the minutes')).toMatchObject({
			owners: ['Jo'],
			done: true
		});
		expect(action('ACTION: order more leaflets')).toMatchObject({
			owners: [],
			what: 'order more leaflets'
		});
	});

	it('reads sentences naming who will do what', () => {
		expect(action('Sam will book the room by Friday')).toMatchObject({
			owners: ['Sam'],
			what: 'book the room',
			due: '2026-03-13'
		});
		expect(action('Sam to book the room')).toMatchObject({
			owners: ['Sam'],
			what: 'book the room',
			due: ''
		});
		expect(action('Sam and Priya will write to the council')).toMatchObject({
			owners: ['Sam', 'Priya']
		});
		expect(action('Sam, Priya and Jo to phone round')).toMatchObject({
			owners: ['Sam', 'Priya', 'Jo']
		});
		expect(action('Mei Ling will collate photos by the end of the month')).toMatchObject({
			owners: ['Mei Ling'],
			what: 'collate photos',
			due: '2026-03-31'
		});
		expect(action('JB to chase the landlord')).toMatchObject({ owners: ['JB'] });
		// "We will …" has no owner, and is a task only with a date.
		expect(action('We will send the letter by next Friday')).toMatchObject({
			owners: [],
			what: 'send the letter',
			due: '2026-03-20'
		});
		expect(read('We will see how it goes')).toBeNull();
	});

	it('keeps the line in the notes when it says more than the action', () => {
		const found = read('The hall is double-booked. Sam will ring the caretaker tomorrow.');
		expect(found).toMatchObject({
			keepWords: true,
			block: { owners: ['Sam'], what: 'ring the caretaker', due: '2026-03-13' }
		});
	});

	it('does not read statements, questions or sentence openings as actions', () => {
		for (const line of [
			'Sam will be away in April',
			'Sam will not be able to facilitate',
			'Agreed to send a second letter',
			'Time to move on',
			'Nice to see new faces',
			'It will rain on the day of the stall',
			'This will cost £40',
			'Will Sam book the room?',
			'Sam to book the room?',
			'Friday will be busy',
			'The landlord will not reply',
			'Sam booked the room',
			'Motion to affiliate: carried',
			'Changes to the constitution were discussed at length.',
			'Access to the hall is via the side door.',
			'Welcome to new members: Ann and Bob joined.',
			'John to Mary: thanks for the cake.'
		]) {
			expect(read(line), line).toBeNull();
		}
	});
});

describe('due dates', () => {
	const due = (what: string, context = meeting()) => takeDue(what, context);
	it('counts relative dates from the meeting (Thursday 12 March 2026)', () => {
		expect(due('book the room by Friday').due).toBe('2026-03-13');
		expect(due('book the room by Thursday').due).toBe('2026-03-19');
		expect(due('book the room by next Friday').due).toBe('2026-03-20');
		expect(due('book the room by next Monday').due).toBe('2026-03-16');
		expect(due('book the room by end of week').due).toBe('2026-03-15');
		expect(due('book the room by the end of the week').due).toBe('2026-03-15');
		expect(due('book the room by next week').due).toBe('2026-03-16');
		expect(due('book the room next week').due).toBe('2026-03-22');
		expect(due('book the room by the end of the month').due).toBe('2026-03-31');
		expect(due('book the room by the end of April').due).toBe('2026-04-30');
		expect(due('book the room within two weeks')).toEqual({
			what: 'book the room',
			due: '2026-03-26'
		});
		expect(due('book the room tomorrow').due).toBe('2026-03-13');
		expect(due('book the room by the 19th').due).toBe('2026-03-19');
		expect(due('book the room by the 5th').due).toBe('2026-04-05');
	});

	it('reads absolute dates, with the year from the meeting when it is left out', () => {
		expect(due('book the room by 31 March')).toEqual({ what: 'book the room', due: '2026-03-31' });
		expect(due('book the room by March 2').due).toBe('2027-03-02');
		expect(due('book the room, due 2026-03-31').due).toBe('2026-03-31');
		expect(due('book the room (due 19 March 2026)').due).toBe('2026-03-19');
		expect(due('send it by email by 1 April')).toEqual({
			what: 'send it by email',
			due: '2026-04-01'
		});
	});

	it('reads numeric dates in the group’s order and notices the ambiguous ones', () => {
		const context = meeting();
		expect(due('book the room by 3/4/2026', context).due).toBe('2026-04-03');
		expect(context.notices).toEqual([
			{ kind: 'ambiguous-date', text: '3/4/2026', read: '2026-04-03' }
		]);
		// A day and month alone could be a fraction (when.ts): the words stay.
		expect(due('book the room by 3/4', meeting())).toEqual({
			what: 'book the room by 3/4',
			due: ''
		});
		const us = { ...meeting(), dateOrder: 'mdy' as const };
		expect(due('book the room by 3/4/2026', us).due).toBe('2026-03-04');
	});

	it('keeps the words when the date is unknown', () => {
		expect(due('book the room before the next meeting')).toEqual({
			what: 'book the room before the next meeting',
			due: ''
		});
		const noDate = readContext('free');
		expect(due('book the room by Friday', noDate)).toEqual({
			what: 'book the room by Friday',
			due: ''
		});
		expect(due('book the room by 31 March', noDate).due).toBe('');
		expect(due('book the room by 31 March 2026', noDate).due).toBe('2026-03-31');
		expect(due('stand by the door').due).toBe('');
	});
});

describe('lists and tables of actions', () => {
	it('knows the labels of a list of actions', () => {
		for (const label of [
			'Actions:',
			'Action points',
			'To do',
			'TODO:',
			'**Actions**',
			'Next steps:'
		]) {
			expect(isActionsLabel(label), label).toBe(true);
		}
		for (const label of ['Actions were reviewed', 'Action on housing:', 'Tasks done last month']) {
			expect(isActionsLabel(label), label).toBe(false);
		}
	});

	it('reads any item of such a list as an action', () => {
		expect(actionListItem('Sam – book the room by Friday', meeting())).toMatchObject({
			owners: ['Sam'],
			what: 'book the room',
			due: '2026-03-13'
		});
		expect(actionListItem('Order more leaflets', meeting())).toMatchObject({
			owners: [],
			what: 'Order more leaflets'
		});
		expect(actionListItem('Everyone: bring a chair', meeting())).toMatchObject({
			what: 'bring a chair'
		});
	});

	it('reads a table with Who, What and When columns', () => {
		expect(
			actionTable(
				['Who', 'Action', 'Due'],
				[
					['Sam & Priya', 'Book the room', '31 March'],
					['Ahmed', 'Collate photos', 'before the next meeting'],
					['', '', '']
				],
				meeting()
			)
		).toEqual([
			{
				kind: 'action',
				what: 'Book the room',
				owners: ['Sam', 'Priya'],
				due: '2026-03-31',
				done: false
			},
			{
				kind: 'action',
				what: 'Collate photos (before the next meeting)',
				owners: ['Ahmed'],
				due: '',
				done: false
			}
		]);
		expect(
			actionTable(['Task', 'Owner', 'Status'], [['Post minutes', 'Jo', 'Done']], meeting())
		).toEqual([{ kind: 'action', what: 'Post minutes', owners: ['Jo'], due: '', done: true }]);
	});

	it('leaves other tables alone', () => {
		expect(
			actionTable(['Date', 'Item', 'Details'], [['12 March', 'Stall', 'Market']], meeting())
		).toBeNull();
		expect(actionTable(['Name', 'Role'], [['Sam', 'Chair']], meeting())).toBeNull();
	});

	it('reads a due date after a dash, inside the task, or in a table cell with "by"', () => {
		expect(
			actionListItem('Jess: order grabbers and bags — end of the month', meeting())
		).toMatchObject({
			what: 'order grabbers and bags',
			due: '2026-03-31'
		});
		expect(action('Dev will email the bakery by Friday about the bread deal')).toMatchObject({
			what: 'email the bakery about the bread deal',
			due: '2026-03-13'
		});
		const [row] = actionTable(
			['Who', 'What', 'When'],
			[['Ken', 'Renew', 'by 14 April']],
			meeting()
		)!;
		expect(row.due).toBe('2026-04-14');
	});

	it('leaves "before the next meeting" in the task for the builder to date', () => {
		expect(
			actionListItem('Jo: redraft the policy — before the next meeting', meeting())
		).toMatchObject({
			what: 'redraft the policy — before the next meeting',
			due: ''
		});
		expect(dueAtNextMeeting('redraft the policy — before the next meeting')).toBe(
			'redraft the policy'
		);
		expect(dueAtNextMeeting('book the room')).toBeNull();
	});

	it('reads "AP:" as a prefix and a clause naming who does it after a comma', () => {
		expect(action('AP: Bea + Col – write to HA re lift')).toMatchObject({ owners: ['Bea', 'Col'] });
		expect(read('Christmas social? maybe the 19th, Sam to ask around')).toMatchObject({
			block: { owners: ['Sam'], what: 'ask around' },
			keepWords: true
		});
		expect(read('new tenants in blk A, Col to drop welcome pack round')).toMatchObject({
			block: { owners: ['Col'] },
			keepWords: true
		});
	});

	it('takes no label before a colon in prose for an owner unless a task follows', () => {
		expect(read('Long chat about acrylic. Conclusion: it depends who is asking.')).toBeNull();
		expect(read('A talk on squatting. Slides: https://example.org/slides')).toBeNull();
		expect(read('Printing: quotes from two printers')).toBeNull();
		expect(action('Sam: book the room')).toMatchObject({ owners: ['Sam'] });
	});

	it('reads the clause after a semicolon that names who does it', () => {
		expect(
			read('Three asked about paying monthly; Anne will look into standing orders.')
		).toMatchObject({
			block: { owners: ['Anne'], what: 'look into standing orders' },
			keepWords: true
		});
	});

	it('reads a due date inside the task only before what the task is about', () => {
		expect(action('Sam will pick up the keys by Friday afternoon')).toMatchObject({
			what: 'pick up the keys by Friday afternoon',
			due: ''
		});
	});
});
