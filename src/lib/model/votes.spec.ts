import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, agendaList } from './agenda';
import { castBallot, readBallots, tallyBallots } from './ballots';
import { allBlocks, type DecisionBlock } from './blocks';
import { decisionSentence } from './decision';
import { setIdGenerator } from './ids';
import { importMarkdown } from './import-markdown';
import { meetingToMarkdown } from './markdown';
import { createMeeting } from './minutes';
import { sequentialIds } from './test-helpers';
import {
	closeVote,
	getVote,
	openVote,
	readVotes,
	setEnteredCounts,
	voteDecisionText
} from './votes';

afterEach(() => setIdGenerator());

const device = (n: number) => `device-${String(n).padStart(4, '0')}`;

function meeting() {
	setIdGenerator(sequentialIds('vt'));
	const minutes = new Y.Doc();
	createMeeting(minutes, { meetingId: 'meeting_000000000000000009', title: 'AGM' });
	const item = addAgendaItem(minutes, { title: 'Affiliation' });
	return { minutes, floor: new Y.Doc(), item };
}

function decisionOf(doc: Y.Doc, id: string): DecisionBlock {
	const block = allBlocks(doc).find((b) => b.id === id);
	if (block?.kind !== 'decision') throw new Error('no decision');
	return block;
}

describe('votes', () => {
	it('counts a changed vote once, as its last choice', () => {
		const { minutes, floor } = meeting();
		const vote = openVote(minutes, { proposal: 'to affiliate to the federation' });
		castBallot(floor, { voteId: vote, device: device(1), name: 'Ann', choice: 'against' });
		castBallot(floor, { voteId: vote, device: device(1), name: 'Ann', choice: 'for' });
		castBallot(floor, { voteId: vote, device: device(2), name: 'Bo', choice: 'abstain' });
		const tally = tallyBallots(readBallots(floor, vote));
		expect([tally.for, tally.against, tally.abstain]).toEqual([1, 0, 1]);
		expect(tally.sharedNames).toEqual([]);
	});

	it('counts one vote per name when two devices vote under it, and names the clash', () => {
		const { minutes, floor } = meeting();
		const vote = openVote(minutes, { proposal: 'to affiliate' });
		const t0 = new Date('2026-05-02T10:00:00Z');
		const t1 = new Date('2026-05-02T10:00:05Z');
		castBallot(floor, { voteId: vote, device: device(1), name: 'Ann Lee', choice: 'for', at: t0 });
		castBallot(floor, {
			voteId: vote,
			device: device(2),
			name: '  ann   LEE ',
			choice: 'against',
			at: t1
		});
		castBallot(floor, { voteId: vote, device: device(3), name: 'Cy', choice: 'for', at: t0 });
		const tally = tallyBallots(readBallots(floor, vote));
		// The later ballot under the name replaces the earlier.
		expect([tally.for, tally.against, tally.abstain]).toEqual([1, 1, 0]);
		expect(tally.sharedNames).toEqual([{ name: 'ann LEE', devices: 2 }]);

		closeVote(minutes, floor, vote, { presentCount: 3 });
		const decision = decisionOf(minutes, getVote(minutes, vote)!.decisionId!);
		expect([decision.votesFor, decision.votesAgainst, decision.abstentions]).toEqual([1, 1, 0]);
		expect(decision.outcome).toBe('defeated');
	});

	it('closes with the members’ ballots into a Decision that reads as carried', () => {
		const { minutes, floor, item } = meeting();
		const vote = openVote(minutes, { proposal: 'to affiliate to the federation', itemId: item });
		const choices = [...Array(9).fill('for'), 'against', 'against', 'abstain'] as const;
		choices.forEach((choice, n) =>
			castBallot(floor, { voteId: vote, device: device(n), name: `Member ${n}`, choice })
		);
		const id = closeVote(minutes, floor, vote, { presentCount: 14 });
		const decision = decisionOf(minutes, id);
		expect(decision).toMatchObject({
			itemId: item,
			method: 'vote',
			votesFor: 9,
			votesAgainst: 2,
			abstentions: 1,
			presentCount: 14,
			outcome: 'carried'
		});
		expect(decisionSentence(decision)).toBe(
			'Proposal to affiliate to the federation was carried by 9 votes to 2 with 1 abstention (14 members present).'
		);
		expect(getVote(minutes, vote)).toMatchObject({ status: 'closed', decisionId: id });
	});

	it('closes with entered counts, which outweigh the ballots, offline with no floor at all', () => {
		const { minutes, floor } = meeting();
		const vote = openVote(minutes, { proposal: 'New meeting day' });
		castBallot(floor, { voteId: vote, device: device(1), name: 'Ann', choice: 'for' });
		setEnteredCounts(minutes, vote, { for: 3, against: 7, abstain: 0 });
		const id = closeVote(minutes, null, vote, { presentCount: 10 });
		const decision = decisionOf(minutes, id);
		expect([decision.votesFor, decision.votesAgainst, decision.abstentions]).toEqual([3, 7, 0]);
		expect(decisionSentence(decision)).toBe(
			'Proposal “New meeting day” was defeated by 7 votes to 3 (10 members present).'
		);
		expect(() => setEnteredCounts(minutes, vote, { for: 1, against: 0, abstain: 0 })).toThrow(
			/closed/
		);
	});

	it('writes one Decision when two facilitators close the same vote offline', () => {
		const { minutes } = meeting();
		const vote = openVote(minutes, {
			proposal: 'to buy chairs',
			counts: { for: 5, against: 1, abstain: 0 }
		});
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(minutes));
		closeVote(minutes, null, vote, { presentCount: 6 });
		closeVote(other, null, vote, { presentCount: 7 });
		Y.applyUpdate(minutes, Y.encodeStateAsUpdate(other));
		Y.applyUpdate(other, Y.encodeStateAsUpdate(minutes));
		const decisions = (d: Y.Doc) => allBlocks(d).filter((b) => b.kind === 'decision');
		expect(decisions(minutes)).toHaveLength(1);
		expect(decisions(other)).toEqual(decisions(minutes));
		expect(readVotes(minutes)[0].status).toBe('closed');
	});

	it('puts the Decision under the meeting when its item was deleted meanwhile', () => {
		const { minutes } = meeting();
		const extra = addAgendaItem(minutes, { title: 'Gone' });
		const vote = openVote(minutes, {
			proposal: 'to go',
			itemId: extra,
			counts: { for: 2, against: 0, abstain: 0 }
		});
		minutes.getMap('items').delete(extra);
		const id = closeVote(minutes, null, vote, { presentCount: null });
		expect(decisionOf(minutes, id).itemId).toBeNull();
	});

	it('refuses bad input with clear errors', () => {
		const { minutes, floor } = meeting();
		expect(() => openVote(minutes, { proposal: '  ' })).toThrow(/proposal/);
		const vote = openVote(minutes, { proposal: 'x' });
		expect(() => setEnteredCounts(minutes, vote, { for: -1, against: 0, abstain: 0 })).toThrow(
			/for/
		);
		expect(() => setEnteredCounts(minutes, vote, { for: 1.5, against: 0, abstain: 0 })).toThrow();
		expect(() => setEnteredCounts(minutes, 'nope', null)).toThrow(/no such vote/);
		expect(() =>
			castBallot(floor, { voteId: vote, device: device(1), name: 'Ann', choice: 'maybe' as 'for' })
		).toThrow(/choice/);
		expect(() =>
			castBallot(floor, { voteId: vote, device: device(1), name: ' ', choice: 'for' })
		).toThrow(/name/);
		expect(() =>
			castBallot(floor, { voteId: vote, device: 'x', name: 'Ann', choice: 'for' })
		).toThrow(/device/);
		expect(() => closeVote(minutes, floor, 'nope-nope', { presentCount: null })).toThrow(
			/no such vote/
		);
	});

	it('ignores ballots of any other shape a member may have written', () => {
		const { minutes, floor } = meeting();
		const vote = openVote(minutes, { proposal: 'x' });
		const ballots = floor.getMap('ballots');
		ballots.set(`${vote}:${device(1)}`, { name: 'Ann', choice: 'for', at: 'soon' });
		ballots.set(`${vote}:${device(2)}`, { name: 42, choice: 'for' });
		ballots.set(`${vote}:${device(3)}`, { name: 'Bo', choice: 'yes please' });
		ballots.set(`${vote}:${device(4)}`, 'for');
		ballots.set(`other-vote-id:${device(5)}`, { name: 'Cy', choice: 'for' });
		const tally = tallyBallots(readBallots(floor, vote));
		expect([tally.for, tally.against, tally.abstain]).toEqual([1, 0, 0]);
	});

	it('words the Decision so that it reads as a motion', () => {
		expect(voteDecisionText('to affiliate.')).toBe('Proposal to affiliate');
		expect(voteDecisionText('That the rota rotates')).toBe('Proposal that the rota rotates');
		expect(voteDecisionText('Motion 3: Affiliation')).toBe('Motion 3: Affiliation');
		expect(voteDecisionText('New day')).toBe('Proposal “New day”');
	});

	it('keeps the Decision through the Markdown dialect', () => {
		const { minutes, floor } = meeting();
		const item = agendaList(minutes)[0].id;
		const vote = openVote(minutes, { proposal: 'to affiliate to the federation', itemId: item });
		setEnteredCounts(minutes, vote, { for: 9, against: 2, abstain: 1 });
		closeVote(minutes, floor, vote, { presentCount: 14 });
		const markdown = meetingToMarkdown(minutes);
		expect(markdown).toContain(
			'Decision: Proposal to affiliate to the federation. 9 for, 2 against, 1 abstention (14 present). Carried.'
		);
		const back = importMarkdown(markdown, { meetingId: 'meeting_000000000000000010' });
		if (!back.ok) throw new Error('import failed');
		const [decision] = allBlocks(back.doc).filter((b) => b.kind === 'decision');
		expect(decision).toMatchObject({
			text: 'Proposal to affiliate to the federation',
			method: 'vote',
			votesFor: 9,
			votesAgainst: 2,
			abstentions: 1,
			presentCount: 14,
			outcome: 'carried'
		});
		expect(decisionSentence(decision as DecisionBlock)).toContain(
			'was carried by 9 votes to 2 with 1 abstention'
		);
	});
});
