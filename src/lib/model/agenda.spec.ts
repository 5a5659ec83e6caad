import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addAgendaItem,
	agendaItem,
	agendaList,
	agendaTree,
	deleteItem,
	indentItem,
	itemNotes,
	itemTitleText,
	MAX_AGENDA_DEPTH,
	moveItem,
	moveItemBy,
	numberLabel,
	outdentItem,
	renameItem,
	setItemNotes,
	updateItem
} from './agenda';
import { addAction, allBlocks, recordDecision } from './blocks';
import { assertMeeting, checkMeeting } from './check';
import { setIdGenerator } from './ids';
import { createMeeting } from './minutes';
import { notesToPlainText } from './notes';
import { minutesRoots } from './schema';
import { sequentialIds } from './test-helpers';

const MEETING = 'meeting_000000000000000001';

function newDoc(): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: MEETING, title: 'March' });
	return doc;
}

const outline = (doc: Y.Doc) => agendaList(doc).map((n) => `${n.number} ${n.title}`);

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

beforeEach(() => setIdGenerator(sequentialIds('item')));
afterEach(() => setIdGenerator());

describe('numbering', () => {
	it('labels levels 1, a, i and starts again', () => {
		expect([1, 2, 10].map((n) => numberLabel(0, n))).toEqual(['1', '2', '10']);
		expect([1, 2, 26, 27, 28].map((n) => numberLabel(1, n))).toEqual(['a', 'b', 'z', 'aa', 'ab']);
		expect([1, 4, 9, 14, 40].map((n) => numberLabel(2, n))).toEqual(['i', 'iv', 'ix', 'xiv', 'xl']);
		expect(numberLabel(3, 2)).toBe('2');
	});

	it('derives 1, 1.a, 1.a.i, 1.a.i.1 from the tree', () => {
		const doc = newDoc();
		const one = addAgendaItem(doc, { title: 'One' });
		const a = addAgendaItem(doc, { title: 'A', parentId: one });
		const i = addAgendaItem(doc, { title: 'I', parentId: a });
		addAgendaItem(doc, { title: 'Deep', parentId: i });
		addAgendaItem(doc, { title: 'Two' });
		expect(outline(doc)).toEqual(['1 One', '1.a A', '1.a.i I', '1.a.i.1 Deep', '2 Two']);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('letters unnumbered parts A, B without shifting the numbers', () => {
		const doc = newDoc();
		addAgendaItem(doc, { title: 'Workshop', numbered: false });
		addAgendaItem(doc, { title: 'Repairs' });
		const talk = addAgendaItem(doc, { title: 'Talk', numbered: false });
		addAgendaItem(doc, { title: 'Q&A', parentId: talk });
		expect(outline(doc)).toEqual(['A Workshop', '1 Repairs', 'B Talk', 'B.a Q&A']);
	});
});

describe('agenda operations', () => {
	it('adds items at an index and reads their fields', () => {
		const doc = newDoc();
		const b = addAgendaItem(doc, { title: 'B', presenter: 'Joy', timeBox: 20 });
		addAgendaItem(doc, { title: 'A', index: 0, isPrivate: true, notes: 'one\ntwo' });
		addAgendaItem(doc, { title: 'AB', index: 1 });
		expect(outline(doc)).toEqual(['1 A', '2 AB', '3 B']);
		expect(agendaItem(doc, b)).toMatchObject({ presenter: 'Joy', timeBox: 20, isPrivate: false });
		const a = agendaTree(doc)[0];
		expect(a.isPrivate).toBe(true);
		expect(notesToPlainText(itemNotes(doc, a.id))).toBe('one\ntwo');
		expect(() => addAgendaItem(doc, { parentId: 'nope' })).toThrow(RangeError);
		expect(() => addAgendaItem(doc, { timeBox: -1 })).toThrow(RangeError);
	});

	it('renames with a minimal edit and updates fields', () => {
		const doc = newDoc();
		const id = addAgendaItem(doc, { title: 'Repairs' });
		const text = itemTitleText(doc, id)!;
		const deltas: unknown[] = [];
		text.observe((e) => deltas.push(e.delta));
		expect(renameItem(doc, id, 'Repairs campaign')).toBe(true);
		expect(deltas).toEqual([[{ retain: 7 }, { insert: ' campaign' }]]);
		expect(updateItem(doc, id, { presenter: 'Ahmed', timeBox: 15, isPrivate: true })).toBe(true);
		expect(agendaItem(doc, id)).toMatchObject({
			title: 'Repairs campaign',
			presenter: 'Ahmed',
			timeBox: 15,
			isPrivate: true
		});
		expect(renameItem(doc, 'missing', 'x')).toBe(false);
		expect(updateItem(doc, 'missing', { presenter: 'x' })).toBe(false);
	});

	it('replaces notes', () => {
		const doc = newDoc();
		const id = addAgendaItem(doc, { title: 'x', notes: 'old' });
		expect(
			setItemNotes(doc, id, [
				'new',
				{
					type: 'bullet_list',
					items: [['a'].map((t) => ({ type: 'paragraph' as const, content: [{ text: t }] }))]
				}
			])
		).toBe(true);
		expect(notesToPlainText(itemNotes(doc, id))).toBe('new\n- a');
		expect(setItemNotes(doc, 'missing', 'x')).toBe(false);
	});

	it('deletes an item with its sub-items and their blocks', () => {
		const doc = newDoc();
		const one = addAgendaItem(doc, { title: 'One' });
		const child = addAgendaItem(doc, { title: 'Child', parentId: one });
		const two = addAgendaItem(doc, { title: 'Two' });
		recordDecision(doc, { itemId: child, text: 'x' });
		addAction(doc, { itemId: two, what: 'y' });
		expect(deleteItem(doc, one)).toBe(true);
		expect(outline(doc)).toEqual(['1 Two']);
		expect(allBlocks(doc).map((b) => b.itemId)).toEqual([two]);
		expect(deleteItem(doc, one)).toBe(false);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('moves, indents and outdents', () => {
		const doc = newDoc();
		const a = addAgendaItem(doc, { title: 'A' });
		const b = addAgendaItem(doc, { title: 'B' });
		const c = addAgendaItem(doc, { title: 'C' });
		expect(indentItem(doc, a)).toBe(false);
		expect(indentItem(doc, b)).toBe(true);
		expect(indentItem(doc, c)).toBe(true);
		expect(outline(doc)).toEqual(['1 A', '1.a B', '1.b C']);
		expect(indentItem(doc, c)).toBe(true);
		expect(outline(doc)).toEqual(['1 A', '1.a B', '1.a.i C']);
		expect(outdentItem(doc, b)).toBe(true);
		expect(outline(doc)).toEqual(['1 A', '2 B', '2.a C']);
		expect(outdentItem(doc, a)).toBe(false);
		expect(moveItem(doc, a, { parentId: c })).toBe(true);
		expect(outline(doc)).toEqual(['1 B', '1.a C', '1.a.i A']);
		expect(moveItem(doc, b, { parentId: a })).toBe(false);
		expect(moveItem(doc, b, { parentId: b })).toBe(false);
		expect(moveItem(doc, b, { parentId: 'gone' })).toBe(false);
		expect(moveItem(doc, a, { parentId: null, index: 0 })).toBe(true);
		expect(outline(doc)).toEqual(['1 A', '2 B', '2.a C']);
		expect(moveItemBy(doc, a, 1)).toBe(true);
		expect(outline(doc)).toEqual(['1 B', '1.a C', '2 A']);
		expect(moveItemBy(doc, a, 1)).toBe(false);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('outdents a middle child to just after its parent', () => {
		const doc = newDoc();
		const p = addAgendaItem(doc, { title: 'P' });
		addAgendaItem(doc, { title: 'Q' });
		addAgendaItem(doc, { title: 'x', parentId: p });
		const y = addAgendaItem(doc, { title: 'y', parentId: p });
		addAgendaItem(doc, { title: 'z', parentId: p });
		outdentItem(doc, y);
		expect(outline(doc)).toEqual(['1 P', '1.a x', '1.b z', '2 y', '3 Q']);
	});

	it('runs each operation in exactly one transaction', () => {
		const doc = newDoc();
		let count = 0;
		doc.on('afterTransaction', () => count++);
		const a = addAgendaItem(doc, { title: 'A', notes: 'n' });
		const b = addAgendaItem(doc, { title: 'B' });
		indentItem(doc, b);
		outdentItem(doc, b);
		moveItem(doc, b, { parentId: null, index: 0 });
		renameItem(doc, a, 'AA');
		updateItem(doc, a, { timeBox: 5 });
		setItemNotes(doc, a, 'x');
		deleteItem(doc, a);
		expect(count).toBe(9);
	});
});

describe('derived tree on merged states', () => {
	it('breaks a cycle from concurrent indents deterministically', () => {
		const d1 = newDoc();
		const a = addAgendaItem(d1, { title: 'A' });
		const b = addAgendaItem(d1, { title: 'B' });
		const d2 = new Y.Doc();
		sync(d1, d2);
		moveItem(d1, a, { parentId: b });
		moveItem(d2, b, { parentId: a });
		sync(d1, d2);
		expect(outline(d1)).toEqual(outline(d2));
		// the smaller id (A) is shown at the top, B stays under it as stored
		expect(outline(d1)).toEqual(['1 A', '1.a B']);
		expect(checkMeeting(d1)).toEqual([]);
	});

	it('shows an orphan at the top level when its parent was deleted concurrently', () => {
		const d1 = newDoc();
		const p = addAgendaItem(d1, { title: 'Parent' });
		addAgendaItem(d1, { title: 'Other' });
		const d2 = new Y.Doc();
		sync(d1, d2);
		deleteItem(d1, p);
		addAgendaItem(d2, { title: 'Child', parentId: p });
		sync(d1, d2);
		// the orphan keeps its own position, compared with the top-level items' positions
		expect(outline(d1)).toEqual(['1 Child', '2 Other']);
		expect(outline(d1)).toEqual(outline(d2));
		expect(checkMeeting(d1)).toEqual([]);
	});

	it('orders equal positions by id and can still insert between them', () => {
		const d1 = newDoc();
		const d2 = new Y.Doc();
		sync(d1, d2);
		setIdGenerator(sequentialIds('x'));
		const x = addAgendaItem(d1, { title: 'X' });
		setIdGenerator(sequentialIds('w'));
		const w = addAgendaItem(d2, { title: 'W' });
		sync(d1, d2);
		expect(agendaItem(d1, x)!.pos).toBe(agendaItem(d1, w)!.pos);
		expect(outline(d1)).toEqual(['1 W', '2 X']);
		addAgendaItem(d1, { title: 'between', index: 1 });
		expect(outline(d1)).toEqual(['1 W', '2 between', '3 X']);
		expect(checkMeeting(d1)).toEqual([]);
	});

	it('never duplicates an item moved concurrently on two devices', () => {
		const d1 = newDoc();
		const a = addAgendaItem(d1, { title: 'A' });
		const b = addAgendaItem(d1, { title: 'B' });
		const c = addAgendaItem(d1, { title: 'C' });
		const d2 = new Y.Doc();
		sync(d1, d2);
		moveItem(d1, c, { parentId: a });
		moveItem(d2, c, { parentId: b });
		sync(d1, d2);
		expect(agendaList(d1).filter((n) => n.id === c)).toHaveLength(1);
		expect(outline(d1)).toEqual(outline(d2));
		expect(checkMeeting(d2)).toEqual([]);
	});

	it('shows a foreign chain thousands deep flattened at the deepest level, without throwing', () => {
		const doc = newDoc();
		const items = minutesRoots(doc).items;
		doc.transact(() => {
			for (let i = 0; i < 3000; i++) {
				const m = new Y.Map<unknown>();
				items.set(`deep${String(i).padStart(12, '0')}`, m);
				m.set('parent', i ? `deep${String(i - 1).padStart(12, '0')}` : null);
				m.set('pos', 'a0');
			}
		});
		const list = agendaList(doc);
		expect(list).toHaveLength(3000);
		expect(Math.max(...list.map((n) => n.depth))).toBe(MAX_AGENDA_DEPTH);
		expect(list.filter((n) => n.depth === MAX_AGENDA_DEPTH)).toHaveLength(3000 - MAX_AGENDA_DEPTH);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('reads items with foreign or broken fields', () => {
		const doc = newDoc();
		const items = minutesRoots(doc).items;
		doc.transact(() => {
			items.set('junk', 42);
			const m = new Y.Map<unknown>();
			items.set('foreign', m);
			m.set('title', 'plain string title');
			m.set('parent', 'foreign');
			m.set('pos', 7);
			m.set('timeBox', 'long');
		});
		const tree = agendaTree(doc);
		expect(tree).toHaveLength(1);
		expect(tree[0]).toMatchObject({ title: 'plain string title', parentId: null, timeBox: null });
		expect(checkMeeting(doc)).toEqual(['item junk is not a map']);
		expect(() => assertMeeting(doc)).toThrow(/item junk is not a map/);
	});
});
