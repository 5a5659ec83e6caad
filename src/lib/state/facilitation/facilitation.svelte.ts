/**
 * The live meeting for the facilitator, member and room views: the current item and its timer
 * (minutes document, facilitation-timer.ts), the raised hands (floor document, floor-hands.ts)
 * and the queue the facilitator runs over them (minutes, speaker-queue.ts).
 *
 * Both documents come in from the route (opened with the meeting); this observes them, keeps
 * snapshots in `$state.raw` and derives the rest. A clock ticks once a second for the
 * displayed times only: nothing is written as time passes. Times are on the relay's clock
 * (relay-clock.svelte.ts). Running the meeting takes the edit role; raising a hand the edit or
 * comment role; the view role only watches (the relay refuses its writes anyway).
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- snapshots in $state.raw are replaced whole, never mutated */
import type * as Y from 'yjs';
import { agendaList, type AgendaNode } from '$lib/model/agenda';
import {
	elapsedOn,
	nextItemId,
	pauseTimer,
	resumeTimer,
	startItem,
	startNextItem,
	timeBoxPhase,
	timeBoxWords,
	timerState,
	type TimeBoxPhase,
	type TimerState
} from '$lib/model/facilitation-timer';
import {
	lowerHand,
	raiseHand,
	raisedHands,
	type Hand,
	type HandKind
} from '$lib/model/floor-hands';
import {
	currentTurn,
	endTurn,
	giveFloor,
	moveInQueue,
	queueRecord,
	setProgressive,
	speakerQueue,
	speakingTimes,
	type QueueRecord
} from '$lib/model/speaker-queue';
import type { AccessRole } from '$lib/protocol/token-format';

export interface Clock {
	now(): number;
}

export interface FacilitationOptions {
	minutes: Y.Doc;
	floor: Y.Doc;
	role: AccessRole;
	/** the name this person raises hands under */
	name: () => string;
	/** this device's id, so it finds its own hand */
	device: string;
	clock: Clock;
	/** ms between displayed-time updates; 0: none (tests) */
	tickMs?: number;
}

export interface CurrentItem {
	id: string;
	number: string;
	title: string;
	timeBox: number | null;
}

const asCurrent = (n: AgendaNode | undefined): CurrentItem | null =>
	n ? { id: n.id, number: n.number, title: n.title, timeBox: n.timeBox } : null;

export class Facilitation {
	readonly canRun: boolean;
	readonly canRaise: boolean;
	/** relay time, updated every tick */
	now = $state(0);
	agenda: AgendaNode[] = $state.raw([]);
	timer: TimerState = $state.raw({
		itemId: null,
		runningSince: null,
		spent: new Map(),
		visited: []
	});
	hands: Hand[] = $state.raw([]);
	record: QueueRecord = $state.raw({ isProgressive: false, pos: new Map(), turns: [] });
	/** the last warning or change worth saying aloud; the views put it in a polite live region */
	announcement = $state('');

	current: CurrentItem | null = $derived(
		asCurrent(this.agenda.find((n) => n.id === this.timer.itemId))
	);
	next: CurrentItem | null = $derived.by(() => {
		const id = this.timer.itemId;
		const at = id === null ? -1 : this.agenda.findIndex((n) => n.id === id);
		return asCurrent(this.agenda[at + 1]);
	});
	isRunning = $derived(this.timer.runningSince !== null);
	elapsed = $derived(this.current ? elapsedOn(this.timer, this.current.id, this.now) : 0);
	phase: TimeBoxPhase = $derived(timeBoxPhase(this.elapsed, this.current?.timeBox ?? null));
	timeWords = $derived(timeBoxWords(this.elapsed, this.current?.timeBox ?? null));
	queue: Hand[] = $derived(speakerQueue(this.hands, this.record, this.timer.itemId));
	speaking = $derived(currentTurn(this.record));
	times = $derived(speakingTimes(this.record, this.timer.itemId, this.now));
	/** this device's hand waiting in the queue, if any */
	myHand: Hand | null = $derived(this.queue.find((h) => h.device === this.#device) ?? null);
	myPlace = $derived(this.myHand ? this.queue.indexOf(this.myHand) + 1 : 0);

	#minutes: Y.Doc;
	#floor: Y.Doc;
	#device: string;
	#name: () => string;
	#clock: Clock;
	#origin = { name: 'facilitation' };
	#cleanup: (() => void)[] = [];

	constructor(options: FacilitationOptions) {
		this.#minutes = options.minutes;
		this.#floor = options.floor;
		this.#device = options.device;
		this.#name = options.name;
		this.#clock = options.clock;
		this.canRun = options.role === 'edit';
		this.canRaise = options.role !== 'view';
		this.now = this.#clock.now();
		const readMinutes = () => {
			this.agenda = agendaList(this.#minutes);
			this.#setTimer(timerState(this.#minutes));
			this.record = queueRecord(this.#minutes);
		};
		const readFloor = () => (this.hands = raisedHands(this.#floor));
		readMinutes();
		readFloor();
		this.#minutes.on('update', readMinutes);
		this.#floor.on('update', readFloor);
		this.#cleanup.push(
			() => this.#minutes.off('update', readMinutes),
			() => this.#floor.off('update', readFloor)
		);
		const tickMs = options.tickMs ?? 1000;
		if (tickMs > 0) {
			const timer = setInterval(() => this.#tick(), tickMs);
			this.#cleanup.push(() => clearInterval(timer));
		}
	}

	#setTimer(next: TimerState) {
		const changed = next.itemId !== this.timer.itemId;
		this.timer = next;
		if (changed) {
			const item = this.agenda.find((n) => n.id === next.itemId);
			if (item) this.announcement = `Now on item ${item.number}: ${item.title || 'Untitled'}`;
		}
	}

	#tick() {
		const before = this.phase;
		this.now = this.#clock.now();
		// Said once as the phase changes, never every second.
		if (this.phase !== before && (this.phase === 'nearing' || this.phase === 'over')) {
			this.announcement = this.timeWords.replace(/ by .*$/, '');
		}
	}

	/** "Start timer": the given item (default: the first, or the current one) from now. */
	start(itemId?: string): void {
		const id = itemId ?? this.timer.itemId ?? nextItemId(this.#minutes, null);
		if (!this.canRun || !id) return;
		startItem(this.#minutes, id, this.#clock.now(), this.#origin);
	}

	pause(): void {
		if (this.canRun) pauseTimer(this.#minutes, this.#clock.now(), this.#origin);
	}

	resume(): void {
		if (this.canRun) resumeTimer(this.#minutes, this.#clock.now(), this.#origin);
	}

	nextItem(): void {
		if (this.canRun) startNextItem(this.#minutes, this.#clock.now(), this.#origin);
	}

	raise(kind: HandKind = 'speak'): void {
		if (!this.canRaise) return;
		if (this.myHand) lowerHand(this.#floor, this.myHand.id, this.#origin);
		raiseHand(
			this.#floor,
			{ name: this.#name(), device: this.#device, kind, at: this.#clock.now() },
			this.#origin
		);
	}

	lower(): void {
		if (this.myHand) lowerHand(this.#floor, this.myHand.id, this.#origin);
	}

	/** Take a hand out of the queue without a turn (the facilitator). */
	remove(handId: string): void {
		if (this.canRun) lowerHand(this.#floor, handId, this.#origin);
	}

	/** Mark `handId` as speaking now: ends the turn before and writes the speaker in the minutes. */
	giveFloor(handId: string): void {
		const hand = this.hands.find((h) => h.id === handId);
		if (!this.canRun || !hand) return;
		giveFloor(this.#minutes, hand, this.timer.itemId, this.#clock.now(), this.#origin);
		this.announcement = `${hand.name} is speaking`;
	}

	endTurn(): void {
		if (this.canRun) endTurn(this.#minutes, this.#clock.now(), this.#origin);
	}

	move(handId: string, delta: number): void {
		if (!this.canRun) return;
		const order = this.queue.map((h) => h.id);
		const at = order.indexOf(handId);
		if (at < 0) return;
		moveInQueue(this.#minutes, order, handId, at + delta, this.#origin);
	}

	setProgressive(isOn: boolean): void {
		if (this.canRun) setProgressive(this.#minutes, isOn, this.#origin);
	}

	destroy(): void {
		for (const fn of this.#cleanup.splice(0)) fn();
	}
}
