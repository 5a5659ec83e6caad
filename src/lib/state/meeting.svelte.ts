/**
 * The meeting screen's state: one class observes the meeting's Y.Doc and the room's awareness,
 * keeps plain snapshots in `$state.raw`, derives the rest, and changes the document only through
 * the model's operations, all with this person's undo origin, so undo and redo touch nothing but
 * their own changes. The document, awareness and user come in through the constructor; the
 * route owns them and calls `destroy()`.
 *
 * Components reach it with `getMeetingContext()`; they never import Yjs.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- snapshots in $state.raw are replaced whole, never mutated */
import { createContext } from 'svelte';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
	addAgendaItem,
	agendaTree,
	deleteItem,
	indentItem,
	itemNotes,
	moveItem,
	moveItemBy,
	outdentItem,
	renameItem,
	updateItem,
	type AgendaNode,
	type ItemPatch
} from '$lib/model/agenda';
import {
	addAction,
	addEvent,
	allBlocks,
	recordDecision,
	removeBlock,
	updateBlock,
	type Block,
	type BlockKind,
	type BlockPatch
} from '$lib/model/blocks';
import { decisionSentence } from '$lib/model/decision';
import {
	addPerson,
	attendance,
	header,
	nextMeeting,
	removePerson,
	setAttendanceRole,
	setHeader,
	setNextMeeting,
	setPresentCount,
	updatePerson,
	type Attendance,
	type Header,
	type HeaderPatch,
	type NextMeeting
} from '$lib/model/minutes';
import { minutesRoots, type Role } from '$lib/model/schema';
import { createUndoManager } from '$lib/model/undo';
import { readPresence } from './group-presence.svelte';

export interface MeetingUser {
	name: string;
	/** `#rrggbb`: y-prosemirror draws remote cursors only in that form. */
	color: string;
}

export interface Peer {
	clientId: number;
	name: string;
	color: string;
	/** The agenda item they are on, if any. */
	itemId: string | null;
}

/** A row of the agenda as the screen draws it: the tree node without its children. */
export type AgendaRow = Omit<AgendaNode, 'children'> & {
	hasChildren: boolean;
	/** Index among its siblings and their count, for "move up/down" buttons. */
	index: number;
	siblingCount: number;
};

export interface MeetingStateOptions {
	doc: Y.Doc;
	awareness?: Awareness | null;
	/** The origin of this person's transactions; the undo manager tracks only it. */
	origin?: object;
	user?: MeetingUser | null;
	/**
	 * Other origins this person's edits arrive with (the notes editor's binding); added later
	 * with `trackOrigin` when the editor loads lazily.
	 */
	trackedOrigins?: unknown[];
	/** How long to gather remote changes into one announcement (ms). */
	announceDelay?: number;
}

/** The awareness field this screen writes besides `user` and y-prosemirror's `cursor`. */
interface PresenceState {
	item?: unknown;
}

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

export class MeetingState {
	readonly doc: Y.Doc;
	readonly awareness: Awareness | null;
	readonly origin: object;

	header: Header = $state.raw(EMPTY_HEADER);
	attendance: Attendance = $state.raw(EMPTY_ATTENDANCE);
	tree: AgendaNode[] = $state.raw([]);
	blocks: Block[] = $state.raw([]);
	next: NextMeeting = $state.raw(EMPTY_NEXT);
	peers: Peer[] = $state.raw([]);
	canUndo = $state(false);
	canRedo = $state(false);
	/** Items folded away on this device only. */
	collapsed: ReadonlySet<string> = $state.raw(new Set());
	/** The item the person is working on: where "Add decision" puts a decision. */
	currentItemId: string | null = $state(null);
	/** Text of the polite live region: remote additions and deletions, gathered. */
	announcement = $state('');

	/** Every item in reading order. */
	rows: AgendaRow[] = $derived(flatten(this.tree));
	/** Items not folded away under a collapsed ancestor. */
	visibleRows: AgendaRow[] = $derived(flatten(this.tree, this.collapsed));
	blocksByItem: Map<string | null, Block[]> = $derived(groupBlocks(this.blocks));
	peersByItem: Map<string, Peer[]> = $derived(groupPeers(this.peers));
	presentCount: number | null = $derived(this.attendance.effectivePresentCount);
	/** Where new blocks go: the current item if it still exists, else the last item. */
	targetItemId: string | null = $derived(
		this.rows.some((r) => r.id === this.currentItemId)
			? this.currentItemId
			: (this.rows.at(-1)?.id ?? null)
	);

	#undo: Y.UndoManager;
	#pending = { added: [] as string[], deleted: [] as string[] };
	#announceTimer: ReturnType<typeof setTimeout> | null = null;
	#announceDelay: number;
	#cleanup: (() => void)[] = [];

	constructor(options: MeetingStateOptions) {
		this.doc = options.doc;
		this.awareness = options.awareness ?? null;
		this.origin = options.origin ?? { name: 'meeting-screen' };
		this.#announceDelay = options.announceDelay ?? 1500;

		const roots = minutesRoots(this.doc);
		// Keystrokes within 600 ms are one undo step; each operation of the model otherwise is one.
		this.#undo = createUndoManager(this.doc, this.origin, { captureTimeout: 600 });
		for (const origin of options.trackedOrigins ?? []) this.#undo.addTrackedOrigin(origin);
		const onStack = () => {
			this.canUndo = this.#undo.canUndo();
			this.canRedo = this.#undo.canRedo();
		};
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
			this.#undo.on(event, onStack);
			this.#cleanup.push(() => this.#undo.off(event, onStack));
		}

		this.#observe(roots.header, () => {
			this.header = header(this.doc);
			this.attendance = attendance(this.doc); // the stand-alone present count lives here
		});
		this.#observe(roots.people, () => (this.attendance = attendance(this.doc)));
		this.#observe(roots.blocks, () => (this.blocks = allBlocks(this.doc)));
		this.#observe(roots.next, () => (this.next = nextMeeting(this.doc)));
		this.#observeItems(roots.items);

		this.header = header(this.doc);
		this.next = nextMeeting(this.doc);
		this.attendance = attendance(this.doc);
		this.tree = agendaTree(this.doc);
		this.blocks = allBlocks(this.doc);

		if (this.awareness) {
			const awareness = this.awareness;
			if (options.user) this.setUser(options.user);
			const onAwareness = () => (this.peers = readPeers(awareness));
			awareness.on('change', onAwareness);
			this.#cleanup.push(() => awareness.off('change', onAwareness));
			onAwareness();
		}
	}

	#observe(type: Y.Map<unknown>, refresh: () => void) {
		const handler = () => refresh();
		type.observeDeep(handler);
		this.#cleanup.push(() => type.unobserveDeep(handler));
	}

	/** Items change on every keystroke in notes; only structure and fields refresh the tree. */
	#observeItems(items: Y.Map<unknown>) {
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
			this.tree = reuseUnchanged(this.tree, agendaTree(this.doc));
			if (!tr.local) this.#noteRemote(events, items, before);
		};
		items.observeDeep(handler);
		this.#cleanup.push(() => items.unobserveDeep(handler));
	}

	#noteRemote(
		events: Y.YEvent<Y.AbstractType<unknown>>[],
		items: Y.Map<unknown>,
		before: AgendaRow[]
	) {
		const top = events.find((e) => e.target === items);
		if (!top) return;
		for (const [id, change] of top.changes.keys) {
			if (change.action === 'add') {
				// Described when announced, so the title typed in the meantime is in it.
				this.#pending.added.push(id);
			} else if (change.action === 'delete') {
				const row = before.find((r) => r.id === id);
				// Sub-items go with their parent: announce the one the person deleted.
				if (row && !top.changes.keys.has(row.parentId ?? '')) {
					this.#pending.deleted.push(describe(row));
				}
			}
		}
		if (!this.#pending.added.length && !this.#pending.deleted.length) return;
		if (this.#announceTimer) clearTimeout(this.#announceTimer);
		this.#announceTimer = setTimeout(() => this.#announce(), this.#announceDelay);
	}

	#announce() {
		const { added, deleted } = this.#pending;
		this.#pending = { added: [], deleted: [] };
		this.#announceTimer = null;
		const parts: string[] = [];
		const rows = added.map((id) => this.row(id)).filter((row) => row !== undefined);
		if (rows.length === 1) parts.push(`Someone added agenda item ${describe(rows[0])}.`);
		else if (rows.length > 1) parts.push(`Someone added ${rows.length} agenda items.`);
		if (deleted.length === 1) parts.push(`Someone deleted agenda item ${deleted[0]}.`);
		else if (deleted.length > 1) parts.push(`Someone deleted ${deleted.length} agenda items.`);
		this.announcement = parts.join(' ');
	}

	/** Who this person is to the others in the room (their cursor label and avatar). */
	setUser(user: MeetingUser) {
		this.awareness?.setLocalStateField('user', { name: user.name, color: user.color });
	}

	/** Also track `origin` as this person's own (the notes editor's binding, once loaded). */
	trackOrigin(origin: unknown) {
		this.#undo.addTrackedOrigin(origin);
	}

	undo() {
		this.#undo.undo();
	}

	redo() {
		this.#undo.redo();
	}

	/** Close the current undo step, so the next edit is undone separately. */
	stopCapturing() {
		this.#undo.stopCapturing();
	}

	// Header and attendance

	setHeader(patch: HeaderPatch) {
		setHeader(this.doc, patch, this.origin);
	}

	addPerson(name: string): string | null {
		const trimmed = name.trim();
		if (!trimmed) return null;
		return addPerson(this.doc, { name: trimmed, present: true }, this.origin);
	}

	togglePresent(personId: string) {
		const person = this.attendance.people.find((p) => p.id === personId);
		if (person) updatePerson(this.doc, personId, { present: !person.present }, this.origin);
	}

	renamePerson(personId: string, name: string) {
		if (name.trim()) updatePerson(this.doc, personId, { name }, this.origin);
	}

	removePerson(personId: string) {
		removePerson(this.doc, personId, this.origin);
	}

	/** Give a role to one person (or nobody, with null). */
	setRole(role: Role, personId: string | null) {
		setAttendanceRole(this.doc, role, personId ? [personId] : [], this.origin);
	}

	setPresentCount(count: number | null) {
		setPresentCount(this.doc, count, this.origin);
	}

	// Agenda

	/** Add an item after `afterId` (as its next sibling) or at the end; returns its id. */
	addItem(afterId?: string | null, title = ''): string {
		this.stopCapturing();
		const after = afterId ? this.rows.find((r) => r.id === afterId) : undefined;
		const id = after
			? addAgendaItem(
					this.doc,
					{ parentId: after.parentId, index: after.index + 1, title },
					this.origin
				)
			: addAgendaItem(this.doc, { title }, this.origin);
		this.currentItemId = id;
		return id;
	}

	renameItem(id: string, title: string) {
		renameItem(this.doc, id, title, this.origin);
	}

	updateItem(id: string, patch: ItemPatch) {
		updateItem(this.doc, id, patch, this.origin);
	}

	deleteItem(id: string) {
		this.stopCapturing();
		deleteItem(this.doc, id, this.origin);
		this.stopCapturing();
	}

	moveBy(id: string, delta: -1 | 1): boolean {
		this.stopCapturing();
		return moveItemBy(this.doc, id, delta, this.origin);
	}

	/** Drop `id` before or after `targetId`, as its sibling. */
	moveNextTo(id: string, targetId: string, place: 'before' | 'after'): boolean {
		if (id === targetId) return false;
		const target = this.rows.find((r) => r.id === targetId);
		const moving = this.rows.find((r) => r.id === id);
		if (!target || !moving) return false;
		let index = target.index + (place === 'after' ? 1 : 0);
		// The index counts siblings without the moved item.
		if (moving.parentId === target.parentId && moving.index < target.index) index--;
		this.stopCapturing();
		return moveItem(this.doc, id, { parentId: target.parentId, index }, this.origin);
	}

	indent(id: string): boolean {
		this.stopCapturing();
		return indentItem(this.doc, id, this.origin);
	}

	outdent(id: string): boolean {
		this.stopCapturing();
		return outdentItem(this.doc, id, this.origin);
	}

	toggleCollapsed(id: string) {
		const next = new Set(this.collapsed);
		if (!next.delete(id)) next.add(id);
		this.collapsed = next;
	}

	/** The notes type the editor binds to; null once the item is gone. */
	notesOf(id: string): Y.XmlFragment | null {
		return itemNotes(this.doc, id);
	}

	row(id: string): AgendaRow | undefined {
		return this.rows.find((r) => r.id === id);
	}

	/** Mark where the person is working, for "Add decision" and for others' presence list. */
	setCurrentItem(id: string | null) {
		if (id) this.currentItemId = id;
		const state = this.awareness?.getLocalState() as PresenceState | null | undefined;
		if (this.awareness && state?.item !== id) this.awareness.setLocalStateField('item', id);
	}

	// Blocks

	/** Add a block to the target item (or `itemId`); returns its id. */
	addBlock(kind: BlockKind, itemId: string | null = this.targetItemId): string {
		this.stopCapturing();
		const input = { itemId };
		const id =
			kind === 'decision'
				? recordDecision(this.doc, input, this.origin)
				: kind === 'action'
					? addAction(this.doc, input, this.origin)
					: addEvent(this.doc, input, this.origin);
		if (itemId) this.currentItemId = itemId;
		return id;
	}

	updateBlock(id: string, patch: BlockPatch) {
		updateBlock(this.doc, id, patch, this.origin);
	}

	removeBlock(id: string) {
		this.stopCapturing();
		removeBlock(this.doc, id, this.origin);
	}

	/** The generated sentence of a decision, with the meeting's present count as a fallback. */
	sentence(block: Block): string {
		return block.kind === 'decision'
			? decisionSentence(block, { presentCount: this.presentCount })
			: '';
	}

	// Next meeting

	setNext(patch: Partial<NextMeeting>) {
		setNextMeeting(this.doc, patch, this.origin);
	}

	destroy() {
		if (this.#announceTimer) clearTimeout(this.#announceTimer);
		for (const fn of this.#cleanup.splice(0)) fn();
		this.#undo.destroy();
		if (this.awareness) this.awareness.setLocalStateField('item', null);
	}
}

/**
 * The new tree with every unchanged node (same fields, same children) replaced by the previous
 * object, so a keystroke in one title re-renders that item only, not the whole agenda.
 */
export function reuseUnchanged(previous: AgendaNode[], next: AgendaNode[]): AgendaNode[] {
	const old = new Map<string, AgendaNode>();
	const index = (nodes: AgendaNode[]) =>
		nodes.forEach((node) => {
			old.set(node.id, node);
			index(node.children);
		});
	index(previous);
	const same = (a: AgendaNode[], b: AgendaNode[]) =>
		a.length === b.length && a.every((node, i) => node === b[i]);
	const visit = (nodes: AgendaNode[]): AgendaNode[] =>
		nodes.map((node) => {
			const children = visit(node.children);
			const prev = old.get(node.id);
			if (
				prev &&
				same(prev.children, children) &&
				(Object.keys(node) as (keyof AgendaNode)[]).every(
					(key) => key === 'children' || prev[key] === node[key]
				)
			) {
				return prev;
			}
			return children === node.children ? node : { ...node, children };
		});
	const result = visit(next);
	return same(previous, result) ? previous : result;
}

function toRow(node: AgendaNode, index: number, siblingCount: number): AgendaRow {
	const { children, ...rest } = node;
	return { ...rest, hasChildren: children.length > 0, index, siblingCount };
}

/** The tree in reading order, leaving out what collapsed items hold. */
export function flatten(
	tree: AgendaNode[],
	collapsed: ReadonlySet<string> = new Set()
): AgendaRow[] {
	const out: AgendaRow[] = [];
	const walk = (nodes: AgendaNode[]) =>
		nodes.forEach((node, i) => {
			out.push(toRow(node, i, nodes.length));
			if (!collapsed.has(node.id)) walk(node.children);
		});
	walk(tree);
	return out;
}

function groupBlocks(blocks: Block[]): Map<string | null, Block[]> {
	const map = new Map<string | null, Block[]>();
	for (const block of blocks) {
		const list = map.get(block.itemId);
		if (list) list.push(block);
		else map.set(block.itemId, [block]);
	}
	return map;
}

function groupPeers(peers: Peer[]): Map<string, Peer[]> {
	const map = new Map<string, Peer[]>();
	for (const peer of peers) {
		if (!peer.itemId) continue;
		const list = map.get(peer.itemId);
		if (list) list.push(peer);
		else map.set(peer.itemId, [peer]);
	}
	return map;
}

/**
 * Everyone else in the room with a name (read defensively by the group's presence reader:
 * awareness comes from other people's devices), and the item each one is on.
 */
export function readPeers(awareness: Awareness): Peer[] {
	const states = awareness.getStates() as Map<number, Record<string, unknown>>;
	return readPresence(states, awareness.clientID).map((person) => {
		const item = states.get(person.clientId)?.item;
		return { ...person, itemId: typeof item === 'string' ? item : null };
	});
}

function describe(row: AgendaRow): string {
	return row.title.trim() ? `${row.number}, ${row.title.trim()}` : row.number;
}

/** A typed context pair: the route sets it, every component of the screen gets it. */
export const [getMeetingContext, setMeetingContext] = createContext<MeetingState>();
