import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, deleteItem } from './agenda';
import {
	addAction,
	addEvent,
	allBlocks,
	blockText,
	blocksOf,
	getBlock,
	moveBlock,
	recordDecision,
	removeBlock,
	updateBlock
} from './blocks';
import { checkMeeting } from './check';
import { setIdGenerator } from './ids';
import { createMeeting } from './minutes';
import { sequentialIds } from './test-helpers';

const MEETING = 'meeting_000000000000000001';

function setup() {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: MEETING });
	const item = addAgendaItem(doc, { title: 'Repairs' });
	return { doc, item };
}

beforeEach(() => setIdGenerator(sequentialIds('b')));
afterEach(() => setIdGenerator());

describe('blocks', () => {
	it('records a decision and updates it', () => {
		const { doc, item } = setup();
		const id = recordDecision(doc, {
			itemId: item,
			text: 'send a second letter',
			presentCount: 11
		});
		expect(getBlock(doc, id)).toEqual({
			id,
			kind: 'decision',
			itemId: item,
			pos: expect.any(String),
			isOrphan: false,
			text: 'send a second letter',
			method: 'consensus',
			votesFor: null,
			votesAgainst: null,
			abstentions: null,
			presentCount: 11,
			outcome: null
		});
		const deltas: unknown[] = [];
		blockText(doc, id)!.observe((e) => deltas.push(e.delta));
		expect(
			updateBlock(doc, id, {
				text: 'send a second letter now',
				method: 'vote',
				votesFor: 7,
				votesAgainst: 3,
				abstentions: 1,
				outcome: 'carried'
			})
		).toBe(true);
		expect(deltas).toEqual([[{ retain: 20 }, { insert: ' now' }]]);
		expect(getBlock(doc, id)).toMatchObject({ method: 'vote', votesFor: 7, outcome: 'carried' });
		expect(() => updateBlock(doc, id, { votesFor: -1 })).toThrow(RangeError);
		expect(() => updateBlock(doc, id, { method: 'lottery' as 'vote' })).toThrow(RangeError);
		expect(updateBlock(doc, 'missing', { text: 'x' })).toBe(false);
	});

	it('adds actions and events, ignoring fields of other kinds', () => {
		const { doc, item } = setup();
		const action = addAction(doc, {
			itemId: item,
			what: 'collate photos',
			owners: ['Ahmed', ' '],
			due: '2026-03-31'
		});
		const event = addEvent(doc, {
			itemId: null,
			title: 'Market stall',
			date: '2026-03-21',
			time: '11:00',
			place: 'Market',
			link: 'https://example.org'
		});
		updateBlock(doc, action, { done: true, text: 'ignored' } as never);
		expect(getBlock(doc, action)).toMatchObject({
			kind: 'action',
			what: 'collate photos',
			owners: ['Ahmed'],
			due: '2026-03-31',
			done: true
		});
		expect(getBlock(doc, event)).toMatchObject({ kind: 'event', itemId: null, time: '11:00' });
		expect(() => addAction(doc, { itemId: item, due: '31/03' })).toThrow(RangeError);
		expect(() => addEvent(doc, { itemId: 'nope' })).toThrow(RangeError);
		expect(() => addEvent(doc, { time: '9' })).toThrow(RangeError);
	});

	it('orders blocks by position, inserts at an index, moves and removes', () => {
		const { doc, item } = setup();
		const other = addAgendaItem(doc, { title: 'Other' });
		const a = addAction(doc, { itemId: item, what: 'a' });
		const c = addAction(doc, { itemId: item, what: 'c' });
		const b = addAction(doc, { itemId: item, what: 'b', index: 1 });
		expect(blocksOf(doc, item).map((x) => x.id)).toEqual([a, b, c]);
		expect(moveBlock(doc, c, { itemId: other })).toBe(true);
		expect(moveBlock(doc, a, { itemId: item, index: 1 })).toBe(true);
		expect(blocksOf(doc, item).map((x) => x.id)).toEqual([b, a]);
		expect(blocksOf(doc, other).map((x) => x.id)).toEqual([c]);
		expect(moveBlock(doc, a, { itemId: 'nope' })).toBe(false);
		expect(removeBlock(doc, a)).toBe(true);
		expect(removeBlock(doc, a)).toBe(false);
		expect(allBlocks(doc)).toHaveLength(2);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('shows a block added to an item deleted concurrently at the meeting level', () => {
		const { doc, item } = setup();
		const d2 = new Y.Doc();
		Y.applyUpdate(d2, Y.encodeStateAsUpdate(doc));
		deleteItem(doc, item);
		const id = recordDecision(d2, { itemId: item, text: 'kept' });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(d2));
		Y.applyUpdate(d2, Y.encodeStateAsUpdate(doc));
		expect(getBlock(doc, id)).toMatchObject({ itemId: null, isOrphan: true, text: 'kept' });
		expect(blocksOf(d2, null).map((b) => b.id)).toEqual([id]);
		expect(checkMeeting(doc)).toEqual([]);
	});
});
