import { describe, expect, it } from 'vitest';
import { readContext } from '../context';
import { recogniseDecision, recogniseMotion } from './decisions';

const read = (line: string) => recogniseDecision(line, readContext('free'));
const decision = (line: string) => {
	const found = read(line);
	if (!found || found.block.kind !== 'decision') throw new Error(`not read: ${line}`);
	return found.block;
};

describe('recogniseDecision', () => {
	it('reads "It was agreed that …" and "We agreed to …" as consensus decisions', () => {
		expect(
			read('It was agreed that facilitation and minute taking will rotate each month.')
		).toEqual({
			block: {
				kind: 'decision',
				text: 'facilitation and minute taking will rotate each month',
				method: 'consensus',
				votesFor: null,
				votesAgainst: null,
				abstentions: null,
				presentCount: null,
				outcome: null
			},
			keepWords: false
		});
		expect(
			decision("We agreed to ask the council's environmental health team to inspect").text
		).toBe("ask the council's environmental health team to inspect");
		expect(decision('The meeting agreed to send a second letter.').text).toBe(
			'send a second letter'
		);
		expect(decision('Everyone agreed that the stall should go ahead').text).toBe(
			'the stall should go ahead'
		);
		expect(decision('Agreed: send a second letter').text).toBe('send a second letter');
		expect(decision('Resolved: the accounts are approved').text).toBe('the accounts are approved');
		expect(decision('RESOLVED that the group affiliates to the federation').text).toBe(
			'the group affiliates to the federation'
		);
		expect(decision('Agreed to move meetings to Wednesdays').text).toBe(
			'move meetings to Wednesdays'
		);
	});

	it('reads the present count and unanimity', () => {
		const d = decision('The 14 members present unanimously decided to send a second letter.');
		expect(d).toMatchObject({
			text: 'send a second letter',
			method: 'consensus',
			presentCount: 14
		});
		expect(decision('It was agreed by all 11 present to reprint the leaflet')).toMatchObject({
			text: 'reprint the leaflet',
			presentCount: 11
		});
		expect(decision('Of the 9 present, everyone agreed to meet monthly')).toMatchObject({
			text: 'meet monthly',
			presentCount: 9
		});
		expect(decision('We decided by consensus to close the stall')).toMatchObject({
			text: 'close the stall',
			method: 'consensus'
		});
		expect(decision('Move meetings to Wednesdays — decided by consensus')).toMatchObject({
			text: 'Move meetings to Wednesdays',
			method: 'consensus'
		});
	});

	it('reads votes, tallies and outcomes', () => {
		expect(decision('We voted 7 to 3 to move meetings to Wednesdays')).toMatchObject({
			text: 'move meetings to Wednesdays',
			method: 'vote',
			votesFor: 7,
			votesAgainst: 3,
			outcome: 'carried'
		});
		expect(decision('Motion to affiliate to the federation: passed 9-2-1')).toMatchObject({
			text: 'affiliate to the federation',
			method: 'vote',
			votesFor: 9,
			votesAgainst: 2,
			abstentions: 1,
			outcome: 'carried'
		});
		expect(
			decision('Motion 3: Affiliation to the federation — carried 9–2 with 1 abstention')
		).toMatchObject({
			text: 'Motion 3: Affiliation to the federation',
			votesFor: 9,
			votesAgainst: 2,
			abstentions: 1,
			outcome: 'carried'
		});
		expect(decision('Proposal: close the stall in winter — carried unanimously')).toMatchObject({
			text: 'close the stall in winter',
			method: 'vote',
			outcome: 'carried'
		});
		expect(decision('Move meetings to Wednesdays (carried, 12 for, 1 against)')).toMatchObject({
			text: 'Move meetings to Wednesdays',
			method: 'vote',
			votesFor: 12,
			votesAgainst: 1,
			outcome: 'carried'
		});
		expect(
			decision('The members voted unanimously to adopt the budget, with 10 present')
		).toMatchObject({
			text: 'adopt the budget',
			method: 'vote',
			votesFor: 10,
			votesAgainst: 0,
			presentCount: 10
		});
		expect(decision('The proposal to close the stall was defeated by 3 votes to 7')).toMatchObject({
			text: 'close the stall',
			outcome: 'defeated',
			votesFor: 3,
			votesAgainst: 7
		});
		expect(decision('Proposal to reprint the leaflet: deferred')).toMatchObject({
			text: 'reprint the leaflet',
			outcome: 'deferred'
		});
		expect(decision('No consensus on whether to reprint the leaflet.')).toMatchObject({
			text: 'reprint the leaflet',
			method: 'consensus',
			outcome: 'defeated'
		});
	});

	it('keeps the line in the notes when it says more than the decision', () => {
		const rota = read(
			'It was agreed that facilitation and minute taking will rotate each month. Tomasz facilitates in April, Mei takes minutes.'
		);
		expect(rota?.keepWords).toBe(true);
		expect(rota?.block).toMatchObject({
			text: 'facilitation and minute taking will rotate each month'
		});
		const reason = read('We agreed to move to Wednesdays because the hall is free then');
		expect(reason).toMatchObject({ keepWords: true, block: { text: 'move to Wednesdays' } });
		const motion = read(
			'Sam proposed we meet on Wednesdays; the motion carried 9–2 with 1 abstention.'
		);
		expect(motion).toMatchObject({
			keepWords: true,
			block: { method: 'vote', votesFor: 9, votesAgainst: 2, abstentions: 1, outcome: 'carried' }
		});
	});

	it('does not read discussions, questions or disagreements', () => {
		for (const line of [
			'We discussed whether to agree a budget',
			'Agreed to differ',
			'We agreed to disagree on the colour of the banner',
			'Was it agreed that we meet in May?',
			'Have we agreed to send the letter?',
			'Sam said the council had agreed nothing',
			'The landlord has not agreed to any repairs',
			'Tenants decided nothing yet',
			'Members were asked to vote by email',
			'The letter was carried to the office by hand',
			'We agreed'
		]) {
			expect(read(line), line).toBeNull();
		}
	});

	it('reads a decision in the last clause of a sentence, keeping the sentence', () => {
		expect(
			read('People were keen but worried about the cost, so we agreed to run a survey first.')
		).toMatchObject({
			block: { text: 'run a survey first', method: 'consensus' },
			keepWords: true
		});
	});

	it('reads a motion and its outcome over several sentences', () => {
		expect(
			recogniseMotion(
				'Motion 2: Affiliation. This branch affiliates to the trades council. Proposed: A. Lewis, Seconded: T. Wójcik. Carried 9–2 with 1 abstention.'
			)
		).toMatchObject({
			text: 'This branch affiliates to the trades council',
			method: 'vote',
			votesFor: 9,
			votesAgainst: 2,
			abstentions: 1,
			outcome: 'carried'
		});
		expect(
			recogniseMotion(
				'Motion 3: That the branch donate £500. An amendment to reduce it fell. The motion was put: 4 for, 7 against. The motion fell.'
			)
		).toMatchObject({
			text: 'the branch donate £500',
			votesFor: 4,
			votesAgainst: 7,
			outcome: 'defeated'
		});
		expect(
			read(
				'Moved by Jen Park, seconded by Aaron Fitch, that the PTA spend $600 on a lunch. Vote: 19 in favor, 3 opposed, 1 abstaining. Motion carried.'
			)
		).toMatchObject({
			block: {
				text: 'the PTA spend $600 on a lunch',
				votesFor: 19,
				votesAgainst: 3,
				abstentions: 1
			},
			keepWords: true
		});
		expect(
			decision(
				'The minutes were approved as distributed. Motion to approve: Jen Park. Motion carried.'
			).text
		).toBe('The minutes were approved as distributed');
		expect(recogniseMotion('Motion 1: Car parking. Proposed: A. Price.')).toBeNull();
	});

	it('reads a decision after a lead-in, keeping the lead-in in the notes', () => {
		expect(
			read(
				'After some back and forth about colours, the 14 members present unanimously decided to order a banner.'
			)
		).toMatchObject({ block: { text: 'order a banner', presentCount: 14 }, keepWords: true });
		expect(
			decision('After a long discussion the group agreed that school streets come first.').text
		).toBe('school streets come first');
	});

	it('reads "General agreement to …" and a proposal put to a vote', () => {
		expect(decision('Clive asked about it. General agreement to keep it short.')).toMatchObject({
			text: 'keep it short',
			method: 'consensus'
		});
		expect(
			decision(
				"The treasurer's proposal to apply for £2,000 was put to a vote: 5 for, 0 against, 0 abstentions. Carried."
			)
		).toMatchObject({
			text: 'apply for £2,000',
			method: 'vote',
			votesFor: 5,
			votesAgainst: 0,
			abstentions: 0,
			outcome: 'carried'
		});
	});
});
