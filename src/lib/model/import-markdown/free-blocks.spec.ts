import { describe, expect, it } from 'vitest';
import { buildDraft } from './builder';
import { readContext } from './context';
import type { Draft } from './draft';
import { lex } from './tokens';

const read = (text: string, mode: 'free' | 'dialect' = 'free'): Draft =>
	buildDraft(lex(text), readContext(mode));
const notesText = (draft: Draft, item = 0) => JSON.stringify(draft.items[item].notes);

describe('decisions and actions in free minutes', () => {
	it('reads prose decisions and actions into blocks, leaving the rest in the notes', () => {
		const draft = read(
			[
				'# Tenants meeting',
				'Date: Thursday 12 March 2026',
				'',
				'## Repairs',
				'',
				'We agreed to send a second letter.',
				'',
				'The hall is cold. Sam will ring the caretaker by Friday.',
				'',
				'ACTION: Priya to draft the letter by the end of the month'
			].join('\n')
		);
		expect(draft.items[0].blocks).toEqual([
			expect.objectContaining({ kind: 'decision', text: 'send a second letter' }),
			{
				kind: 'action',
				what: 'ring the caretaker',
				owners: ['Sam'],
				due: '2026-03-13',
				done: false
			},
			{
				kind: 'action',
				what: 'draft the letter',
				owners: ['Priya'],
				due: '2026-03-31',
				done: false
			}
		]);
		const notes = notesText(draft);
		expect(notes).not.toContain('second letter');
		expect(notes).toContain('The hall is cold. Sam will ring the caretaker by Friday.');
		expect(notes).not.toContain('Priya');
	});

	it('reads the items of a list under "Actions:" or an Actions heading as actions', () => {
		const draft = read(
			[
				'## Stall',
				'',
				'Actions:',
				'- Order more leaflets',
				'- Jo – bring the gazebo',
				'',
				'Other things:',
				'- Order more leaflets',
				'',
				'## Action points',
				'',
				'- Sam: book the room',
				'- [x] Mei: post the minutes'
			].join('\n')
		);
		expect(draft.items[0].blocks).toEqual([
			{ kind: 'action', what: 'Order more leaflets', owners: [], due: '', done: false },
			{ kind: 'action', what: 'bring the gazebo', owners: ['Jo'], due: '', done: false }
		]);
		expect(notesText(draft)).toContain('Actions:');
		expect(notesText(draft)).toContain('Other things:');
		expect(notesText(draft)).toContain('Order more leaflets');
		expect(draft.items[1].blocks).toEqual([
			{ kind: 'action', what: 'book the room', owners: ['Sam'], due: '', done: false },
			{ kind: 'action', what: 'post the minutes', owners: ['Mei'], due: '', done: true }
		]);
	});

	it('reads a table of actions as actions and leaves other tables as text', () => {
		const draft = read(
			[
				'## Actions',
				'',
				'| Who | What | By |',
				'|-----|------|----|',
				'| Sam & Priya | Book the room | 2026-03-31 |',
				'',
				'| Name | Role |',
				'|------|------|',
				'| Sam | Chair |'
			].join('\n')
		);
		expect(draft.items[0].blocks).toEqual([
			{
				kind: 'action',
				what: 'Book the room',
				owners: ['Sam', 'Priya'],
				due: '2026-03-31',
				done: false
			}
		]);
		expect(notesText(draft)).toContain('Chair');
	});

	it('reads none of it in Plenary’s dialect', () => {
		const draft = read(
			[
				'## Repairs',
				'',
				'We agreed to send a second letter.',
				'',
				'- [ ] Sam: book room',
				'',
				'| Who | What |',
				'|--|--|',
				'| Sam | Book |'
			].join('\n'),
			'dialect'
		);
		expect(draft.items[0].blocks).toEqual([]);
		expect(notesText(draft)).toContain('We agreed to send a second letter.');
	});

	it('reads nested pad bullets, a line of several sentences and sub-points', () => {
		const draft = read(
			[
				'# Co-op meeting',
				'Date: Thursday 12 March 2026',
				'',
				'## Minutes',
				'',
				'* finances',
				'    * float is at £412',
				'    * we agreed to keep the card reader',
				'',
				'Costs worry people, so we agreed to run a survey. Olu will draft the questions by Friday.',
				'',
				'## Next meeting',
				'',
				'Thursday 9 April 2026, 7pm',
				'',
				'## 1. Organising',
				'',
				'a. Phone tree',
				'   i. Tariq and Lou will go through the list.',
				'',
				'## Actions',
				'',
				'- Jo: redraft the policy — before the next meeting'
			].join('\n')
		);
		const minutes = draft.items.find((i) => i.title === 'Minutes')!;
		expect(minutes.blocks.map((b) => b.kind)).toEqual(['decision', 'decision', 'action']);
		expect(JSON.stringify(minutes.notes)).toContain('float is at £412');
		expect(JSON.stringify(minutes.notes)).toContain('Olu will draft the questions');
		const tree = draft.items.find((i) => /Organising/.test(i.title))!.children[0].children[0];
		expect(tree.blocks).toMatchObject([{ kind: 'action', owners: ['Tariq', 'Lou'] }]);
		const actions = draft.items.find((i) => i.title === 'Actions')!;
		expect(actions.blocks).toMatchObject([{ what: 'redraft the policy', due: '2026-04-09' }]);
	});

	it('reads a motion whose proposer and outcome follow on lines of their own', () => {
		const draft = read(
			[
				'## Motions',
				'',
				'**Motion 1: Parking.** This branch opposes the parking charges.',
				'Proposed: Aled Price. Seconded: Mary Quinn.',
				'Carried unanimously.'
			].join('\n')
		);
		expect(draft.items[0].blocks).toMatchObject([
			{ kind: 'decision', text: 'This branch opposes the parking charges', outcome: 'carried' }
		]);
		expect(notesText(draft)).toContain('Proposed: Aled Price');
	});

	it('reads each line of a list item written over several lines', () => {
		const draft = read(
			[
				'## New business',
				'',
				'1. Fall Festival',
				'   Marcus will coordinate the food trucks.',
				'2. Lunch',
				'   We agreed to order sandwiches.'
			].join('\n')
		);
		expect(draft.items[0].blocks).toMatchObject([
			{ kind: 'action', owners: ['Marcus'] },
			{ kind: 'decision', text: 'order sandwiches' }
		]);
		expect(notesText(draft)).toContain('Fall Festival');
	});
});
