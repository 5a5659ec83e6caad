/**
 * Ballots in the floor document's `ballots` map (floor.ts), one per vote and device:
 *
 *   ballots: Y.Map<`${voteId}:${deviceId}`, { name: string, choice, at: ISO time }>
 *     choice: 'for' | 'against' | 'abstain'
 *
 * There are no accounts, so a vote counts one ballot per device and per display name: a device
 * voting again replaces its ballot (its key), and of ballots cast under one name (compared as
 * `nameKey` does) from several devices only the latest counts, while the tally says which names
 * two devices claimed so that the facilitator can ask. Whether the vote is open, and counts the
 * facilitator entered for a show of hands, are in the minutes (votes.ts).
 */
import type * as Y from 'yjs';
import { cleanName, nameKey } from './checkins';
import { floorRoots, stampFloor } from './floor';
import { transact } from './schema';

export const BALLOT_CHOICES = ['for', 'against', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

export interface Ballot {
	voteId: string;
	device: string;
	name: string;
	choice: BallotChoice;
	/** ISO time, '' when unreadable (counts as the oldest). */
	at: string;
}

export interface VoteCounts {
	for: number;
	against: number;
	abstain: number;
}

export interface BallotTally extends VoteCounts {
	/** The ballots that count: one per name, the latest. */
	counted: Ballot[];
	/** Names under which more than one device voted, with how many devices. */
	sharedNames: { name: string; devices: number }[];
}

const key = (voteId: string, device: string) => `${voteId}:${device}`;

function checkId(value: string, what: string): void {
	if (!/^[A-Za-z0-9_-]{8,64}$/.test(value)) throw new RangeError(`${what}: 8–64 id characters`);
}

/** This device votes `choice` on `voteId` under `name`, replacing its earlier ballot. */
export function castBallot(
	doc: Y.Doc,
	input: { voteId: string; device: string; name: string; choice: BallotChoice; at?: Date },
	origin?: unknown
): void {
	checkId(input.voteId, 'vote');
	checkId(input.device, 'device');
	if (!(BALLOT_CHOICES as readonly string[]).includes(input.choice)) {
		throw new RangeError('choice: for, against or abstain');
	}
	const name = cleanName(input.name);
	if (!name) throw new RangeError('name: give the name to vote under');
	const at = (input.at ?? new Date()).toISOString();
	transact(doc, origin, () => {
		stampFloor(doc);
		floorRoots(doc).ballots.set(key(input.voteId, input.device), {
			name,
			choice: input.choice,
			at
		});
	});
}

function readBallot(mapKey: string, value: unknown): Ballot | null {
	const colon = mapKey.lastIndexOf(':');
	if (colon < 1 || !value || typeof value !== 'object' || Array.isArray(value)) return null;
	const o = value as Record<string, unknown>;
	const name = typeof o.name === 'string' ? cleanName(o.name) : '';
	const choice = o.choice;
	if (!name || !(BALLOT_CHOICES as readonly unknown[]).includes(choice)) return null;
	return {
		voteId: mapKey.slice(0, colon),
		device: mapKey.slice(colon + 1),
		name,
		choice: choice as BallotChoice,
		at: typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) ? o.at : ''
	};
}

/** The readable ballots of one vote. */
export function readBallots(doc: Y.Doc, voteId: string): Ballot[] {
	const out: Ballot[] = [];
	floorRoots(doc).ballots.forEach((value, mapKey) => {
		if (!mapKey.startsWith(`${voteId}:`)) return;
		const ballot = readBallot(mapKey, value);
		if (ballot && ballot.voteId === voteId) out.push(ballot);
	});
	return out;
}

/** This device's ballot on a vote, or null. */
export function ballotOf(doc: Y.Doc, voteId: string, device: string): Ballot | null {
	return readBallot(key(voteId, device), floorRoots(doc).ballots.get(key(voteId, device)));
}

const later = (a: Ballot, b: Ballot) =>
	a.at !== b.at ? a.at > b.at : a.device > b.device; /* a tie: any fixed order */

/** Counts the ballots: one per device (by key) and per name, the latest under a name. */
export function tallyBallots(ballots: readonly Ballot[]): BallotTally {
	const byName = new Map<string, { latest: Ballot; devices: Set<string> }>();
	for (const ballot of ballots) {
		const nk = nameKey(ballot.name);
		const seen = byName.get(nk);
		if (!seen) byName.set(nk, { latest: ballot, devices: new Set([ballot.device]) });
		else {
			seen.devices.add(ballot.device);
			if (later(ballot, seen.latest)) seen.latest = ballot;
		}
	}
	const tally: BallotTally = { for: 0, against: 0, abstain: 0, counted: [], sharedNames: [] };
	for (const { latest, devices } of byName.values()) {
		tally[latest.choice]++;
		tally.counted.push(latest);
		if (devices.size > 1) tally.sharedNames.push({ name: latest.name, devices: devices.size });
	}
	tally.counted.sort((a, b) => (nameKey(a.name) < nameKey(b.name) ? -1 : 1));
	tally.sharedNames.sort((a, b) => (nameKey(a.name) < nameKey(b.name) ? -1 : 1));
	return tally;
}
