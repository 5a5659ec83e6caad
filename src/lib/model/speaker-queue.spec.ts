import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from './agenda';
import { blocksOf, updateBlock } from './blocks';
import { lowerHand, raiseHand, raisedHands, type HandKind } from './floor-hands';
import { meetingToHtml } from './html';
import { meetingToMarkdown } from './markdown';
import { createMeeting } from './minutes';
import {
	currentTurn,
	endTurn,
	giveFloor,
	moveInQueue,
	queueRecord,
	setProgressive,
	speakerQueue,
	speakingTimes
} from './speaker-queue';
import { meetingToText } from './text-export';

const T0 = Date.UTC(2026, 2, 12, 19, 0, 0);
const S = 1000;

function setup() {
	const minutes = new Y.Doc();
	createMeeting(minutes, { meetingId: 'meeting_000000000000000011', title: 'March' });
	const first = addAgendaItem(minutes, { title: 'Repairs' });
	const second = addAgendaItem(minutes, { title: 'Newsletter' });
	const floor = new Y.Doc();
	let clock = T0;
	const raise = (name: string, kind: HandKind = 'speak', device = `dev-${name}`) =>
		raiseHand(floor, { name, device, kind, at: (clock += S) });
	const queue = (itemId: string | null) =>
		speakerQueue(raisedHands(floor), queueRecord(minutes), itemId).map((h) => h.name);
	const give = (name: string, itemId: string | null, at: number) => {
		const hand = raisedHands(floor).find(
			(h) => h.name === name && !queueRecord(minutes).turns.some((t) => t.handId === h.id)
		)!;
		giveFloor(minutes, hand, itemId, at);
	};
	return { minutes, floor, first, second, raise, queue, give };
}

describe('the speaker queue', () => {
	it('lists hands oldest first, and a lowered hand leaves it', () => {
		const { raise, queue, floor, first } = setup();
		raise('Joy');
		const ahmed = raise('Ahmed');
		raise('Sam');
		expect(queue(first)).toEqual(['Joy', 'Ahmed', 'Sam']);
		expect(lowerHand(floor, ahmed)).toBe(true);
		expect(lowerHand(floor, ahmed)).toBe(false);
		expect(queue(first)).toEqual(['Joy', 'Sam']);
	});

	it('lets a point of order, a clarifying question and a direct response jump the queue', () => {
		const { raise, queue, first } = setup();
		raise('Joy');
		raise('Ahmed', 'response');
		raise('Sam', 'clarify');
		raise('Lena');
		raise('Mei', 'order');
		raise('Tomasz', 'response');
		expect(queue(first)).toEqual(['Mei', 'Sam', 'Ahmed', 'Tomasz', 'Joy', 'Lena']);
	});

	it('runs a progressive stack: not spoken today, then not on this item, then the rest', () => {
		const { raise, queue, give, minutes, first, second } = setup();
		raise('Joy');
		raise('Ahmed');
		give('Joy', first, T0 + 60 * S);
		give('Ahmed', first, T0 + 90 * S);
		// On the next item, Joy and Ahmed spoke today; Lena has not.
		raise('Joy');
		raise('Sam');
		raise('Ahmed');
		raise('Lena');
		give('Sam', second, T0 + 200 * S);
		raise('Sam');
		expect(queue(second)).toEqual(['Joy', 'Ahmed', 'Lena', 'Sam']);
		setProgressive(minutes, true);
		// Lena never spoke; Joy and Ahmed spoke today but not here; Sam spoke on this item.
		expect(queue(second)).toEqual(['Lena', 'Joy', 'Ahmed', 'Sam']);
		// Names are people: case and spaces do not make a new person.
		raise(' joy ');
		expect(queue(second)).toEqual(['Lena', 'Joy', 'Ahmed', 'joy', 'Sam']);
	});

	it('keeps the order the facilitator sets; later hands join after it, jumpers still jump', () => {
		const { raise, queue, minutes, floor, first } = setup();
		raise('Joy');
		raise('Ahmed');
		raise('Sam');
		const order = speakerQueue(raisedHands(floor), queueRecord(minutes), first).map((h) => h.id);
		expect(moveInQueue(minutes, order, order[2], 0)).toBe(true);
		expect(queue(first)).toEqual(['Sam', 'Joy', 'Ahmed']);
		raise('Lena');
		raise('Mei', 'order');
		expect(queue(first)).toEqual(['Mei', 'Sam', 'Joy', 'Ahmed', 'Lena']);
		expect(moveInQueue(minutes, order, 'not-there', 0)).toBe(false);
	});

	it('gives the floor, ends the turn before, and times each person', () => {
		const { raise, queue, give, minutes, first, second } = setup();
		raise('Joy');
		raise('Ahmed', 'order');
		give('Ahmed', first, T0 + 10 * S);
		expect(currentTurn(queueRecord(minutes))?.name).toBe('Ahmed');
		expect(queue(first)).toEqual(['Joy']);
		give('Joy', first, T0 + 40 * S);
		expect(endTurn(minutes, T0 + 100 * S)).toBe(true);
		expect(endTurn(minutes, T0 + 101 * S)).toBe(false);
		raise('Joy');
		give('Joy', second, T0 + 200 * S);
		const times = speakingTimes(queueRecord(minutes), second, T0 + 230 * S);
		expect(times).toEqual([
			{ name: 'Joy', total: 90 * S, onItem: 30 * S, turns: 2 },
			{ name: 'Ahmed', total: 30 * S, onItem: 0, turns: 1 }
		]);
		expect(currentTurn(queueRecord(minutes))?.name).toBe('Joy');
	});

	it('writes who spoke, in order, into a Speakers block of the item that exports everywhere', () => {
		const { raise, give, minutes, first, second } = setup();
		raise('Joy');
		raise('Ahmed', 'order');
		raise('Sam');
		give('Joy', first, T0 + 10 * S);
		give('Ahmed', first, T0 + 20 * S);
		give('Sam', second, T0 + 30 * S);
		const speakers = (itemId: string) =>
			blocksOf(minutes, itemId).filter((b) => b.kind === 'speakers');
		expect(speakers(first).map((b) => b.kind === 'speakers' && b.names)).toEqual([
			'Joy, Ahmed (point of order)'
		]);
		// The minute-taker corrects a name; the next speaker is appended after the correction.
		updateBlock(minutes, speakers(first)[0].id, { names: 'Joy Mensah, Ahmed (point of order)' });
		raise('Lena');
		give('Lena', first, T0 + 40 * S);
		expect(speakers(first)[0]).toMatchObject({
			names: 'Joy Mensah, Ahmed (point of order), Lena'
		});
		const md = meetingToMarkdown(minutes);
		expect(md).toContain('Speakers: Joy Mensah, Ahmed (point of order), Lena\n');
		expect(md).toContain('Speakers: Sam\n');
		expect(meetingToText(minutes)).toContain('Speakers: Joy Mensah, Ahmed (point of order), Lena');
		expect(meetingToHtml(minutes)).toContain(
			'<span class="label">Speakers:</span> Joy Mensah, Ahmed (point of order), Lena</p>'
		);
	});

	it('two facilitators giving the floor offline keep both speakers, the same on both', () => {
		const { raise, minutes, floor, first } = setup();
		raise('Joy');
		raise('Ahmed');
		const a = new Y.Doc();
		const b = new Y.Doc();
		Y.applyUpdate(a, Y.encodeStateAsUpdate(minutes));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(minutes));
		const [joy, ahmed] = raisedHands(floor);
		giveFloor(a, joy, first, T0 + 10 * S);
		giveFloor(b, ahmed, first, T0 + 12 * S);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(queueRecord(a)).toEqual(queueRecord(b));
		expect(currentTurn(queueRecord(a))?.name).toBe('Ahmed');
		const names = blocksOf(a, first)
			.map((x) => (x.kind === 'speakers' ? x.names : ''))
			.sort();
		expect(names).toEqual(['Ahmed', 'Joy']);
		expect(meetingToMarkdown(a)).toBe(meetingToMarkdown(b));
	});

	it('refuses a hand without a name or time', () => {
		const { floor } = setup();
		expect(() => raiseHand(floor, { name: ' ', device: 'd', at: T0 })).toThrow(/name/);
		expect(() => raiseHand(floor, { name: 'Joy', device: 'd', at: Number.NaN })).toThrow(/at/);
		expect(() =>
			raiseHand(floor, { name: 'Joy', device: 'd', at: T0, kind: 'shout' as HandKind })
		).toThrow(/kind/);
		floor.getMap('hands').set('bad', { name: 3 });
		expect(raisedHands(floor)).toEqual([]);
	});
});
