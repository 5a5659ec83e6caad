import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { agendaList, itemNotes } from '../agenda';
import { meetingSnapshot } from '../minutes';
import { notesToPlainText } from '../notes';
import { DIALECT_MARK } from './dialect';
import { importMarkdown } from './index';

function imported(markdown: string): Y.Doc {
	const result = importMarkdown(markdown, { meetingId: 'meeting_000000000000000001' });
	if (!result.ok) throw new Error(result.error);
	return result.doc;
}

const outline = (doc: Y.Doc) => agendaList(doc).map((n) => `${n.number} ${n.title}`);
const notesOf = (doc: Y.Doc, index: number) =>
	notesToPlainText(itemNotes(doc, agendaList(doc)[index].id));

describe('the free reading of a meeting header', () => {
	it('reads the date line under the title into the header, not into an invented item', () => {
		const doc = imported(
			[
				'# Reading group',
				'',
				'Thursday 9 March 2023, 19:00–21:15',
				'at the Community Centre, 12 High St',
				'',
				'## A) Theory',
				'',
				'## 1. Practice'
			].join('\n')
		);
		const snap = meetingSnapshot(doc);
		expect(snap.header).toMatchObject({
			date: '2023-03-09',
			startTime: '19:00',
			endTime: '21:15',
			venue: 'the Community Centre, 12 High St'
		});
		expect(outline(doc)).toEqual(['A Theory', '1 Practice']);
	});

	it('reads the date in the title and in "Meeting held on" lines', () => {
		const title = meetingSnapshot(imported('# Minutes of the meeting of 3 March 2024\n\n## Rent'));
		expect(title.header).toMatchObject({
			title: 'Minutes of the meeting of 3 March 2024',
			date: '2024-03-03'
		});
		const held = imported(
			'Tenants union\n\nMeeting held on Tue 5th March 2024, 6.30pm until 9pm\n\n## Rent'
		);
		expect(meetingSnapshot(held).header).toMatchObject({
			title: 'Tenants union',
			date: '2024-03-05',
			startTime: '18:30',
			endTime: '21:00'
		});
		expect(outline(held)).toEqual(['1 Rent']);
	});

	it('keeps the words a date line cannot hold in the first item, word for word', () => {
		const doc = imported(
			'# Assembly\n\nMeeting held on 5 May 2024, straight after the AGM. Tea was served.\n\n## Rent'
		);
		expect(meetingSnapshot(doc).header.date).toBe('2024-05-05');
		expect(outline(doc)).toEqual(['1 Rent']);
		expect(notesOf(doc, 0)).toBe(
			'Meeting held on 5 May 2024, straight after the AGM. Tea was served.'
		);
	});

	it('does not take a date mentioned in passing in an item for the meeting date', () => {
		const doc = imported('# Assembly\n\n## Rent\n\nThe landlord wrote on 2 March 2024.');
		expect(meetingSnapshot(doc).header.date).toBe('');
		expect(notesOf(doc, 0)).toBe('The landlord wrote on 2 March 2024.');
	});
});

describe('the free reading of attendance', () => {
	it('reads every attendance line, a count alone and the roles in prose', () => {
		const doc = imported(
			[
				'# Assembly',
				'',
				'In attendance: Sam Okafor, Priya',
				'Also present: Joy',
				'Regrets: Ruth',
				'11 people',
				'Sam facilitated and Priya took minutes.'
			].join('\n')
		);
		const { attendance } = meetingSnapshot(doc);
		expect(attendance.presentCount).toBe(11);
		expect(attendance.people.map((p) => [p.name, p.present])).toEqual([
			['Sam Okafor', true],
			['Priya', true],
			['Joy', true],
			['Ruth', false]
		]);
		expect(attendance.facilitators).toEqual(['Sam Okafor']);
		expect(attendance.minuteTakers).toEqual(['Priya']);
		expect(agendaList(doc)).toEqual([]);
	});

	it("reads no count from an item's notes", () => {
		const doc = imported('# Assembly\n\n## Leaflets\n\n3 people volunteered');
		expect(meetingSnapshot(doc).attendance.presentCount).toBeNull();
		expect(notesOf(doc, 0)).toBe('3 people volunteered');
	});
});

describe('the free reading of agenda labels', () => {
	it('keeps part letters as written, in the title when the agenda would letter it otherwise', () => {
		expect(
			outline(imported('# M\n\n## A) Theory\n\n## Part B: Practice\n\n## Item 3: Rent'))
		).toEqual(['A Theory', 'B Practice', '1 Rent']);
		expect(outline(imported('# M\n\n## Part B: Practice\n\n## 1. Rent'))).toEqual([
			'A Part B: Practice',
			'1 Rent'
		]);
	});
});

describe('the free reading of presenters and time boxes', () => {
	it('sets them from prose when not given, and the line stays in the notes', () => {
		const doc = imported(
			[
				'# M',
				'',
				'## Talk',
				'',
				'Presentation by Joy Adeyemi (20 mins)',
				'',
				'## Discussion',
				'',
				'Open discussion (40 minutes)',
				'',
				'## Workshop',
				'',
				'A 1 hour workshop led by Sam.'
			].join('\n')
		);
		const items = agendaList(doc);
		expect(items.map((i) => [i.presenter, i.timeBox])).toEqual([
			['Joy Adeyemi', 20],
			['', 40],
			['Sam', 60]
		]);
		expect(notesOf(doc, 1)).toBe('Open discussion (40 minutes)');
	});

	it("reads no prose in Plenary's own export", () => {
		const doc = imported(`# M\n\n## 1. Talk\n\nJoy gave a 20 minute talk.\n\n${DIALECT_MARK}\n`);
		expect(agendaList(doc)[0]).toMatchObject({ presenter: '', timeBox: null });
	});
});

describe('the free reading of the next meeting', () => {
	it('reads it in prose anywhere, its date after the meeting', () => {
		const doc = imported(
			[
				'# M',
				'',
				'Thursday 9 March 2023',
				'',
				'## Any other business',
				'',
				'The next meeting will be on Thursday 6 April at 7pm at the Library.'
			].join('\n')
		);
		expect(meetingSnapshot(doc).next).toMatchObject({
			date: '2023-04-06',
			startTime: '19:00',
			venue: 'the Library'
		});
		expect(notesOf(doc, 0)).toBe('');
	});

	it('keeps the words of a rule in the notes and reads the date it names', () => {
		const line = 'Next meeting: the first Thursday of next month, which is Thursday 6 April.';
		const doc = imported(`# M\n\n9 March 2023\n\n## AOB\n\n${line}`);
		expect(meetingSnapshot(doc).next.date).toBe('2023-04-06');
		expect(notesOf(doc, 0)).toBe(line);
	});

	it('reads a date without a year under a Next meeting heading', () => {
		const doc = imported(
			'# M\n\n9 March 2023\n\n## Rent\n\n## Next meeting\n\nThursday 6 April, 7pm, Library'
		);
		expect(meetingSnapshot(doc).next).toMatchObject({
			date: '2023-04-06',
			startTime: '19:00',
			venue: 'Library'
		});
	});
});

describe('the free reading of headings and next-meeting items', () => {
	it('takes "###" for top-level items where the minutes use no "##"', () => {
		expect(outline(imported('# M\n\n### Water\n\n### Plots\n\n#### Plot 12b'))).toEqual([
			'1 Water',
			'2 Plots',
			'2.a Plot 12b'
		]);
	});

	it('reads the next meeting under an item named for it, the item kept', () => {
		const doc = imported(
			'# M\n\n17 January 2024\n\n## 6. Date of next meeting\n\nWednesday 21 February, 18:00, Room 4.'
		);
		expect(outline(doc)).toEqual(['1 Date of next meeting']);
		expect(meetingSnapshot(doc).next).toMatchObject({
			date: '2024-02-21',
			startTime: '18:00',
			venue: 'Room 4'
		});
	});

	it('reads "Date:" in the group date order', () => {
		const result = importMarkdown('# PTA\n\nDate: 10/08/2024\n\n## Minutes', {
			dateOrder: 'mdy',
			meetingId: 'meeting_000000000000000001'
		});
		if (!result.ok) throw new Error(result.error);
		expect(meetingSnapshot(result.doc).header.date).toBe('2024-10-08');
		expect(result.notices).toEqual([
			{ kind: 'ambiguous-date', text: '10/08/2024', read: '2024-10-08' }
		]);
	});

	it('reads the next meeting\'s "Date:" in the group date order too', () => {
		const result = importMarkdown(
			'# PTA\n\nDate: 10/08/2024\n\n## Minutes\n\nText.\n\n## Next meeting\n\nDate: 11/12/2024\nVenue: Hall',
			{ dateOrder: 'mdy', meetingId: 'meeting_000000000000000001' }
		);
		if (!result.ok) throw new Error(result.error);
		expect(meetingSnapshot(result.doc).next).toMatchObject({ date: '2024-11-12', venue: 'Hall' });
		expect(result.notices).toContainEqual({
			kind: 'ambiguous-date',
			text: '11/12/2024',
			read: '2024-11-12'
		});
	});
});
