/**
 * Structured blocks on an agenda item, by id in the `blocks` root map:
 *
 *   blocks: Y.Map<blockId, Y.Map>
 *     kind: 'decision' | 'action' | 'event' | 'speakers'
 *     itemId: itemId | null        null = the meeting as a whole
 *     pos: string                  fractional key among the blocks of that item
 *     decision: text: Y.Text, method: 'consensus' | 'vote', votesFor, votesAgainst,
 *               abstentions, presentCount: number | null,
 *               outcome: 'agreed' | 'carried' | 'defeated' | 'deferred' | 'withdrawn' | null
 *     action:   what: Y.Text, owners: string[], due: 'YYYY-MM-DD' | '', done: boolean
 *     event:    title: Y.Text, date: 'YYYY-MM-DD' | '', time: 'HH:MM' | '', place, link: string
 *     speakers: names: Y.Text      who spoke on the item, in order, comma-separated
 *                                  ("Joy, Sam (point of order)"); written by the speaker queue
 *                                  (speakers-block.ts), edited like any text
 *
 * A block whose item was deleted on another device while this one added it is shown at the
 * meeting level (`itemId: null`, `isOrphan: true`): a decision is never silently dropped.
 */
import * as Y from 'yjs';
import { newId } from './ids';
import { comparePositioned, positionAt, positionsAtEnd } from './positions';
import {
	asBool,
	asCount,
	asDate,
	asMap,
	asString,
	asStringArray,
	asText,
	asTime,
	checkCount,
	checkDate,
	checkTime,
	compareStrings,
	oneOf
} from './read';
import { minutesRoots, transact } from './schema';
import { setText } from './text';

export const BLOCK_KINDS = ['decision', 'action', 'event', 'speakers'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];
export const DECISION_METHODS = ['consensus', 'vote'] as const;
export type DecisionMethod = (typeof DECISION_METHODS)[number];
export const DECISION_OUTCOMES = [
	'agreed',
	'carried',
	'defeated',
	'deferred',
	'withdrawn'
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface DecisionFields {
	text: string;
	method: DecisionMethod;
	votesFor: number | null;
	votesAgainst: number | null;
	abstentions: number | null;
	presentCount: number | null;
	/** null: follows from the method and the votes. */
	outcome: DecisionOutcome | null;
}

export interface ActionFields {
	what: string;
	owners: string[];
	due: string;
	done: boolean;
}

export interface SpeakersFields {
	names: string;
}

export interface EventFields {
	title: string;
	date: string;
	time: string;
	place: string;
	link: string;
}

interface BlockBase {
	id: string;
	/** Derived: the item it is shown under, null for the meeting level. */
	itemId: string | null;
	pos: string;
	/** Its item was deleted concurrently; shown at the meeting level. */
	isOrphan: boolean;
}

export type DecisionBlock = BlockBase & { kind: 'decision' } & DecisionFields;
export type ActionBlock = BlockBase & { kind: 'action' } & ActionFields;
export type EventBlock = BlockBase & { kind: 'event' } & EventFields;
export type SpeakersBlock = BlockBase & { kind: 'speakers' } & SpeakersFields;
export type Block = DecisionBlock | ActionBlock | EventBlock | SpeakersBlock;

const TEXT_FIELD: Record<BlockKind, string> = {
	decision: 'text',
	action: 'what',
	event: 'title',
	speakers: 'names'
};

function readBlock(id: string, value: unknown, items: Y.Map<unknown>): Block | null {
	const map = asMap(value);
	if (!map) return null;
	const kind = map.get('kind');
	if (!(BLOCK_KINDS as readonly unknown[]).includes(kind)) return null;
	const storedItem = map.get('itemId');
	const exists = typeof storedItem === 'string' && asMap(items.get(storedItem)) !== null;
	const base: BlockBase = {
		id,
		itemId: exists ? (storedItem as string) : null,
		pos: asString(map.get('pos')),
		isOrphan: typeof storedItem === 'string' && !exists
	};
	switch (kind as BlockKind) {
		case 'decision': {
			const outcome = map.get('outcome');
			return {
				...base,
				kind: 'decision',
				text: asText(map.get('text')),
				method: oneOf(map.get('method'), DECISION_METHODS, 'consensus'),
				votesFor: asCount(map.get('votesFor')),
				votesAgainst: asCount(map.get('votesAgainst')),
				abstentions: asCount(map.get('abstentions')),
				presentCount: asCount(map.get('presentCount')),
				outcome: (DECISION_OUTCOMES as readonly unknown[]).includes(outcome)
					? (outcome as DecisionOutcome)
					: null
			};
		}
		case 'action':
			return {
				...base,
				kind: 'action',
				what: asText(map.get('what')),
				owners: asStringArray(map.get('owners')),
				due: asDate(map.get('due')),
				done: asBool(map.get('done'))
			};
		case 'event':
			return {
				...base,
				kind: 'event',
				title: asText(map.get('title')),
				date: asDate(map.get('date')),
				time: asTime(map.get('time')),
				place: asString(map.get('place')),
				link: asString(map.get('link'))
			};
		case 'speakers':
			return { ...base, kind: 'speakers', names: asText(map.get('names')) };
	}
}

/** Every block, sorted by (derived item, position, id). */
export function allBlocks(doc: Y.Doc): Block[] {
	const { blocks, items } = minutesRoots(doc);
	const out: Block[] = [];
	blocks.forEach((value, id) => {
		const block = readBlock(id, value, items);
		if (block) out.push(block);
	});
	return out.sort(
		(a, b) => compareStrings(a.itemId ?? '', b.itemId ?? '') || comparePositioned(a, b)
	);
}

/** The blocks shown under `itemId` (null: meeting level), in order. */
export function blocksOf(doc: Y.Doc, itemId: string | null): Block[] {
	return allBlocks(doc)
		.filter((b) => b.itemId === itemId)
		.sort(comparePositioned);
}

/** One block, or null. */
export function getBlock(doc: Y.Doc, id: string): Block | null {
	const { blocks, items } = minutesRoots(doc);
	return readBlock(id, blocks.get(id), items);
}

/** The Y.Text of a block's main text (decision text, action what, event title) to bind to. */
export function blockText(doc: Y.Doc, id: string): Y.Text | null {
	const map = asMap(minutesRoots(doc).blocks.get(id));
	const kind = map?.get('kind');
	if (!map || !(BLOCK_KINDS as readonly unknown[]).includes(kind)) return null;
	const t = map.get(TEXT_FIELD[kind as BlockKind]);
	return t instanceof Y.Text ? t : null;
}

interface Placement {
	id?: string;
	itemId?: string | null;
	/** Index among the item's blocks; default last. */
	index?: number;
}

function checkFields(patch: Record<string, unknown>): void {
	const nullableCount = ['votesFor', 'votesAgainst', 'abstentions', 'presentCount'];
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		if (nullableCount.includes(key)) checkCount(value as number | null, key);
		else if (key === 'due' || key === 'date') checkDate(value as string, key);
		else if (key === 'time') checkTime(value as string, key);
		else if (key === 'method' && !(DECISION_METHODS as readonly unknown[]).includes(value)) {
			throw new RangeError('method: expected consensus or vote');
		} else if (
			key === 'outcome' &&
			value !== null &&
			!(DECISION_OUTCOMES as readonly unknown[]).includes(value)
		) {
			throw new RangeError('outcome: unknown value');
		} else if (
			key === 'owners' &&
			!(Array.isArray(value) && value.every((v) => typeof v === 'string'))
		) {
			throw new RangeError('owners: expected a list of names');
		}
	}
}

function writeFields(map: Y.Map<unknown>, kind: BlockKind, patch: Record<string, unknown>): void {
	const textKey = TEXT_FIELD[kind];
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined || !FIELDS[kind].includes(key)) continue;
		if (key === textKey) {
			const t = map.get(key);
			if (t instanceof Y.Text) setText(t, String(value));
			else map.set(key, new Y.Text(String(value)));
		} else if (key === 'owners') {
			const owners = (value as string[]).map((o) => o.trim()).filter(Boolean);
			if (JSON.stringify(asStringArray(map.get(key))) !== JSON.stringify(owners))
				map.set(key, owners);
		} else if (map.get(key) !== value) {
			map.set(key, value);
		}
	}
}

const FIELDS: Record<BlockKind, string[]> = {
	decision: [
		'text',
		'method',
		'votesFor',
		'votesAgainst',
		'abstentions',
		'presentCount',
		'outcome'
	],
	action: ['what', 'owners', 'due', 'done'],
	event: ['title', 'date', 'time', 'place', 'link'],
	speakers: ['names']
};

const DEFAULTS: Record<BlockKind, Record<string, unknown>> = {
	decision: {
		text: '',
		method: 'consensus',
		votesFor: null,
		votesAgainst: null,
		abstentions: null,
		presentCount: null,
		outcome: null
	},
	action: { what: '', owners: [], due: '', done: false },
	event: { title: '', date: '', time: '', place: '', link: '' },
	speakers: { names: '' }
};

function addBlock(
	doc: Y.Doc,
	kind: BlockKind,
	input: Placement & Record<string, unknown>,
	origin: unknown
): string {
	const { id: givenId, itemId: givenItem, index, ...fields } = input;
	const itemId = givenItem ?? null;
	if (itemId !== null && !asMap(minutesRoots(doc).items.get(itemId))) {
		throw new RangeError('unknown agenda item');
	}
	checkFields(fields);
	const id = givenId ?? newId();
	return transact(doc, origin, () => {
		const { blocks } = minutesRoots(doc);
		const siblings = blocksOf(doc, itemId);
		const { pos, rekey } = positionAt(siblings, index ?? siblings.length);
		for (const r of rekey) asMap(blocks.get(r.id))?.set('pos', r.pos);
		writeNewBlock(blocks, id, kind, itemId, pos, fields);
		return id;
	});
}

function writeNewBlock(
	blocks: Y.Map<unknown>,
	id: string,
	kind: BlockKind,
	itemId: string | null,
	pos: string,
	fields: Record<string, unknown>
): void {
	const map = new Y.Map<unknown>();
	blocks.set(id, map);
	map.set('kind', kind);
	map.set('itemId', itemId);
	map.set('pos', pos);
	map.set(TEXT_FIELD[kind], new Y.Text());
	writeFields(map, kind, { ...DEFAULTS[kind], ...fields });
}

export type NewBlock =
	| ({ kind: 'decision' } & Omit<DecisionInput, 'index'>)
	| ({ kind: 'action' } & Omit<ActionInput, 'index'>)
	| ({ kind: 'event' } & Omit<EventInput, 'index'>)
	| ({ kind: 'speakers' } & Omit<SpeakersInput, 'index'>);

/**
 * Add `list` after the blocks already on their items (or the meeting); returns their ids. The
 * same blocks `recordDecision`, `addAction` and `addEvent` would make one by one, but the blocks
 * are read once and each item's positions are made in one go, so adding many (import) costs
 * their number rather than its square.
 */
export function appendBlocks(doc: Y.Doc, list: NewBlock[], origin?: unknown): string[] {
	const { blocks, items } = minutesRoots(doc);
	type Entry = { id: string; kind: BlockKind; fields: Record<string, unknown> };
	const byItem = new Map<string | null, Entry[]>();
	const ids: string[] = [];
	for (const block of list) {
		const { kind, id: givenId, itemId: givenItem, ...fields } = block;
		const itemId = givenItem ?? null;
		if (itemId !== null && !asMap(items.get(itemId))) throw new RangeError('unknown agenda item');
		if (!(BLOCK_KINDS as readonly unknown[]).includes(kind)) throw new RangeError('unknown kind');
		checkFields(fields);
		const id = givenId ?? newId();
		ids.push(id);
		const entry = { id, kind, fields };
		const group = byItem.get(itemId);
		if (group) group.push(entry);
		else byItem.set(itemId, [entry]);
	}
	return transact(doc, origin, () => {
		const existing = new Map<string | null, Block[]>();
		for (const b of allBlocks(doc)) {
			const group = existing.get(b.itemId);
			if (group) group.push(b);
			else existing.set(b.itemId, [b]);
		}
		for (const [itemId, group] of byItem) {
			const siblings = (existing.get(itemId) ?? []).sort(comparePositioned);
			const { keys, rekey } = positionsAtEnd(siblings, group.length);
			for (const r of rekey) asMap(blocks.get(r.id))?.set('pos', r.pos);
			group.forEach(({ id, kind, fields }, i) =>
				writeNewBlock(blocks, id, kind, itemId, keys[i], fields)
			);
		}
		return ids;
	});
}

export type DecisionInput = Placement & Partial<DecisionFields>;
export type ActionInput = Placement & Partial<ActionFields>;
export type EventInput = Placement & Partial<EventFields>;
export type SpeakersInput = Placement & Partial<SpeakersFields>;

/** Record a decision on an item (or the meeting); returns its id. */
export function recordDecision(doc: Y.Doc, input: DecisionInput, origin?: unknown): string {
	return addBlock(doc, 'decision', input as Placement & Record<string, unknown>, origin);
}

/** Add an action item; returns its id. */
export function addAction(doc: Y.Doc, input: ActionInput, origin?: unknown): string {
	return addBlock(doc, 'action', input as Placement & Record<string, unknown>, origin);
}

/** Add an event or announcement; returns its id. */
export function addEvent(doc: Y.Doc, input: EventInput, origin?: unknown): string {
	return addBlock(doc, 'event', input as Placement & Record<string, unknown>, origin);
}

/** Add a list of speakers; returns its id. */
export function addSpeakers(doc: Y.Doc, input: SpeakersInput, origin?: unknown): string {
	return addBlock(doc, 'speakers', input as Placement & Record<string, unknown>, origin);
}

export type BlockPatch =
	Partial<DecisionFields> | Partial<ActionFields> | Partial<EventFields> | Partial<SpeakersFields>;

/** Change fields of a block; fields of another kind are ignored. False when the block is gone. */
export function updateBlock(doc: Y.Doc, id: string, patch: BlockPatch, origin?: unknown): boolean {
	const map = asMap(minutesRoots(doc).blocks.get(id));
	const kind = map?.get('kind');
	if (!map || !(BLOCK_KINDS as readonly unknown[]).includes(kind)) return false;
	checkFields(patch as Record<string, unknown>);
	transact(doc, origin, () =>
		writeFields(map, kind as BlockKind, patch as Record<string, unknown>)
	);
	return true;
}

/** Delete a block. */
export function removeBlock(doc: Y.Doc, id: string, origin?: unknown): boolean {
	const { blocks } = minutesRoots(doc);
	if (!blocks.has(id)) return false;
	transact(doc, origin, () => blocks.delete(id));
	return true;
}

/** Move a block to another item (or the meeting level) and/or index. */
export function moveBlock(
	doc: Y.Doc,
	id: string,
	target: { itemId: string | null; index?: number },
	origin?: unknown
): boolean {
	const { blocks, items } = minutesRoots(doc);
	const map = asMap(blocks.get(id));
	if (!map) return false;
	if (target.itemId !== null && !asMap(items.get(target.itemId))) return false;
	transact(doc, origin, () => {
		const siblings = blocksOf(doc, target.itemId).filter((b) => b.id !== id);
		const { pos, rekey } = positionAt(siblings, target.index ?? siblings.length);
		for (const r of rekey) asMap(blocks.get(r.id))?.set('pos', r.pos);
		if (map.get('itemId') !== target.itemId) map.set('itemId', target.itemId);
		map.set('pos', pos);
	});
	return true;
}
