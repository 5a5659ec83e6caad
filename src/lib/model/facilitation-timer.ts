/**
 * The current agenda item and its timer, in the minutes document (edit role only):
 *
 *   timer: Y.Map<pressId, { op, itemId, at }>      one entry per press, never changed
 *     op: 'start' | 'pause' | 'resume'              "Next item" is a start of the next item
 *     itemId: the item the press was about
 *     at: number                                    ms since the epoch on the relay's clock
 *                                                   (this device's clock plus its measured
 *                                                   offset; see docs/facilitation.md)
 *
 * Nothing ticks in the document: the state is folded from the presses sorted by (at, id), the
 * same on every replica, and the elapsed time is computed from it against a clock; a press is
 * stamped after every press its device has seen, so its own order holds. A press that
 * changes nothing when folded (a second "Pause", a start of the item already running) is a
 * no-op, so two facilitators pressing at once, online or offline, end in one state: the one
 * their presses give in time order. Presses are kept by id in a map, so concurrent ones never
 * conflict; a malformed entry (a foreign client) is skipped.
 */
import * as Y from 'yjs';
import { agendaList } from './agenda';
import { newId } from './ids';
import { compareStrings } from './read';
import { transact } from './schema';

export const TIMER_OPS = ['start', 'pause', 'resume'] as const;
export type TimerOp = (typeof TIMER_OPS)[number];

export interface TimerPress {
	id: string;
	op: TimerOp;
	itemId: string;
	at: number;
}

export interface TimerState {
	/** the current item; null before anyone started the timer */
	itemId: string | null;
	/** relay time the current item's timer last started; null while paused */
	runningSince: number | null;
	/** time spent on each item before `runningSince` (ms) */
	spent: ReadonlyMap<string, number>;
	/** items in the order they were first started */
	visited: readonly string[];
}

export const timerMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('timer');

function readPress(id: string, value: unknown): TimerPress | null {
	if (!value || typeof value !== 'object') return null;
	const { op, itemId, at } = value as Record<string, unknown>;
	if (!(TIMER_OPS as readonly unknown[]).includes(op)) return null;
	if (typeof itemId !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) return null;
	return { id, op: op as TimerOp, itemId, at };
}

/** Every press, in the order they are folded. */
export function timerPresses(doc: Y.Doc): TimerPress[] {
	const out: TimerPress[] = [];
	timerMap(doc).forEach((value, id) => {
		const press = readPress(id, value);
		if (press) out.push(press);
	});
	return out.sort((a, b) => a.at - b.at || compareStrings(a.id, b.id));
}

/** The timer's state after `presses` (sorted as `timerPresses` gives them). */
export function foldTimer(presses: readonly TimerPress[]): TimerState {
	let itemId: string | null = null;
	let runningSince: number | null = null;
	const spent = new Map<string, number>();
	const visited: string[] = [];
	const stop = (at: number) => {
		if (itemId === null || runningSince === null) return;
		spent.set(itemId, (spent.get(itemId) ?? 0) + Math.max(0, at - runningSince));
		runningSince = null;
	};
	for (const p of presses) {
		if (p.op === 'start') {
			if (p.itemId === itemId && runningSince !== null) continue;
			stop(p.at);
			itemId = p.itemId;
			runningSince = p.at;
			if (!visited.includes(p.itemId)) visited.push(p.itemId);
		} else if (p.itemId !== itemId) {
			// A pause or resume of an item someone else moved on from at the same time.
			continue;
		} else if (p.op === 'pause') stop(p.at);
		else if (runningSince === null) runningSince = p.at;
	}
	return { itemId, runningSince, spent, visited };
}

export function timerState(doc: Y.Doc): TimerState {
	return foldTimer(timerPresses(doc));
}

/** Time spent on `itemId` up to `now` (relay time), in ms. */
export function elapsedOn(state: TimerState, itemId: string, now: number): number {
	const before = state.spent.get(itemId) ?? 0;
	if (state.itemId !== itemId || state.runningSince === null) return before;
	return before + Math.max(0, now - state.runningSince);
}

export type TimeBoxPhase = 'open' | 'within' | 'nearing' | 'over';

/**
 * Where the elapsed time stands against a time box of `boxMinutes`: `nearing` in its last
 * fifth, at least the last minute and at most the last five; `open` without a time box.
 */
export function timeBoxPhase(elapsedMs: number, boxMinutes: number | null): TimeBoxPhase {
	if (boxMinutes === null || boxMinutes <= 0) return 'open';
	const box = boxMinutes * 60_000;
	if (elapsedMs >= box) return 'over';
	const warnAt = Math.min(5 * 60_000, Math.max(60_000, box / 5));
	return box - elapsedMs <= warnAt ? 'nearing' : 'within';
}

/** "4:05", "1:02:07": whole seconds, rounded down. */
export function formatDuration(ms: number): string {
	const total = Math.floor(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The sentence that goes with a phase: words, never colour alone. */
export function timeBoxWords(elapsedMs: number, boxMinutes: number | null): string {
	const phase = timeBoxPhase(elapsedMs, boxMinutes);
	if (phase === 'open' || boxMinutes === null) return 'No time box';
	const left = boxMinutes * 60_000 - elapsedMs;
	if (phase === 'over') return `Over time by ${formatDuration(-left)}`;
	// Rounded up, so "0:00 left" is never shown while there is time.
	const shown = formatDuration(Math.ceil(left / 1000) * 1000);
	return phase === 'nearing' ? `Nearly out of time: ${shown} left` : `${shown} left`;
}

function press(doc: Y.Doc, op: TimerOp, itemId: string, at: number, origin: unknown): void {
	if (!Number.isFinite(at)) throw new RangeError('at: expected a time in ms');
	if (typeof itemId !== 'string' || !itemId) throw new RangeError('itemId: expected an item');
	// A press answers the presses this device has seen: it sorts after them even when this
	// clock is behind theirs or they came in the same millisecond.
	const latest = timerPresses(doc).at(-1)?.at ?? -Infinity;
	const stamped = Math.max(Math.round(at), latest + 1);
	transact(doc, origin, () => timerMap(doc).set(newId(), { op, itemId, at: stamped }));
}

/** Make `itemId` the current item with its timer running from `at` (relay time). */
export function startItem(doc: Y.Doc, itemId: string, at: number, origin?: unknown): void {
	press(doc, 'start', itemId, at, origin);
}

/** Pause the current item's timer; false when nothing runs. */
export function pauseTimer(doc: Y.Doc, at: number, origin?: unknown): boolean {
	const state = timerState(doc);
	if (state.itemId === null || state.runningSince === null) return false;
	press(doc, 'pause', state.itemId, at, origin);
	return true;
}

/** Resume the current item's timer; false when it runs or there is none. */
export function resumeTimer(doc: Y.Doc, at: number, origin?: unknown): boolean {
	const state = timerState(doc);
	if (state.itemId === null || state.runningSince !== null) return false;
	press(doc, 'resume', state.itemId, at, origin);
	return true;
}

/** The item after the current one in reading order (the first before any); null at the end. */
export function nextItemId(
	doc: Y.Doc,
	current: string | null = timerState(doc).itemId
): string | null {
	const list = agendaList(doc);
	if (current === null) return list[0]?.id ?? null;
	const at = list.findIndex((n) => n.id === current);
	return at >= 0 ? (list[at + 1]?.id ?? null) : (list[0]?.id ?? null);
}

/** Move on to the next item, its timer running from `at`; false at the end of the agenda. */
export function startNextItem(doc: Y.Doc, at: number, origin?: unknown): boolean {
	const next = nextItemId(doc);
	if (next === null) return false;
	press(doc, 'start', next, at, origin);
	return true;
}
