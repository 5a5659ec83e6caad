import { afterEach, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from '$lib/model/agenda';
import { createMeeting } from '$lib/model/minutes';
import { Facilitation } from './facilitation.svelte';

const open: Facilitation[] = [];
afterEach(() => {
	for (const f of open.splice(0)) f.destroy();
});

const T0 = Date.UTC(2026, 2, 12, 19, 0, 0);

function setUp() {
	const minutes = new Y.Doc();
	createMeeting(minutes, { meetingId: 'meeting_000000000000000012' });
	addAgendaItem(minutes, { title: 'Repairs', timeBox: 10 });
	addAgendaItem(minutes, { title: 'Newsletter', timeBox: 5 });
	const floor = new Y.Doc();
	const clock = { time: T0, now: () => clock.time };
	const make = (role: 'edit' | 'comment' | 'view', name: string) => {
		const f = new Facilitation({
			minutes,
			floor,
			role,
			name: () => name,
			device: `device-${name}`,
			clock,
			tickMs: 0
		});
		open.push(f);
		return f;
	};
	return { minutes, floor, clock, make };
}

test('the facilitator runs the timer and the queue; members raise hands; the view role only watches', () => {
	const { make, clock } = setUp();
	const sam = make('edit', 'Sam');
	const joy = make('comment', 'Joy');
	const room = make('view', 'Room');
	expect(sam.current).toBeNull();
	joy.start();
	expect(sam.current).toBeNull();
	sam.start();
	expect(room.current?.title).toBe('Repairs');
	expect(room.next?.title).toBe('Newsletter');
	expect(room.announcement).toBe('Now on item 1: Repairs');

	joy.raise();
	room.raise();
	expect(sam.queue.map((h) => h.name)).toEqual(['Joy']);
	expect(joy.myPlace).toBe(1);
	sam.giveFloor(joy.queue[0].id);
	expect(room.speaking?.name).toBe('Joy');
	expect(joy.myHand).toBeNull();
	clock.time += 30_000;
	sam.endTurn();
	expect(sam.times).toEqual([{ name: 'Joy', total: 30_000, onItem: 30_000, turns: 1 }]);

	sam.nextItem();
	expect(room.current?.title).toBe('Newsletter');
	room.nextItem();
	room.pause();
	expect(room.isRunning).toBe(true);
	sam.pause();
	expect(room.isRunning).toBe(false);
});
