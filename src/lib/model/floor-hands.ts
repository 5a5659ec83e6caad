/**
 * Raised hands, in the floor document `<groupId>/<meetingId>/floor` (edit and comment roles
 * write it; see floor.ts for its other roots):
 *
 *   hands: Y.Map<handId, { name, device, kind, at }>   one entry per raised hand
 *     name: string        the display name it was raised under
 *     device: string      the raising device's id, so a phone finds its own hand
 *     kind: 'speak' | 'response' | 'clarify' | 'order'   (HAND_KINDS)
 *     at: number          relay time of raising (ms since the epoch)
 *
 * Lowering a hand deletes its entry. A hand raised again is a new entry: what the facilitator
 * did with the old one (in the minutes' `queue`, speaker-queue.ts) never sticks to the new.
 */
import type * as Y from 'yjs';
import { floorRoots, stampFloor } from './floor';
import { newId } from './ids';
import { compareStrings } from './read';
import { transact } from './schema';

/** Kinds of intervention; all but `speak` jump the queue (speaker-queue.ts). */
export const HAND_KINDS = ['speak', 'response', 'clarify', 'order'] as const;
export type HandKind = (typeof HAND_KINDS)[number];

export const HAND_KIND_WORDS: Record<HandKind, string> = {
	speak: 'to speak',
	response: 'direct response',
	clarify: 'clarifying question',
	order: 'point of order'
};

export interface Hand {
	id: string;
	name: string;
	device: string;
	kind: HandKind;
	at: number;
}

const MAX_NAME = 200;

export const handsMap = (floor: Y.Doc): Y.Map<unknown> => floorRoots(floor).hands;

function readHand(id: string, value: unknown): Hand | null {
	if (!value || typeof value !== 'object') return null;
	const { name, device, kind, at } = value as Record<string, unknown>;
	if (typeof name !== 'string' || typeof device !== 'string') return null;
	if (!(HAND_KINDS as readonly unknown[]).includes(kind)) return null;
	if (typeof at !== 'number' || !Number.isFinite(at)) return null;
	return { id, name: name.slice(0, MAX_NAME), device, kind: kind as HandKind, at };
}

/** Every raised hand, oldest first. */
export function raisedHands(floor: Y.Doc): Hand[] {
	const out: Hand[] = [];
	handsMap(floor).forEach((value, id) => {
		const hand = readHand(id, value);
		if (hand) out.push(hand);
	});
	return out.sort((a, b) => a.at - b.at || compareStrings(a.id, b.id));
}

export interface RaiseHand {
	name: string;
	device: string;
	kind?: HandKind;
	/** relay time */
	at: number;
}

/** Raise a hand; returns its id. */
export function raiseHand(floor: Y.Doc, input: RaiseHand, origin?: unknown): string {
	const name = input.name.trim();
	if (!name) throw new RangeError('name: a hand needs a name');
	if (name.length > MAX_NAME) throw new RangeError(`name: at most ${MAX_NAME} characters`);
	if (!input.device) throw new RangeError('device: expected an id');
	const kind = input.kind ?? 'speak';
	if (!(HAND_KINDS as readonly string[]).includes(kind)) throw new RangeError('kind: unknown');
	if (!Number.isFinite(input.at)) throw new RangeError('at: expected a time in ms');
	const id = newId();
	transact(floor, origin, () => {
		stampFloor(floor);
		handsMap(floor).set(id, { name, device: input.device, kind, at: Math.round(input.at) });
	});
	return id;
}

/** Lower a hand; false when it was not raised. */
export function lowerHand(floor: Y.Doc, id: string, origin?: unknown): boolean {
	const hands = handsMap(floor);
	if (!hands.has(id)) return false;
	transact(floor, origin, () => hands.delete(id));
	return true;
}
