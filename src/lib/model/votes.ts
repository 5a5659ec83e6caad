/**
 * Votes the facilitator runs, in the minutes document (edit role only: docs/contract.md):
 *
 *   votes: Y.Map<voteId, Y.Map>
 *     proposal: string            what is voted on, as the facilitator wrote it
 *     itemId: itemId | null       the agenda item the Decision goes under (null: the meeting)
 *     status: 'open' | 'closed'   openedAt, closedAt: ISO time ('' while open)
 *     counts: { for, against, abstain } | null
 *                                 counts entered by the facilitator (a show of hands); when
 *                                 given they are the record, and the ballots are not counted
 *     decisionId: blockId | null  the Decision written on closing
 *
 * Members' ballots are in the floor document (ballots.ts). Closing writes a Decision block
 * (method vote, the tally, the present count, carried or defeated) whose id is made from the
 * vote's, so two facilitators closing the same vote offline write one Decision, not two.
 */
import * as Y from 'yjs';
import { readBallots, tallyBallots, type VoteCounts } from './ballots';
import { getBlock, recordDecision } from './blocks';
import { decisionShape } from './decision';
import { newId } from './ids';
import { asMap, asString, oneOf } from './read';
import { minutesRoots, transact } from './schema';

export const VOTES_ROOT = 'votes';
export const VOTE_STATUSES = ['open', 'closed'] as const;
export type VoteStatus = (typeof VOTE_STATUSES)[number];

/** The longest proposal kept. */
export const MAX_PROPOSAL_LENGTH = 2_000;
/** The largest count accepted for one side. */
export const MAX_COUNT = 100_000;

export interface Vote {
	id: string;
	proposal: string;
	itemId: string | null;
	status: VoteStatus;
	openedAt: string;
	closedAt: string;
	counts: VoteCounts | null;
	decisionId: string | null;
}

function votesMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(VOTES_ROOT);
}

function readCounts(value: unknown): VoteCounts | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
	const o = value as Record<string, unknown>;
	const n = (v: unknown) =>
		typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT ? v : null;
	const [f, a, ab] = [n(o.for), n(o.against), n(o.abstain)];
	return f === null || a === null || ab === null ? null : { for: f, against: a, abstain: ab };
}

function readVote(id: string, value: unknown): Vote | null {
	const map = asMap(value);
	if (!map) return null;
	const itemId = map.get('itemId');
	const decisionId = map.get('decisionId');
	return {
		id,
		proposal: asString(map.get('proposal')),
		itemId: typeof itemId === 'string' ? itemId : null,
		status: oneOf(map.get('status'), VOTE_STATUSES, 'open'),
		openedAt: asString(map.get('openedAt')),
		closedAt: asString(map.get('closedAt')),
		counts: readCounts(map.get('counts')),
		decisionId: typeof decisionId === 'string' ? decisionId : null
	};
}

/** Every vote, the earliest opened first. */
export function readVotes(doc: Y.Doc): Vote[] {
	const out: Vote[] = [];
	votesMap(doc).forEach((value, id) => {
		const vote = readVote(id, value);
		if (vote) out.push(vote);
	});
	return out.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
}

export function getVote(doc: Y.Doc, id: string): Vote | null {
	return readVote(id, votesMap(doc).get(id));
}

function checkCounts(counts: VoteCounts): void {
	for (const side of ['for', 'against', 'abstain'] as const) {
		const v = counts[side];
		if (!Number.isInteger(v) || v < 0 || v > MAX_COUNT) {
			throw new RangeError(`${side}: a whole number from 0 to ${MAX_COUNT}`);
		}
	}
}

/** Opens a vote on `proposal` (under `itemId`, or the meeting); returns its id. */
export function openVote(
	doc: Y.Doc,
	input: { proposal: string; itemId?: string | null; counts?: VoteCounts | null; at?: Date },
	origin?: unknown
): string {
	const proposal = input.proposal.trim().replace(/\s+/g, ' ');
	if (!proposal) throw new RangeError('proposal: say what the vote is on');
	if (proposal.length > MAX_PROPOSAL_LENGTH) {
		throw new RangeError(`proposal: at most ${MAX_PROPOSAL_LENGTH} characters`);
	}
	if (input.counts) checkCounts(input.counts);
	const id = newId();
	transact(doc, origin, () => {
		const map = new Y.Map<unknown>();
		votesMap(doc).set(id, map);
		map.set('proposal', proposal);
		map.set('itemId', input.itemId ?? null);
		map.set('status', 'open');
		map.set('openedAt', (input.at ?? new Date()).toISOString());
		map.set('closedAt', '');
		map.set('counts', input.counts ? { ...input.counts } : null);
		map.set('decisionId', null);
	});
	return id;
}

/** Enters the counts of a show of hands (null: count the members' ballots again). */
export function setEnteredCounts(
	doc: Y.Doc,
	voteId: string,
	counts: VoteCounts | null,
	origin?: unknown
): void {
	const map = asMap(votesMap(doc).get(voteId));
	if (!map) throw new RangeError('no such vote');
	if (map.get('status') === 'closed') throw new RangeError('the vote is closed');
	if (counts) checkCounts(counts);
	transact(doc, origin, () => map.set('counts', counts ? { ...counts } : null));
}

/**
 * The Decision's text for a proposal, worded so that its sentence reads "… was carried by 9
 * votes to 2 with 1 abstention" (decision.ts, a motion): "to …" and "that …" follow "Proposal",
 * anything else is quoted after it.
 */
export function voteDecisionText(proposal: string): string {
	const p = proposal.trim().replace(/[.;:!]+$/, '');
	if (decisionShape(p) === 'motion') return p;
	if (/^(?:to|not to|that) /i.test(p)) return `Proposal ${p[0].toLowerCase()}${p.slice(1)}`;
	return `Proposal “${p}”`;
}

/** The counts a vote closes with: the entered ones, else the members' ballots (floor). */
export function voteCounts(vote: Vote, floor: Y.Doc | null): VoteCounts {
	if (vote.counts) return vote.counts;
	if (!floor) return { for: 0, against: 0, abstain: 0 };
	const tally = tallyBallots(readBallots(floor, vote.id));
	return { for: tally.for, against: tally.against, abstain: tally.abstain };
}

/** The Decision block a vote writes (its id, made from the vote's). */
export const decisionIdOf = (voteId: string) => `${voteId}-vote`;

/**
 * Closes a vote and writes its Decision: the tally (entered counts, else the floor's ballots),
 * method vote, `presentCount`, carried when more voted for than against, else defeated. Returns
 * the Decision's id; a vote already closed is left as it is.
 */
export function closeVote(
	minutes: Y.Doc,
	floor: Y.Doc | null,
	voteId: string,
	context: { presentCount: number | null; at?: Date },
	origin?: unknown
): string {
	const map = asMap(votesMap(minutes).get(voteId));
	const vote = readVote(voteId, map);
	if (!map || !vote) throw new RangeError('no such vote');
	if (vote.status === 'closed' && vote.decisionId) return vote.decisionId;
	const counts = voteCounts(vote, floor);
	const decisionId = decisionIdOf(voteId);
	// An item deleted on another device meanwhile: the Decision goes to the meeting as a whole.
	const itemId =
		vote.itemId && asMap(minutesRoots(minutes).items.get(vote.itemId)) ? vote.itemId : null;
	transact(minutes, origin, () => {
		if (!getBlock(minutes, decisionId)) {
			recordDecision(
				minutes,
				{
					id: decisionId,
					itemId,
					text: voteDecisionText(vote.proposal),
					method: 'vote',
					votesFor: counts.for,
					votesAgainst: counts.against,
					abstentions: counts.abstain,
					presentCount: context.presentCount,
					outcome: counts.for > counts.against ? 'carried' : 'defeated'
				},
				origin
			);
		}
		map.set('status', 'closed');
		map.set('closedAt', (context.at ?? new Date()).toISOString());
		map.set('counts', { ...counts });
		map.set('decisionId', decisionId);
	});
	return decisionId;
}
