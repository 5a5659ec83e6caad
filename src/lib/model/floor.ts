/**
 * The floor document, `<groupId>/<meetingId>/floor`: what members write while a meeting runs.
 * The relay lets the edit and the comment roles write it and the view role read it
 * (docs/contract.md), so a member with a comment link can raise a hand, check in and vote while
 * the minutes stay edit-only. What only the facilitator decides (the current item, the timer,
 * the queue's order, opening and closing votes) lives in the minutes instead.
 *
 *   Y.Doc
 *   ├─ meta: Y.Map       schemaVersion: number (FLOOR_SCHEMA_VERSION), set by the first write
 *   ├─ hands: Y.Map      raised hands, the speaker queue's module (facilitation)
 *   ├─ checkins: Y.Map<deviceId, { name: string, at: ISO time }>
 *   │                    "I'm here": one per device, the name it checked in under (checkins.ts)
 *   └─ ballots: Y.Map<`${voteId}:${deviceId}`, { name: string, choice, at: ISO time }>
 *                        one per vote and device, changeable until the vote closes (ballots.ts);
 *                        choice: 'for' | 'against' | 'abstain'
 *
 * Values are plain JSON, last writer wins, each key written only by its own device: two devices
 * never write the same key, so nothing merges in a surprising way. Anything read is checked
 * (read.ts): the comment role may write any shape.
 */
import type * as Y from 'yjs';

export const FLOOR_SCHEMA_VERSION = 1;
export const FLOOR_ROOT_NAMES = ['meta', 'hands', 'checkins', 'ballots'] as const;
export type FloorRootName = (typeof FLOOR_ROOT_NAMES)[number];

export interface FloorRoots {
	meta: Y.Map<unknown>;
	hands: Y.Map<unknown>;
	checkins: Y.Map<unknown>;
	ballots: Y.Map<unknown>;
}

/** The floor's root types; naming them writes nothing. */
export function floorRoots(doc: Y.Doc): FloorRoots {
	return {
		meta: doc.getMap('meta'),
		hands: doc.getMap('hands'),
		checkins: doc.getMap('checkins'),
		ballots: doc.getMap('ballots')
	};
}

/** Inside a write: marks the document's schema on its first write. */
export function stampFloor(doc: Y.Doc): void {
	const meta = floorRoots(doc).meta;
	if (meta.get('schemaVersion') !== FLOOR_SCHEMA_VERSION) {
		meta.set('schemaVersion', FLOOR_SCHEMA_VERSION);
	}
}
