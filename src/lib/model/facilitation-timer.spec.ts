import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from './agenda';
import {
	elapsedOn,
	formatDuration,
	nextItemId,
	pauseTimer,
	resumeTimer,
	startItem,
	startNextItem,
	timeBoxPhase,
	timeBoxWords,
	timerMap,
	timerState
} from './facilitation-timer';
import { createMeeting } from './minutes';

const T0 = Date.UTC(2026, 2, 12, 19, 0, 0);
const MIN = 60_000;

function meeting() {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: 'meeting_000000000000000010' });
	const talk = addAgendaItem(doc, { title: 'Talk', timeBox: 15 });
	const discussion = addAgendaItem(doc, { title: 'Discussion', timeBox: 45 });
	const close = addAgendaItem(doc, { title: 'Close' });
	return { doc, talk, discussion, close };
}

/** A second device holding the same document. */
function replica(doc: Y.Doc): Y.Doc {
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
	return other;
}

function exchange(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

/** A device's clock off by `skew` ms, and the offset it measured to the relay's clock. */
function device(skew: number, measuredOffset: number) {
	return { relayNow: (realNow: number) => realNow + skew + measuredOffset };
}

describe('the timer', () => {
	it('starts, pauses, resumes and counts only running time', () => {
		const { doc, talk } = meeting();
		startItem(doc, talk, T0);
		expect(elapsedOn(timerState(doc), talk, T0 + 4 * MIN)).toBe(4 * MIN);
		expect(pauseTimer(doc, T0 + 5 * MIN)).toBe(true);
		expect(pauseTimer(doc, T0 + 6 * MIN)).toBe(false);
		expect(elapsedOn(timerState(doc), talk, T0 + 20 * MIN)).toBe(5 * MIN);
		expect(resumeTimer(doc, T0 + 10 * MIN)).toBe(true);
		expect(elapsedOn(timerState(doc), talk, T0 + 12 * MIN)).toBe(7 * MIN);
		expect(timerState(doc).itemId).toBe(talk);
	});

	it('moves to the next item in agenda order and keeps what each item took', () => {
		const { doc, talk, discussion, close } = meeting();
		expect(nextItemId(doc)).toBe(talk);
		expect(startNextItem(doc, T0)).toBe(true);
		expect(startNextItem(doc, T0 + 16 * MIN)).toBe(true);
		const state = timerState(doc);
		expect(state.itemId).toBe(discussion);
		expect(elapsedOn(state, talk, T0 + 30 * MIN)).toBe(16 * MIN);
		expect(elapsedOn(state, discussion, T0 + 30 * MIN)).toBe(14 * MIN);
		startItem(doc, close, T0 + 61 * MIN);
		expect(startNextItem(doc, T0 + 62 * MIN)).toBe(false);
		// Going back to an item continues its time.
		startItem(doc, talk, T0 + 70 * MIN);
		expect(elapsedOn(timerState(doc), talk, T0 + 71 * MIN)).toBe(17 * MIN);
	});

	it('shows the same time on devices whose clocks disagree, once offsets are measured', () => {
		const { doc, talk } = meeting();
		const fast = device(+7 * MIN, -7 * MIN); // 7 minutes ahead, measured as such
		const slow = device(-3 * MIN + 500, 3 * MIN - 500);
		const other = replica(doc);
		startItem(doc, talk, fast.relayNow(T0));
		exchange(doc, other);
		const realNow = T0 + 10 * MIN;
		expect(elapsedOn(timerState(other), talk, slow.relayNow(realNow))).toBe(10 * MIN);
		expect(elapsedOn(timerState(doc), talk, fast.relayNow(realNow))).toBe(10 * MIN);
		// Without the offset the slow clock shows 3 minutes less: what the measurement is for.
		expect(elapsedOn(timerState(other), talk, realNow - 3 * MIN)).toBe(7 * MIN);
	});

	it('starts offline with the last offset known, and merges when back', () => {
		const { doc, talk } = meeting();
		const offline = replica(doc);
		// The device's clock is 2 minutes slow; the offset it measured while online still holds.
		const localClock = T0 - 2 * MIN;
		const lastOffset = 2 * MIN;
		startItem(offline, talk, localClock + lastOffset);
		pauseTimer(offline, T0 + 3 * MIN);
		// The online device sees nothing until the offline one syncs.
		expect(timerState(doc).itemId).toBe(null);
		exchange(doc, offline);
		expect(timerState(doc).itemId).toBe(talk);
		expect(elapsedOn(timerState(doc), talk, T0 + 9 * MIN)).toBe(3 * MIN);
	});

	it('two facilitators pressing at once offline end in one state, the same on both', () => {
		const { doc, talk, discussion } = meeting();
		startItem(doc, talk, T0);
		const a = replica(doc);
		const b = replica(doc);
		// Both press "Pause" within a second, and both "Next item" a minute later.
		pauseTimer(a, T0 + 10 * MIN);
		pauseTimer(b, T0 + 10 * MIN + 400);
		startNextItem(a, T0 + 11 * MIN);
		startNextItem(b, T0 + 11 * MIN + 250);
		exchange(a, b);
		const sa = timerState(a);
		const sb = timerState(b);
		expect(sa).toEqual(sb);
		expect(sa.itemId).toBe(discussion);
		expect(elapsedOn(sa, talk, T0 + 30 * MIN)).toBe(10 * MIN);
		expect(elapsedOn(sa, discussion, T0 + 30 * MIN)).toBe(19 * MIN);
	});

	it('a pause of an item another facilitator left at the same time does not stop the next', () => {
		const { doc, talk, discussion } = meeting();
		startItem(doc, talk, T0);
		const a = replica(doc);
		const b = replica(doc);
		startNextItem(a, T0 + 15 * MIN);
		pauseTimer(b, T0 + 15 * MIN + 100);
		exchange(a, b);
		expect(timerState(a)).toEqual(timerState(b));
		expect(timerState(a).itemId).toBe(discussion);
		expect(timerState(a).runningSince).toBe(T0 + 15 * MIN);
	});

	it('converges whatever order the presses of three devices arrive in', () => {
		const { doc, talk, discussion } = meeting();
		const devices = [replica(doc), replica(doc), replica(doc)];
		startItem(devices[0], talk, T0);
		pauseTimer(devices[1], T0 + 1); // nothing runs there yet: ignored
		startItem(devices[1], discussion, T0 + 5 * MIN);
		startItem(devices[2], talk, T0 + 2 * MIN);
		pauseTimer(devices[2], T0 + 3 * MIN);
		const updates = devices.map((d) => Y.encodeStateAsUpdate(d));
		const one = new Y.Doc();
		const two = new Y.Doc();
		for (const u of updates) Y.applyUpdate(one, u);
		for (const u of [...updates].reverse()) Y.applyUpdate(two, u);
		expect(timerState(one)).toEqual(timerState(two));
		expect(timerState(one).itemId).toBe(discussion);
		expect(elapsedOn(timerState(one), talk, T0 + 9 * MIN)).toBe(3 * MIN);
	});

	it('a press sorts after those its device has seen, even from a clock behind theirs', () => {
		const { doc, talk } = meeting();
		startItem(doc, talk, T0);
		// Pressed a moment later on a device that never measured its offset and runs 2 s slow.
		expect(pauseTimer(doc, T0 - 2000)).toBe(true);
		expect(timerState(doc).runningSince).toBe(null);
		startNextItem(doc, T0 + 1);
		expect(pauseTimer(doc, T0 + 1)).toBe(true);
		expect(timerState(doc).runningSince).toBe(null);
	});

	it('skips entries a foreign client wrote badly, and refuses bad input', () => {
		const { doc, talk } = meeting();
		timerMap(doc).set('x', { op: 'explode', itemId: talk, at: T0 });
		timerMap(doc).set('y', { op: 'start', itemId: talk, at: 'soon' });
		timerMap(doc).set('z', 'nonsense');
		expect(timerState(doc).itemId).toBe(null);
		expect(() => startItem(doc, talk, Number.NaN)).toThrow(/at/);
		expect(() => startItem(doc, '', T0)).toThrow(/itemId/);
	});
});

describe('the time box', () => {
	it('warns as the item nears and passes its end, in words', () => {
		expect(timeBoxPhase(5 * MIN, 15)).toBe('within');
		expect(timeBoxPhase(12 * MIN, 15)).toBe('nearing');
		expect(timeBoxPhase(15 * MIN, 15)).toBe('over');
		expect(timeBoxPhase(99 * MIN, null)).toBe('open');
		// Short boxes warn in the last minute, long ones at most five minutes ahead.
		expect(timeBoxPhase(3.5 * MIN, 5)).toBe('within');
		expect(timeBoxPhase(4.2 * MIN, 5)).toBe('nearing');
		expect(timeBoxPhase(100 * MIN, 120)).toBe('within');
		expect(timeBoxPhase(116 * MIN, 120)).toBe('nearing');
		expect(timeBoxWords(5 * MIN, 15)).toBe('10:00 left');
		expect(timeBoxWords(13 * MIN + 500, 15)).toBe('Nearly out of time: 2:00 left');
		expect(timeBoxWords(17 * MIN + 5000, 15)).toBe('Over time by 2:05');
		expect(timeBoxWords(1, null)).toBe('No time box');
		expect(formatDuration(3_723_000)).toBe('1:02:03');
	});
});
