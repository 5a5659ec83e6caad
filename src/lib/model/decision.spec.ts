import { describe, expect, it } from 'vitest';
import { decisionSentence, decisionShape } from './decision';
import { tallyDoubt } from './tally-doubt';

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
			'By consensus of the 5 members present: AGM in May.'
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

	it('tells the shape of a decision’s text', () => {
		expect(decisionShape('send a second letter')).toBe('verb');
		expect(decisionShape('Reprint the leaflet')).toBe('verb');
		expect(decisionShape('redecorate the hall')).toBe('verb');
		expect(decisionShape('moving meetings to Wednesdays')).toBe('verb');
		expect(decisionShape('that the rota rotates')).toBe('that');
		expect(decisionShape('Facilitation and minute taking will rotate each month')).toBe('that');
		expect(decisionShape('the newsletter goes monthly')).toBe('that');
		expect(decisionShape("The group's members requested a meeting with the council")).toBe(
			'statement'
		);
		expect(decisionShape('Members sent a letter')).toBe('statement');
		expect(decisionShape('Motion 3: Affiliation to the federation')).toBe('motion');
		expect(decisionShape('Proposal to close the stall')).toBe('motion');
		expect(decisionShape('New meeting day')).toBe('noun');
		expect(decisionShape('AGM in May')).toBe('noun');
		expect(decisionShape('leaflet drop on Saturday')).toBe('noun');
	});

	const present = 11;
	const consensus = { method: 'consensus' as const };
	const unanimous = { method: 'vote' as const, votesFor: 11, votesAgainst: 0, abstentions: 0 };
	const vote = { method: 'vote' as const, votesFor: 9, votesAgainst: 2, abstentions: null };
	const abstaining = { method: 'vote' as const, votesFor: 9, votesAgainst: 2, abstentions: 1 };
	const lost = { method: 'vote' as const, votesFor: 2, votesAgainst: 9, abstentions: 1 };

	it('writes a verb phrase or that-clause as what was agreed', () => {
		const text = 'send a second letter';
		expect(decisionSentence({ text, ...consensus, presentCount: present })).toBe(
			'The 11 members present unanimously agreed to send a second letter.'
		);
		expect(decisionSentence({ text, ...unanimous })).toBe(
			'The meeting voted unanimously to send a second letter (11 votes in favour).'
		);
		expect(decisionSentence({ text, ...abstaining, presentCount: present })).toBe(
			'The 11 members present agreed to send a second letter by 9 votes to 2, with 1 abstention.'
		);
		expect(decisionSentence({ text, ...lost })).toBe(
			'The proposal to send a second letter was defeated by 9 votes to 2, with 1 abstention.'
		);
		const rota = 'Facilitation and minute taking will rotate each month.';
		expect(decisionSentence({ text: rota, ...consensus })).toBe(
			'The meeting agreed by consensus that facilitation and minute taking will rotate each month.'
		);
		expect(decisionSentence({ text: rota, ...vote, presentCount: present })).toBe(
			'The 11 members present agreed that facilitation and minute taking will rotate each month by 9 votes to 2.'
		);
		expect(decisionSentence({ text: rota, outcome: 'withdrawn' })).toBe(
			'The proposal that facilitation and minute taking will rotate each month was withdrawn.'
		);
	});

	it('writes a full sentence or a noun phrase after how it was decided, never as "agreed to"', () => {
		const text = "The group's members requested a meeting with the council";
		const all = [
			[
				{ ...consensus, presentCount: present },
				`By consensus of the 11 members present: the group's members requested a meeting with the council.`
			],
			[consensus, `By consensus: the group's members requested a meeting with the council.`],
			[
				{ ...consensus, presentCount: 1 },
				`By agreement of the one member present: the group's members requested a meeting with the council.`
			],
			[
				unanimous,
				`By a unanimous vote of 11 votes in favour: the group's members requested a meeting with the council.`
			],
			[
				{ ...abstaining, presentCount: present },
				`By 9 votes to 2, with 1 abstention (11 members present): the group's members requested a meeting with the council.`
			],
			[
				{ ...vote, outcome: 'carried' as const },
				`By 9 votes to 2: the group's members requested a meeting with the council.`
			],
			[
				{ method: 'vote' as const, presentCount: present },
				`By a vote (11 members present): the group's members requested a meeting with the council.`
			],
			[
				{ ...lost, presentCount: present },
				`With 11 members present, the proposal “The group's members requested a meeting with the council” was defeated by 9 votes to 2, with 1 abstention.`
			],
			[
				{ ...consensus, outcome: 'defeated' as const },
				`The meeting did not reach consensus on the proposal “The group's members requested a meeting with the council”.`
			],
			[
				{ outcome: 'deferred' as const },
				`The proposal “The group's members requested a meeting with the council” was deferred.`
			]
		] as const;
		for (const [fields, sentence] of all)
			expect(decisionSentence({ text, ...fields })).toBe(sentence);
		expect(decisionSentence({ text: 'New meeting day', ...consensus, presentCount: present })).toBe(
			'By consensus of the 11 members present: new meeting day.'
		);
		expect(decisionSentence({ text: 'New meeting day', outcome: 'withdrawn' })).toBe(
			'The proposal “New meeting day” was withdrawn.'
		);
		expect(decisionSentence({ text: 'New meeting day', ...vote })).toBe(
			'By 9 votes to 2: new meeting day.'
		);
	});

	it('writes a motion as the subject of its outcome', () => {
		const text = 'Motion 3: Affiliation to the federation';
		const all = [
			[
				abstaining,
				'Motion 3: Affiliation to the federation was carried by 9 votes to 2 with 1 abstention.'
			],
			[
				{ ...vote, presentCount: present },
				'Motion 3: Affiliation to the federation was carried by 9 votes to 2 (11 members present).'
			],
			[
				unanimous,
				'Motion 3: Affiliation to the federation was carried unanimously, by 11 votes to none.'
			],
			[
				{ method: 'vote' as const },
				'Motion 3: Affiliation to the federation was carried on a vote.'
			],
			[
				lost,
				'Motion 3: Affiliation to the federation was defeated by 9 votes to 2 with 1 abstention.'
			],
			[
				{ method: 'vote' as const, votesFor: 5, votesAgainst: 5 },
				'Motion 3: Affiliation to the federation was defeated on a tied vote of 5 to 5.'
			],
			[
				{ method: 'vote' as const, outcome: 'defeated' as const },
				'Motion 3: Affiliation to the federation was defeated.'
			],
			[
				{ ...consensus, presentCount: present },
				'Motion 3: Affiliation to the federation was agreed by consensus of the 11 members present.'
			],
			[consensus, 'Motion 3: Affiliation to the federation was agreed by consensus.'],
			[
				{ ...consensus, outcome: 'defeated' as const, presentCount: present },
				'The 11 members present did not reach consensus on Motion 3: Affiliation to the federation.'
			],
			[{ outcome: 'deferred' as const }, 'Motion 3: Affiliation to the federation was deferred.'],
			[{ outcome: 'withdrawn' as const }, 'Motion 3: Affiliation to the federation was withdrawn.']
		] as const;
		for (const [fields, sentence] of all)
			expect(decisionSentence({ text, ...fields })).toBe(sentence);
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
