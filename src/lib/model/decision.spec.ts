import { describe, expect, it } from 'vitest';
import { decisionSentence, tallyDoubt } from './decision';

describe('decisionSentence', () => {
	it('writes consensus decisions', () => {
		expect(
			decisionSentence({ text: 'send a second letter with a 14-day deadline.', presentCount: 14 })
		).toBe(
			'The 14 members present unanimously agreed to send a second letter with a 14-day deadline.'
		);
		expect(decisionSentence({ text: 'Ask the council to inspect' })).toBe(
			'The meeting agreed by consensus to ask the council to inspect.'
		);
		expect(decisionSentence({ text: 'close the stall', presentCount: 1 })).toBe(
			'The one member present agreed to close the stall.'
		);
		expect(decisionSentence({ text: 'the newsletter goes monthly' }, { presentCount: 9 })).toBe(
			'The 9 members present unanimously agreed that the newsletter goes monthly.'
		);
		expect(decisionSentence({ text: 'to meet on Wednesdays', presentCount: 5 })).toBe(
			'The 5 members present unanimously agreed to meet on Wednesdays.'
		);
		expect(decisionSentence({ text: 'AGM in May', presentCount: 5 })).toBe(
			'The 5 members present unanimously agreed to AGM in May.'
		);
		expect(decisionSentence({ text: '', presentCount: 3 })).toBe(
			'The 3 members present unanimously agreed.'
		);
	});

	it('writes votes with tallies and abstentions', () => {
		const vote = { method: 'vote' as const, text: 'move meetings to Wednesdays', presentCount: 11 };
		expect(decisionSentence({ ...vote, votesFor: 7, votesAgainst: 3, abstentions: 1 })).toBe(
			'The 11 members present agreed to move meetings to Wednesdays by 7 votes to 3, with 1 abstention.'
		);
		expect(decisionSentence({ ...vote, votesFor: 7, votesAgainst: 1, abstentions: 3 })).toBe(
			'The 11 members present agreed to move meetings to Wednesdays by 7 votes to 1, with 3 abstentions.'
		);
		expect(decisionSentence({ ...vote, votesFor: 6, votesAgainst: 0, abstentions: 2 })).toBe(
			'The 11 members present agreed to move meetings to Wednesdays by 6 votes to none, with 2 abstentions.'
		);
		expect(decisionSentence({ ...vote, votesFor: 11, votesAgainst: 0, abstentions: 0 })).toBe(
			'The 11 members present voted unanimously to move meetings to Wednesdays (11 votes in favour).'
		);
		expect(decisionSentence({ ...vote, presentCount: null, votesFor: 1, votesAgainst: 0 })).toBe(
			'The meeting voted unanimously to move meetings to Wednesdays (1 vote in favour).'
		);
		expect(decisionSentence({ ...vote, votesFor: null, votesAgainst: null })).toBe(
			'The 11 members present agreed by a vote to move meetings to Wednesdays.'
		);
	});

	it('writes defeated, tied, deferred and withdrawn proposals', () => {
		const vote = { method: 'vote' as const, text: 'close the stall', presentCount: 11 };
		expect(decisionSentence({ ...vote, votesFor: 3, votesAgainst: 7, abstentions: 1 })).toBe(
			'With 11 members present, the proposal to close the stall was defeated by 7 votes to 3, with 1 abstention.'
		);
		expect(decisionSentence({ ...vote, votesFor: 5, votesAgainst: 5 })).toBe(
			'With 11 members present, the proposal to close the stall was defeated on a tied vote of 5 to 5.'
		);
		expect(decisionSentence({ ...vote, votesFor: 5, votesAgainst: 5, outcome: 'carried' })).toBe(
			'The 11 members present agreed to close the stall by 5 votes to 5.'
		);
		expect(decisionSentence({ ...vote, presentCount: null, votesFor: 2, votesAgainst: 4 })).toBe(
			'The proposal to close the stall was defeated by 4 votes to 2.'
		);
		expect(decisionSentence({ text: 'reprint the leaflet', outcome: 'deferred' })).toBe(
			'The proposal to reprint the leaflet was deferred.'
		);
		expect(decisionSentence({ text: 'reprint the leaflet', outcome: 'withdrawn' })).toBe(
			'The proposal to reprint the leaflet was withdrawn.'
		);
		expect(decisionSentence({ text: 'reprint', outcome: 'defeated', presentCount: 4 })).toBe(
			'The 4 members present did not reach consensus on the proposal to reprint.'
		);
	});

	it('ignores nonsense counts', () => {
		expect(
			decisionSentence({ text: 'x', presentCount: -3 as number, votesFor: 1.5 as number })
		).toBe('The meeting agreed by consensus to x.');
	});
});

describe('tallyDoubt', () => {
	const vote = { method: 'vote' as const, votesFor: 9, votesAgainst: 0, abstentions: 0 };

	it('says when more votes are counted than people are present', () => {
		expect(tallyDoubt({ ...vote, presentCount: 3 })).toMatch(
			/9 votes counted: more votes than the 3 present/
		);
		expect(tallyDoubt(vote, { presentCount: 3 })).toMatch(/more votes than the 3 present/);
		expect(tallyDoubt({ ...vote, votesFor: 2, votesAgainst: 1 }, { presentCount: 3 })).toBeNull();
	});

	it('says when the outcome chosen contradicts the votes', () => {
		expect(tallyDoubt({ ...vote, votesFor: 2, votesAgainst: 5, outcome: 'carried' })).toMatch(
			/Marked carried, but the votes say otherwise/
		);
		expect(tallyDoubt({ ...vote, votesFor: 5, votesAgainst: 2, outcome: 'defeated' })).toMatch(
			/Marked defeated/
		);
		expect(tallyDoubt({ ...vote, votesFor: 5, votesAgainst: 2, outcome: 'carried' })).toBeNull();
	});

	it('says when a unanimous vote leaves people present out', () => {
		expect(tallyDoubt({ ...vote, votesFor: 3 }, { presentCount: 11 })).toMatch(
			/unanimous, yet 3 of the 11 present voted/
		);
		expect(tallyDoubt({ ...vote, votesFor: 11 }, { presentCount: 11 })).toBeNull();
	});

	it('has nothing to say of consensus or of a vote not yet counted', () => {
		expect(tallyDoubt({ method: 'consensus', votesFor: 9, presentCount: 3 })).toBeNull();
		expect(tallyDoubt({ method: 'vote' }, { presentCount: 3 })).toBeNull();
	});
});
