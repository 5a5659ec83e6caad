/**
 * Ordering of siblings (agenda items under one parent, blocks on one item, people): each has a
 * fractional-indexing key `pos`; the derived order is by `pos`, then by id. Ties come from two
 * devices inserting at the same place at once and are broken by id, the same on every replica.
 * A key that is not a valid fractional index (a foreign client) still sorts as a string.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { compareStrings } from './read';

export interface Positioned {
	id: string;
	pos: string;
}

export function comparePositioned(a: Positioned, b: Positioned): number {
	return compareStrings(a.pos, b.pos) || compareStrings(a.id, b.id);
}

export function isValidPosition(pos: unknown): pos is string {
	if (typeof pos !== 'string' || pos === '') return false;
	try {
		generateKeyBetween(pos, null);
		return true;
	} catch {
		return false;
	}
}

/**
 * A key for a new or moved element at `index` of `siblings` (sorted, without the element).
 * Usually one new key between the neighbours. When the neighbours tie or hold invalid keys,
 * there is no key between them: then every sibling gets a fresh key (`rekey`), which the caller
 * writes in the same transaction.
 */
export function positionAt(
	siblings: readonly Positioned[],
	index: number
): { pos: string; rekey: Positioned[] } {
	const at = Math.max(0, Math.min(siblings.length, Math.trunc(index)));
	const lower = at > 0 ? siblings[at - 1].pos : null;
	const upper = at < siblings.length ? siblings[at].pos : null;
	if (lower === null || upper === null || lower < upper) {
		try {
			return { pos: generateKeyBetween(lower, upper), rekey: [] };
		} catch {
			// invalid neighbour keys: renumber below
		}
	}
	const keys = generateNKeysBetween(null, null, siblings.length + 1);
	const rekey = siblings.map((s, i) => ({ id: s.id, pos: keys[i < at ? i : i + 1] }));
	return { pos: keys[at], rekey };
}

/**
 * Keys for `n` new elements after the last of `siblings` (sorted): the same keys `n` calls of
 * `positionAt` at the end would give, made in one go. When the last key is invalid, every
 * sibling gets a fresh key (`rekey`) as `positionAt` does.
 */
export function positionsAtEnd(
	siblings: readonly Positioned[],
	n: number
): { keys: string[]; rekey: Positioned[] } {
	if (n <= 0) return { keys: [], rekey: [] };
	const last = siblings.length > 0 ? siblings[siblings.length - 1].pos : null;
	try {
		return { keys: generateNKeysBetween(last, null, n), rekey: [] };
	} catch {
		// an invalid last key: renumber below
	}
	const keys = generateNKeysBetween(null, null, siblings.length + n);
	const rekey = siblings.map((s, i) => ({ id: s.id, pos: keys[i] }));
	return { keys: keys.slice(siblings.length), rekey };
}
