/**
 * The group's quorum: how many members must be present for the meeting to decide, an optional
 * whole number in the directory's `group` map (`quorum`, directory.ts), last writer wins.
 * Absent (or unreadable): the group has none, and no meeting says whether it is met.
 */
import type * as Y from 'yjs';
import { asCount } from './read';
import { transact } from './schema';

/** The largest quorum accepted: beyond it a number is a typo, not a meeting. */
export const MAX_QUORUM = 100_000;

/** The group's quorum, or null when it has none. */
export function groupQuorum(directory: Y.Doc): number | null {
	const value = asCount(directory.getMap('group').get('quorum'));
	return value !== null && value >= 1 && value <= MAX_QUORUM ? value : null;
}

/** Sets the group's quorum (a whole number from 1), or removes it with null. */
export function setQuorum(directory: Y.Doc, quorum: number | null, origin?: unknown): void {
	if (quorum !== null && (!Number.isInteger(quorum) || quorum < 1 || quorum > MAX_QUORUM)) {
		throw new RangeError(`quorum: a whole number from 1 to ${MAX_QUORUM}, or none`);
	}
	const group = directory.getMap('group');
	if ((group.get('quorum') ?? null) === quorum) return;
	transact(directory, origin, () => {
		if (quorum === null) group.delete('quorum');
		else group.set('quorum', quorum);
	});
}

export interface QuorumState {
	quorum: number;
	present: number;
	isMet: boolean;
	/** "Quorum met: 14 present, 10 needed." / "No quorum: 6 present, 10 needed." */
	words: string;
}

/** Whether `present` people make the quorum; null when the group has none. */
export function quorumState(present: number | null, quorum: number | null): QuorumState | null {
	if (quorum === null) return null;
	const count = present ?? 0;
	const isMet = count >= quorum;
	return {
		quorum,
		present: count,
		isMet,
		words: `${isMet ? 'Quorum met' : 'No quorum'}: ${count} present, ${quorum} needed.`
	};
}
