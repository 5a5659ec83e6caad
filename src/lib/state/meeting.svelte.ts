/**
 * The meeting screen's state: the document's snapshots, this person's undo, the room's presence
 * and announcements of others' changes, each in `meeting/`, composed here with the operations,
 * which change the document only through the model with this person's origin. The route owns
 * the document and awareness, builds this and calls `destroy()`; docs/meeting-screen.md.
 *
 * Components reach it with `getMeetingContext()`; they never import Yjs.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- `collapsed` is replaced whole, never mutated */
import { createContext } from 'svelte';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
	addAgendaItem,
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
	recordDecision,
	removeBlock,
	updateBlock,
	type Block,
	type BlockKind,
	type BlockPatch
} from '$lib/model/blocks';
import {
	addPerson,
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
import type { AttendanceRole } from '$lib/model/schema';
import { RemoteChangeAnnouncer } from './meeting/announcer.svelte';
import { MeetingPresence, type MeetingUser, type Peer } from './meeting/presence.svelte';
import { flatten, groupBy, type AgendaRow } from './meeting/rows';
import { MeetingSnapshots } from './meeting/snapshots.svelte';
import { MeetingUndo } from './meeting/undo.svelte';

export { readPeers, type MeetingUser, type Peer } from './meeting/presence.svelte';
export { flatten, reuseUnchanged, type AgendaRow } from './meeting/rows';

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
	/** false: remote changes are announced only after `announceRemoteChanges()` (default true). */
	isAnnouncing?: boolean;
}

export class MeetingState {
	readonly doc: Y.Doc;
	readonly awareness: Awareness | null;
	readonly origin: object;

	#undo: MeetingUndo;
	#snapshots: MeetingSnapshots;
	#presence: MeetingPresence;
	#announcer: RemoteChangeAnnouncer;

	// Each part keeps its own state; these read through to it once the constructor made it.
	header: Header = $derived.by(() => this.#snapshots.header);
	attendance: Attendance = $derived.by(() => this.#snapshots.attendance);
	tree: AgendaNode[] = $derived.by(() => this.#snapshots.tree);
	blocks: Block[] = $derived.by(() => this.#snapshots.blocks);
	next: NextMeeting = $derived.by(() => this.#snapshots.next);
	peers: Peer[] = $derived.by(() => this.#presence.peers);
	canUndo: boolean = $derived.by(() => this.#undo.canUndo);
	canRedo: boolean = $derived.by(() => this.#undo.canRedo);
	/** Items folded away on this device only. */
	collapsed: ReadonlySet<string> = $state.raw(new Set());
	/** The item the person is working on: where "Add decision" puts a decision. */
	currentItemId: string | null = $state(null);
	/** Text of the polite live region: remote additions and deletions, gathered. */
	announcement: string = $derived.by(() => this.#announcer.announcement);

	/** Every item in reading order. */
	rows: AgendaRow[] = $derived.by(() => this.#snapshots.rows);
	/** Items not folded away under a collapsed ancestor. */
	visibleRows: AgendaRow[] = $derived(flatten(this.tree, this.collapsed));
	blocksByItem: Map<string | null, Block[]> = $derived(groupBy(this.blocks, (b) => b.itemId));
	peersByItem: Map<string, Peer[]> = $derived.by(() => this.#presence.peersByItem);
	presentCount: number | null = $derived(this.attendance.effectivePresentCount);
	/** Where new blocks go: the current item if it still exists, else the last item. */
	targetItemId: string | null = $derived(
		this.rows.some((r) => r.id === this.currentItemId)
			? this.currentItemId
			: (this.rows.at(-1)?.id ?? null)
	);

	constructor(options: MeetingStateOptions) {
		this.doc = options.doc;
		this.awareness = options.awareness ?? null;
		this.origin = options.origin ?? { name: 'meeting-screen' };
		this.#undo = new MeetingUndo(this.doc, this.origin, options.trackedOrigins);
		this.#announcer = new RemoteChangeAnnouncer(
			(id) => this.row(id),
			options.announceDelay ?? 1500,
			options.isAnnouncing ?? true
		);
		this.#snapshots = new MeetingSnapshots(this.doc, (changes, before) =>
			this.#announcer.note(changes, before)
		);
		this.#presence = new MeetingPresence(this.awareness, options.user);
	}

	/** Announce what others change from now on (once opening the meeting has settled). */
	announceRemoteChanges() {
		this.#announcer.listen();
	}

	/** Who this person is to the others in the room (their cursor label and avatar). */
	setUser(user: MeetingUser) {
		this.#presence.setUser(user);
	}

	/** Also track `origin` as this person's own (the notes editor's binding, once loaded). */
	trackOrigin(origin: unknown) {
		this.#undo.trackOrigin(origin);
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
	setRole(role: AttendanceRole, personId: string | null) {
		setAttendanceRole(this.doc, role, personId ? [personId] : [], this.origin);
	}

	setPresentCount(count: number | null) {
		setPresentCount(this.doc, count, this.origin);
	}

	// Agenda

	/** Add an item after `afterId` (as its next sibling) or at the end; returns its id. */
	addItem(afterId?: string | null, title = ''): string {
		this.stopCapturing();
		const after = afterId ? this.row(afterId) : undefined;
		const place = after ? { parentId: after.parentId, index: after.index + 1 } : {};
		const id = addAgendaItem(this.doc, { ...place, title }, this.origin);
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
		const target = this.row(targetId);
		const moving = this.row(id);
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
		this.#presence.setItem(id);
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

	/** decision.ts, fetched on first use: its word lists need not hold up the first paint. */
	#sentences: typeof import('$lib/model/decision') | null = $state.raw(null);
	#sentencesLoading: Promise<void> | null = null;

	/** Fetches what `sentence` needs; resolves once it can answer (or the fetch failed). */
	loadSentences(): Promise<void> {
		this.#sentencesLoading ??= import('$lib/model/decision').then(
			(module) => {
				this.#sentences = module;
			},
			() => {
				// Offline before the service worker cached it: tried again in a while (the
				// sentences appear once it loads, with no edit needed to ask again).
				this.#sentencesLoading = null;
				setTimeout(() => void this.loadSentences(), 10_000);
			}
		);
		return this.#sentencesLoading;
	}

	/**
	 * The generated sentence of a decision, with the meeting's present count as a fallback; ''
	 * for the moment its module takes to load.
	 */
	sentence(block: Block): string {
		if (block.kind !== 'decision') return '';
		if (!this.#sentences) {
			void this.loadSentences();
			return '';
		}
		return this.#sentences.decisionSentence(block, { presentCount: this.presentCount });
	}

	// Next meeting

	setNext(patch: Partial<NextMeeting>) {
		setNextMeeting(this.doc, patch, this.origin);
	}

	destroy() {
		this.#announcer.destroy();
		this.#snapshots.destroy();
		this.#presence.destroy();
		this.#undo.destroy();
	}
}

/** A typed context pair: the route sets it, every component of the screen gets it. */
export const [getMeetingContext, setMeetingContext] = createContext<MeetingState>();
