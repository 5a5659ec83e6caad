import { describe, expect, it } from 'vitest';
import {
	blockLine,
	eventListItem,
	itemLine,
	itemMetaLine,
	keyLine,
	presentationLine
} from './lines';

describe('one line of minutes', () => {
	it('reads header keys by their synonyms, in bold too', () => {
		expect(keyLine('Chair: Sam Okafor')).toEqual({ key: 'facilitator', value: 'Sam Okafor' });
		expect(keyLine('**Minutes taken by:** Lena')).toEqual({ key: 'minutes', value: 'Lena' });
		expect(keyLine('Mood: fine')).toBeNull();
	});

	it('reads a decision with its tally and outcome', () => {
		expect(
			blockLine('Vote on the budget: 3 for, 4 against, 1 abstention (9 present). Lost.')
		).toEqual({
			kind: 'decision',
			text: 'the budget',
			method: 'vote',
			votesFor: 3,
			votesAgainst: 4,
			abstentions: 1,
			presentCount: 9,
			outcome: 'defeated'
		});
		expect(blockLine('Decision: send a letter. Agreed by consensus.')).toMatchObject({
			text: 'send a letter',
			method: 'consensus',
			outcome: null
		});
	});

	it('reads an action with its owners and due date', () => {
		expect(blockLine('Action (done): Ahmed & **Joy** — collate photos, due 2026-03-31')).toEqual({
			kind: 'action',
			what: 'collate photos',
			owners: ['Ahmed', 'Joy'],
			due: '2026-03-31',
			done: true
		});
	});

	it('reads an event from a block line or from a dated list item', () => {
		expect(
			blockLine('Event: 21 March 2026, 11:00 — Stall — Market square — https://e.org/s')
		).toEqual({
			kind: 'event',
			title: 'Stall',
			date: '2026-03-21',
			time: '11:00',
			place: 'Market square',
			link: 'https://e.org/s'
		});
		expect(eventListItem('21 March 2026 (11am) — Stall, details: <https://e.org/s>')).toMatchObject(
			{ title: 'Stall', date: '2026-03-21', time: '11:00', link: 'https://e.org/s' }
		);
		expect(eventListItem('21 March 2026 was a Saturday')).toBeNull();
		expect(blockLine('Just notes.')).toBeNull();
	});

	it('strips labels from item titles, keeping words that only look like one', () => {
		expect(itemLine('1. Repairs', 0)).toMatchObject({ title: 'Repairs', numbered: true });
		expect(itemLine('A) Workshop', 0)).toMatchObject({ title: 'Workshop', numbered: false });
		expect(itemLine('xiv. Roman', 2).title).toBe('Roman');
		expect(itemLine('Misc. things', 0).title).toBe('Misc. things');
		expect(itemLine('Budget (not for publication)', 0)).toMatchObject({
			title: 'Budget',
			isPrivate: true
		});
	});

	it('reads presenters and time boxes', () => {
		expect(itemMetaLine('Presenter: **Joy**')).toEqual({ presenter: 'Joy' });
		expect(itemMetaLine('Duration: 1 hour')).toEqual({ timeBox: 60 });
		expect(itemMetaLine('Time box: soon')).toEqual({ timeBox: null });
		expect(itemMetaLine('Topic: rent')).toBeNull();
		expect(presentationLine('Joy gave a 20 minute talk on rent strikes.')).toEqual({
			presenter: 'Joy',
			timeBox: 20
		});
	});

	it('reads presenters and time boxes in prose', () => {
		const cases: [string, string, number | null][] = [
			['Sam gave a 15-minute presentation on the budget.', 'Sam', 15],
			['Priya Shah led a 1 hour workshop', 'Priya Shah', 60],
			['a 1 hour workshop led by Joy', 'Joy', 60],
			['45 minute discussion', '', 45],
			['Open discussion (40 minutes) covered:', '', 40],
			['Presentation by Dev Rao (20 mins)', 'Dev Rao', 20],
			['Talk from Mei, 15 min', 'Mei', 15],
			['Workshop led by Tomasz', 'Tomasz', null],
			['Half an hour discussion', '', 30],
			['Helen gave a 10 minute run-through of the options', 'Helen', 10]
		];
		for (const [line, presenter, timeBox] of cases) {
			expect(presentationLine(line), line).toEqual({ presenter, timeBox });
		}
	});

	it('does not read a presentation into other lines', () => {
		for (const line of [
			'We had a 10 minute break',
			'Joy gave a talk last year about this',
			'The discussion ran over by 20 minutes',
			'3 people volunteered'
		]) {
			expect(presentationLine(line), line).toBeNull();
		}
	});
});
