/**
 * The meeting's Y.Doc observed in one place: plain snapshots of the header, attendance, agenda,
 * blocks and next meeting in `$state.raw`, replaced whole on every change, never mutated.
 */
import * as Y from 'yjs';
import { agendaTree, type AgendaNode } from '$lib/model/agenda';
import { allBlocks, type Block } from '$lib/model/blocks';
import {
	attendance,
	header,
	nextMeeting,
	type Attendance,
	type Header,
	type NextMeeting
} from '$lib/model/minutes';
import { minutesRoots } from '$lib/model/schema';
import type { KeyChanges } from './announcer.svelte';
import { flatten, reuseUnchanged, type AgendaRow } from './rows';

/** Called after someone else's transaction added or deleted items; `before`: the old rows. */
export type OnRemoteItems = (changes: KeyChanges, before: AgendaRow[]) => void;

const EMPTY_ATTENDANCE: Attendance = {
	people: [],
	presentCount: null,
	namedPresent: 0,
	effectivePresentCount: null,
	facilitators: [],
	minuteTakers: []
};

const EMPTY_HEADER: Header = {
	title: '',
	date: '',
	startTime: '',
	endTime: '',
	venue: '',
	categories: [],
	writtenBy: '',
	publishedOn: ''
};

const EMPTY_NEXT: NextMeeting = {
	date: '',
	startTime: '',
	endTime: '',
	venue: '',
	topic: '',
	facilitator: '',
	minuteTaker: ''
};

export class MeetingSnapshots {
	header: Header = $state.raw(EMPTY_HEADER);
	attendance: Attendance = $state.raw(EMPTY_ATTENDANCE);
	tree: AgendaNode[] = $state.raw([]);
	blocks: Block[] = $state.raw([]);
	next: NextMeeting = $state.raw(EMPTY_NEXT);
	/** Every item in reading order. */
	rows: AgendaRow[] = $derived(flatten(this.tree));

	#doc: Y.Doc;
	#cleanup: (() => void)[] = [];

	constructor(doc: Y.Doc, onRemoteItems: OnRemoteItems) {
		this.#doc = doc;
		const roots = minutesRoots(doc);
		this.#observe(roots.header, () => {
			this.header = header(doc);
			this.attendance = attendance(doc); // the stand-alone present count lives here
		});
		this.#observe(roots.people, () => (this.attendance = attendance(doc)));
		this.#observe(roots.blocks, () => (this.blocks = allBlocks(doc)));
		this.#observe(roots.next, () => (this.next = nextMeeting(doc)));
		this.#observeItems(roots.items, onRemoteItems);

		this.header = header(doc);
		this.next = nextMeeting(doc);
		this.attendance = attendance(doc);
		this.tree = agendaTree(doc);
		this.blocks = allBlocks(doc);
	}

	#observe(type: Y.Map<unknown>, refresh: () => void) {
		const handler = () => refresh();
		type.observeDeep(handler);
		this.#cleanup.push(() => type.unobserveDeep(handler));
	}

	/** Items change on every keystroke in notes; only structure and fields refresh the tree. */
	#observeItems(items: Y.Map<unknown>, onRemote: OnRemoteItems) {
		const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
			const matters = events.some(
				(e) =>
					!(
						e.target instanceof Y.XmlFragment ||
						e.target instanceof Y.XmlElement ||
						e.target instanceof Y.XmlText
					)
			);
			if (!matters) return;
			const before = this.rows;
			this.tree = reuseUnchanged(this.tree, agendaTree(this.#doc));
			const top = tr.local ? undefined : events.find((e) => e.target === items);
			if (top) onRemote(top.changes.keys, before);
		};
		items.observeDeep(handler);
		this.#cleanup.push(() => items.unobserveDeep(handler));
	}

	destroy() {
		for (const fn of this.#cleanup.splice(0)) fn();
	}
}
