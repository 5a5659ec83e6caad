/**
 * The speaker queue as the facilitator runs it, in the minutes document (edit role only); the
 * hands themselves are in the floor document (floor-hands.ts).
 *
 *   queue: Y.Map
 *     progressive: boolean            progressive stack on
 *     pos:<handId>: string            the facilitator's order (fractional key), once moved
 *     spoke:<handId>: { name, kind, itemId, at }   the hand was given the floor at `at`
 *     end:<handId>: number            … and its turn ended then (relay time)
 *
 * One key per fact, each written whole, so two facilitators' writes merge key by key. The queue
 * shown is derived (`speakerQueue`): hands not yet given the floor, in this order:
 *   1. interventions that jump the queue (point of order, then clarifying question, then direct
 *      response), oldest first, unless the facilitator placed them;
 *   2. hands the facilitator placed, in that order;
 *   3. the others oldest first; with the progressive stack, first those who have not spoken
 *      today, then those who have not spoken on this item, then the rest.
 * People are told apart by display name (there are no accounts), case and spaces ignored.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import { appendSpeaker } from './speakers-block';
import type { Hand, HandKind } from './floor-hands';
import { HAND_KINDS } from './floor-hands';
import { compareStrings } from './read';
import { transact } from './schema';

export const queueMap = (minutes: Y.Doc): Y.Map<unknown> => minutes.getMap('queue');

export interface Turn {
	handId: string;
	name: string;
	kind: HandKind;
	itemId: string | null;
	at: number;
	/** null while speaking */
	end: number | null;
}

export interface QueueRecord {
	isProgressive: boolean;
	pos: ReadonlyMap<string, string>;
	/** every turn given, oldest first */
	turns: readonly Turn[];
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function queueRecord(minutes: Y.Doc): QueueRecord {
	const map = queueMap(minutes);
	const pos = new Map<string, string>();
	const turns: Turn[] = [];
	map.forEach((value, key) => {
		if (key.startsWith('pos:') && typeof value === 'string') pos.set(key.slice(4), value);
		if (!key.startsWith('spoke:') || !value || typeof value !== 'object') return;
		const { name, kind, itemId, at } = value as Record<string, unknown>;
		if (typeof name !== 'string' || !isTime(at)) return;
		const end = map.get(`end:${key.slice(6)}`);
		turns.push({
			handId: key.slice(6),
			name,
			kind: (HAND_KINDS as readonly unknown[]).includes(kind) ? (kind as HandKind) : 'speak',
			itemId: typeof itemId === 'string' ? itemId : null,
			at,
			end: isTime(end) ? end : null
		});
	});
	turns.sort((a, b) => a.at - b.at || compareStrings(a.handId, b.handId));
	return { isProgressive: map.get('progressive') === true, pos, turns };
}

export const personKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

const JUMP_RANK: Partial<Record<HandKind, number>> = { order: 0, clarify: 1, response: 2 };

const byAge = (a: Hand, b: Hand) => a.at - b.at || compareStrings(a.id, b.id);

/** The hands waiting for the floor, in the order they get it (see the header). */
export function speakerQueue(
	hands: readonly Hand[],
	record: QueueRecord,
	itemId: string | null
): Hand[] {
	const given = new Set(record.turns.map((t) => t.handId));
	const waiting = hands.filter((h) => !given.has(h.id));
	const jumpers = waiting
		.filter((h) => !record.pos.has(h.id) && JUMP_RANK[h.kind] !== undefined)
		.sort((a, b) => JUMP_RANK[a.kind]! - JUMP_RANK[b.kind]! || byAge(a, b));
	const placed = waiting
		.filter((h) => record.pos.has(h.id))
		.sort((a, b) => compareStrings(record.pos.get(a.id)!, record.pos.get(b.id)!) || byAge(a, b));
	const spokeToday = new Set(record.turns.map((t) => personKey(t.name)));
	const spokeHere = new Set(
		record.turns.filter((t) => t.itemId === itemId).map((t) => personKey(t.name))
	);
	const rank = (h: Hand) =>
		!record.isProgressive
			? 0
			: spokeHere.has(personKey(h.name))
				? 2
				: spokeToday.has(personKey(h.name))
					? 1
					: 0;
	const rest = waiting
		.filter((h) => !record.pos.has(h.id) && JUMP_RANK[h.kind] === undefined)
		.sort((a, b) => rank(a) - rank(b) || byAge(a, b));
	return [...jumpers, ...placed, ...rest];
}

/** The turn going on now, if any: the latest that has not ended. */
export function currentTurn(record: QueueRecord): Turn | null {
	for (let i = record.turns.length - 1; i >= 0; i--) {
		if (record.turns[i].end === null) return record.turns[i];
	}
	return null;
}

export interface SpeakingTime {
	name: string;
	/** on every item, ms */
	total: number;
	/** on `itemId`, ms */
	onItem: number;
	turns: number;
}

/** Speaking time per person up to `now` (relay time), most first. */
export function speakingTimes(
	record: QueueRecord,
	itemId: string | null,
	now: number
): SpeakingTime[] {
	const out = new Map<string, SpeakingTime>();
	for (const t of record.turns) {
		const key = personKey(t.name);
		const entry = out.get(key) ?? { name: t.name.trim(), total: 0, onItem: 0, turns: 0 };
		const ms = Math.max(0, (t.end ?? Math.max(now, t.at)) - t.at);
		entry.total += ms;
		if (t.itemId === itemId) entry.onItem += ms;
		entry.turns++;
		out.set(key, entry);
	}
	return [...out.values()].sort((a, b) => b.total - a.total || compareStrings(a.name, b.name));
}

/** End every open turn at `at`; false when nobody was speaking. */
export function endTurn(minutes: Y.Doc, at: number, origin?: unknown): boolean {
	const open = queueRecord(minutes).turns.filter((t) => t.end === null);
	if (!open.length) return false;
	transact(minutes, origin, () => {
		for (const t of open) queueMap(minutes).set(`end:${t.handId}`, Math.max(t.at, Math.round(at)));
	});
	return true;
}

/**
 * Give `hand` the floor at `at` on `itemId` (the current item; null: the meeting as a whole):
 * ends the turn going on, and writes the speaker at the end of the item's Speakers block.
 */
export function giveFloor(
	minutes: Y.Doc,
	hand: Hand,
	itemId: string | null,
	at: number,
	origin?: unknown
): void {
	if (!Number.isFinite(at)) throw new RangeError('at: expected a time in ms');
	const record = queueRecord(minutes);
	if (record.turns.some((t) => t.handId === hand.id)) return;
	transact(minutes, origin, () => {
		endTurn(minutes, at, origin);
		queueMap(minutes).set(`spoke:${hand.id}`, {
			name: hand.name,
			kind: hand.kind,
			itemId,
			at: Math.round(at)
		});
		appendSpeaker(minutes, itemId, hand.name, hand.kind, origin);
	});
}

/** Put `handId` at `index` of `order` (the queue as shown); the whole order is kept from then. */
export function moveInQueue(
	minutes: Y.Doc,
	order: readonly string[],
	handId: string,
	index: number,
	origin?: unknown
): boolean {
	const from = order.indexOf(handId);
	if (from < 0) return false;
	const next = order.filter((id) => id !== handId);
	next.splice(Math.max(0, Math.min(next.length, Math.trunc(index))), 0, handId);
	const keys = generateNKeysBetween(null, null, next.length);
	transact(minutes, origin, () =>
		next.forEach((id, i) => queueMap(minutes).set(`pos:${id}`, keys[i]))
	);
	return true;
}

export function setProgressive(minutes: Y.Doc, isOn: boolean, origin?: unknown): void {
	transact(minutes, origin, () => queueMap(minutes).set('progressive', isOn));
}
