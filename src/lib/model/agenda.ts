/**
 * The agenda tree: items by id in `items` (see schema.ts), each with a parent pointer and a
 * fractional position. The tree every screen and export reads is DERIVED by `agendaTree`, which
 * is total and deterministic on any merged state:
 *
 * - Orphans: an item whose parent no longer exists (deleted on another device while this one
 *   added or moved a child under it) is shown at the top level, in its own position. Nothing is
 *   lost, and a deleted item leaves no trace from which to find its ancestors.
 * - Cycles: concurrent indents can make A the parent of B and B the parent of A. In each cycle
 *   the item with the smallest id is shown at the top level; the rest hang under it as stored.
 * - Ties: equal positions (concurrent inserts at one place) are ordered by id.
 *
 * Numbering (`1`, `1.a`, `1.a.i`, `1.a.i.1`, …) is derived from the tree, never stored. Items
 * with `numbered: false` are lettered `A`, `B`, … among their unnumbered siblings.
 *
 * Moves only change `parent` and `pos`; an item is never deleted and reinserted, so concurrent
 * moves can neither duplicate nor drop it.
 */
import * as Y from 'yjs';
import { newId } from './ids';
import { writeNotes, type NotesInput } from './notes';
import { comparePositioned, positionAt, type Positioned } from './positions';
import { asBool, asCount, asMap, asString, asText, checkCount } from './read';
import { minutesRoots, transact } from './schema';
import { setText } from './text';
import { letters, numberLabel } from './agenda-numbering';

export { numberLabel };

export interface AgendaNode {
	id: string;
	/** Effective parent in the derived tree (not necessarily the stored one). */
	parentId: string | null;
	pos: string;
	depth: number;
	/** Derived: `1`, `1.a`, `1.a.i`, `A` … */
	number: string;
	title: string;
	presenter: string;
	timeBox: number | null;
	isPrivate: boolean;
	numbered: boolean;
	children: AgendaNode[];
}

interface RawItem extends Positioned {
	parent: string | null;
	map: Y.Map<unknown>;
}

function rawItems(doc: Y.Doc): Map<string, RawItem> {
	const out = new Map<string, RawItem>();
	minutesRoots(doc).items.forEach((value, id) => {
		const map = asMap(value);
		if (!map) return;
		const parent = map.get('parent');
		out.set(id, {
			id,
			parent: typeof parent === 'string' && parent !== id ? parent : null,
			pos: asString(map.get('pos')),
			map
		});
	});
	return out;
}

/** The deepest level the derived tree shows (0-based); deeper items are shown at this level. */
export const MAX_AGENDA_DEPTH = 31;

/**
 * Effective parent of every item: orphans to the top, one item per cycle to the top, and items
 * nested deeper than MAX_AGENDA_DEPTH (only a foreign client makes those) beside their parent,
 * so that nothing that reads the tree recurses without bound.
 */
function effectiveParents(raw: Map<string, RawItem>): Map<string, string | null> {
	const parent = new Map<string, string | null>();
	for (const item of raw.values()) {
		parent.set(item.id, item.parent !== null && raw.has(item.parent) ? item.parent : null);
	}
	const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
	for (const start of raw.keys()) {
		const path: string[] = [];
		let id: string | null = start;
		while (id !== null && !state.has(id)) {
			state.set(id, 1);
			path.push(id);
			id = parent.get(id) ?? null;
		}
		if (id !== null && state.get(id) === 1) {
			const cycle = path.slice(path.indexOf(id));
			const breaker = cycle.reduce((a, b) => (b < a ? b : a));
			parent.set(breaker, null);
		}
		for (const p of path) state.set(p, 2);
	}
	// Breadth first from the top: depth of each item, flattening below the deepest level.
	const children = new Map<string, string[]>();
	const queue: [string, number][] = [];
	for (const [id, p] of parent) {
		if (p === null) queue.push([id, 0]);
		else {
			const list = children.get(p);
			if (list) list.push(id);
			else children.set(p, [id]);
		}
	}
	for (let i = 0; i < queue.length; i++) {
		const [id, depth] = queue[i];
		for (const child of children.get(id) ?? []) {
			if (depth < MAX_AGENDA_DEPTH) queue.push([child, depth + 1]);
			else {
				parent.set(child, parent.get(id) ?? null);
				queue.push([child, depth]);
			}
		}
	}
	return parent;
}

/** The derived agenda tree. Never throws; every item appears exactly once. */
export function agendaTree(doc: Y.Doc): AgendaNode[] {
	const raw = rawItems(doc);
	const parents = effectiveParents(raw);
	const children = new Map<string | null, RawItem[]>();
	for (const item of raw.values()) {
		const p = parents.get(item.id) ?? null;
		const list = children.get(p);
		if (list) list.push(item);
		else children.set(p, [item]);
	}
	for (const list of children.values()) list.sort(comparePositioned);

	const build = (parentId: string | null, depth: number, prefix: string): AgendaNode[] => {
		let numberedCount = 0;
		let letteredCount = 0;
		return (children.get(parentId) ?? []).map((item) => {
			const numbered = asBool(item.map.get('numbered'), true);
			const label = numbered
				? numberLabel(depth, ++numberedCount)
				: letters(++letteredCount).toUpperCase();
			const number = prefix ? `${prefix}.${label}` : label;
			return {
				id: item.id,
				parentId,
				pos: item.pos,
				depth,
				number,
				title: asText(item.map.get('title')),
				presenter: asString(item.map.get('presenter')),
				timeBox: asCount(item.map.get('timeBox')),
				isPrivate: asBool(item.map.get('isPrivate')),
				numbered,
				children: build(item.id, depth + 1, number)
			};
		});
	};
	return build(null, 0, '');
}

/**
 * The same tree with numbers derived again, keeping only nodes `keep` accepts (with their
 * sub-items). Published views use it to leave out items "not for publication" without gaps
 * in the numbering.
 */
export function renumberAgenda(
	nodes: AgendaNode[],
	keep: (node: AgendaNode) => boolean = () => true,
	depth = 0,
	prefix = ''
): AgendaNode[] {
	let numberedCount = 0;
	let letteredCount = 0;
	return nodes.filter(keep).map((node) => {
		const label = node.numbered
			? numberLabel(depth, ++numberedCount)
			: letters(++letteredCount).toUpperCase();
		const number = prefix ? `${prefix}.${label}` : label;
		return {
			...node,
			depth,
			number,
			children: renumberAgenda(node.children, keep, depth + 1, number)
		};
	});
}

/** The derived tree in reading order (pre-order), children included in each node. */
export function agendaList(doc: Y.Doc): AgendaNode[] {
	const out: AgendaNode[] = [];
	const walk = (nodes: AgendaNode[]) => {
		for (const n of nodes) {
			out.push(n);
			walk(n.children);
		}
	};
	walk(agendaTree(doc));
	return out;
}

/** One item of the derived tree, or null. */
export function agendaItem(doc: Y.Doc, id: string): AgendaNode | null {
	return agendaList(doc).find((n) => n.id === id) ?? null;
}

/** The item's map (for the model's own modules). */
export function itemMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
	return asMap(minutesRoots(doc).items.get(id));
}

/** The title's Y.Text, to bind an input to (null for a missing item or an unmigrated title). */
export function itemTitleText(doc: Y.Doc, id: string): Y.Text | null {
	const t = itemMap(doc, id)?.get('title');
	return t instanceof Y.Text ? t : null;
}

/** The notes fragment y-prosemirror binds to, or null for a missing item. */
export function itemNotes(doc: Y.Doc, id: string): Y.XmlFragment | null {
	const n = itemMap(doc, id)?.get('notes');
	return n instanceof Y.XmlFragment ? n : null;
}

/** Derived children of `parentId` (null: top level), sorted. */
/** The children of `parentId` in order (for the model's own modules). */
export function siblingsOf(doc: Y.Doc, parentId: string | null, without?: string): AgendaNode[] {
	const list = parentId === null ? agendaTree(doc) : (agendaItem(doc, parentId)?.children ?? []);
	return without ? list.filter((n) => n.id !== without) : list;
}

function place(
	doc: Y.Doc,
	map: Y.Map<unknown>,
	parentId: string | null,
	siblings: AgendaNode[],
	index: number
): void {
	const { pos, rekey } = positionAt(siblings, index);
	const items = minutesRoots(doc).items;
	for (const r of rekey) asMap(items.get(r.id))?.set('pos', r.pos);
	if (map.get('parent') !== parentId) map.set('parent', parentId);
	map.set('pos', pos);
}

export interface NewItem {
	id?: string;
	parentId?: string | null;
	/** Index among the parent's children; default: last. */
	index?: number;
	title?: string;
	presenter?: string;
	timeBox?: number | null;
	notes?: NotesInput;
	isPrivate?: boolean;
	numbered?: boolean;
}

/** Add an agenda item; returns its id. An unknown parent is a RangeError. */
export function addAgendaItem(doc: Y.Doc, input: NewItem = {}, origin?: unknown): string {
	const parentId = input.parentId ?? null;
	if (parentId !== null && !itemMap(doc, parentId)) throw new RangeError('unknown parent item');
	checkCount(input.timeBox ?? null, 'timeBox');
	const id = input.id ?? newId();
	return transact(doc, origin, () => {
		const siblings = siblingsOf(doc, parentId);
		const map = new Y.Map<unknown>();
		minutesRoots(doc).items.set(id, map);
		place(doc, map, parentId, siblings, input.index ?? siblings.length);
		writeItemFields(map, input);
		return id;
	});
}

/** A new item's fields after its parent and position; `map` is in the document. */
/** Write a new item's fields into its map (for the model's own modules). */
export function writeItemFields(map: Y.Map<unknown>, input: NewItem): void {
	map.set('title', new Y.Text(input.title ?? ''));
	map.set('presenter', input.presenter ?? '');
	map.set('timeBox', input.timeBox ?? null);
	const notes = new Y.XmlFragment();
	map.set('notes', notes);
	if (input.notes) writeNotes(notes, input.notes);
	map.set('isPrivate', input.isPrivate ?? false);
	map.set('numbered', input.numbered ?? true);
}

/** Set an item's title as a minimal text edit. False when the item is gone. */
export function renameItem(doc: Y.Doc, id: string, title: string, origin?: unknown): boolean {
	const map = itemMap(doc, id);
	if (!map) return false;
	transact(doc, origin, () => {
		const t = map.get('title');
		if (t instanceof Y.Text) setText(t, title);
		else map.set('title', new Y.Text(title));
	});
	return true;
}

export interface ItemPatch {
	presenter?: string;
	timeBox?: number | null;
	isPrivate?: boolean;
	numbered?: boolean;
}

/** Change an item's presenter, time box, "not for publication" flag or numbering. */
export function updateItem(doc: Y.Doc, id: string, patch: ItemPatch, origin?: unknown): boolean {
	const map = itemMap(doc, id);
	if (!map) return false;
	if (patch.timeBox !== undefined) checkCount(patch.timeBox, 'timeBox');
	transact(doc, origin, () => {
		for (const key of ['presenter', 'timeBox', 'isPrivate', 'numbered'] as const) {
			const value = patch[key];
			if (value !== undefined && map.get(key) !== value) map.set(key, value);
		}
	});
	return true;
}

/** Replace an item's notes (import, tests); the editor edits the fragment itself. */
export function setItemNotes(doc: Y.Doc, id: string, notes: NotesInput, origin?: unknown): boolean {
	const map = itemMap(doc, id);
	if (!map) return false;
	transact(doc, origin, () => {
		let fragment = map.get('notes');
		if (!(fragment instanceof Y.XmlFragment)) {
			fragment = new Y.XmlFragment();
			map.set('notes', fragment);
		}
		writeNotes(fragment as Y.XmlFragment, notes);
	});
	return true;
}

/** Ids of `id` and everything under it in the derived tree. */
export function subtreeIds(doc: Y.Doc, id: string): string[] {
	const node = agendaItem(doc, id);
	if (!node) return [];
	const out: string[] = [];
	const walk = (n: AgendaNode) => {
		out.push(n.id);
		n.children.forEach(walk);
	};
	walk(node);
	return out;
}

/** Delete an item with its sub-items and their blocks. */
export function deleteItem(doc: Y.Doc, id: string, origin?: unknown): boolean {
	if (!itemMap(doc, id)) return false;
	transact(doc, origin, () => {
		const ids = new Set(subtreeIds(doc, id));
		const { items, blocks } = minutesRoots(doc);
		const doomed: string[] = [];
		blocks.forEach((value, blockId) => {
			const itemId = asMap(value)?.get('itemId');
			if (typeof itemId === 'string' && ids.has(itemId)) doomed.push(blockId);
		});
		for (const blockId of doomed) blocks.delete(blockId);
		for (const itemId of ids) items.delete(itemId);
	});
	return true;
}

export interface MoveTarget {
	parentId: string | null;
	/** Index among the new parent's children, not counting the moved item; default: last. */
	index?: number;
}

/**
 * Move an item (with its sub-items) under `parentId` at `index`. False when the item or the
 * parent is gone, or the parent is the item or one of its descendants.
 */
export function moveItem(doc: Y.Doc, id: string, target: MoveTarget, origin?: unknown): boolean {
	const map = itemMap(doc, id);
	const parentId = target.parentId ?? null;
	if (!map) return false;
	if (parentId !== null) {
		if (!itemMap(doc, parentId)) return false;
		if (subtreeIds(doc, id).includes(parentId)) return false;
	}
	transact(doc, origin, () => {
		const siblings = siblingsOf(doc, parentId, id);
		place(doc, map, parentId, siblings, target.index ?? siblings.length);
	});
	return true;
}

/** Move an item up (-1) or down (+1) among its siblings. */
export function moveItemBy(doc: Y.Doc, id: string, delta: number, origin?: unknown): boolean {
	const node = agendaItem(doc, id);
	if (!node) return false;
	const siblings = siblingsOf(doc, node.parentId);
	const index = siblings.findIndex((n) => n.id === id) + delta;
	if (index < 0 || index >= siblings.length) return false;
	return moveItem(doc, id, { parentId: node.parentId, index }, origin);
}

/** Make an item the last child of its previous sibling. False when it has none. */
export function indentItem(doc: Y.Doc, id: string, origin?: unknown): boolean {
	const node = agendaItem(doc, id);
	if (!node) return false;
	const siblings = siblingsOf(doc, node.parentId);
	const i = siblings.findIndex((n) => n.id === id);
	if (i <= 0) return false;
	return moveItem(doc, id, { parentId: siblings[i - 1].id }, origin);
}

/** Make an item the next sibling of its parent. False at the top level. */
export function outdentItem(doc: Y.Doc, id: string, origin?: unknown): boolean {
	const node = agendaItem(doc, id);
	if (!node || node.parentId === null) return false;
	const parent = agendaItem(doc, node.parentId);
	if (!parent) return false;
	const siblings = siblingsOf(doc, parent.parentId);
	const index = siblings.findIndex((n) => n.id === parent.id) + 1;
	return moveItem(doc, id, { parentId: parent.parentId, index }, origin);
}
