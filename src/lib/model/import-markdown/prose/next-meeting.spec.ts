import { describe, expect, it } from 'vitest';
import { readContext } from '../context';
import { nextMeetingLine } from './next-meeting';

const read = (line: string, meetingDate = '2023-03-09') =>
	nextMeetingLine(line, { ...readContext('free'), meetingDate });

describe('the next meeting in prose', () => {
	it('reads the common forms, with times and venue', () => {
		expect(read('Next meeting: Thursday 6 April, 7pm, Library')).toEqual({
			date: '2023-04-06',
			start: '19:00',
			end: '',
			venue: 'Library',
			topic: '',
			keepWords: false,
			hasRest: false
		});
		expect(read('The next meeting will be on Thursday 6 April at 7pm at the Library.')).toEqual({
			date: '2023-04-06',
			start: '19:00',
			end: '',
			venue: 'the Library',
			topic: '',
			keepWords: false,
			hasRest: false
		});
		expect(read('Date of next meeting – 6 April 2023, 19:00–21:00')).toMatchObject({
			date: '2023-04-06',
			end: '21:00'
		});
		expect(read('We will meet again on 13 April')).toMatchObject({ date: '2023-04-13' });
	});

	it('puts a date without a year after the meeting', () => {
		expect(read('Next meeting: 10 January', '2023-12-14')?.date).toBe('2024-01-10');
	});

	it('keeps the words of a rule it does not hold', () => {
		expect(
			read('The next meeting will be the first Thursday of next month, which is Thursday 6 April')
		).toMatchObject({ date: '2023-04-06', keepWords: true });
	});

	it('reads a topic, and keeps the words of a label the block has no key for', () => {
		expect(read('Next meeting: 6 April, 7pm at the Library. Topic: rent')).toMatchObject({
			venue: 'the Library',
			topic: 'rent',
			keepWords: false
		});
		expect(read('Next meeting: 6 April, 7pm at the Library. Main item: rent')).toMatchObject({
			venue: 'the Library',
			topic: 'rent',
			keepWords: true
		});
	});

	it('does not read lines that do not name the next meeting', () => {
		expect(read('We met on 6 April')).toBeNull();
		expect(read('Next meeting: to be decided')).toBeNull();
		expect(read('The next steps are due by 6 April')).toBeNull();
	});
});

describe('the next meeting as a rule', () => {
	it('counts "the first Thursday of next month" from the meeting, keeping the rule’s words', () => {
		expect(
			read('Next meeting: the first Thursday of next month, 7pm at the Library.')
		).toMatchObject({ date: '2023-04-06', start: '19:00', venue: 'the Library', keepWords: true });
		expect(read('Next meeting: next Thursday at 7pm.')).toMatchObject({
			date: '2023-03-16',
			start: '19:00'
		});
	});

	it('takes the written date over the rule, and notices when they disagree', () => {
		const context = { ...readContext('free'), meetingDate: '2023-03-09' };
		const found = nextMeetingLine(
			'Next meeting: the first Thursday of next month, which is Friday 7 April, 7pm.',
			context
		);
		expect(found).toMatchObject({ date: '2023-04-07', start: '19:00', venue: '', keepWords: true });
		expect(context.notices).toEqual([
			{ kind: 'ambiguous-date', text: 'first Thursday of next month', read: '2023-04-07' }
		]);
	});
});
