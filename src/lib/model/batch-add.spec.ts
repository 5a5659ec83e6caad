/** Adding many items, blocks or people at once makes what adding them one by one makes. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, itemNotes } from './agenda';
import { appendAgendaTree, type NewItemTree } from './agenda-append';
import { addAction, appendBlocks, recordDecision, type NewBlock } from './blocks';
import { setIdGenerator } from './ids';
import { addPeople, addPerson, createMeeting, meetingSnapshot } from './minutes';
import { readNotes } from './notes';
import { sequentialIds } from './test-helpers';

afterEach(() => setIdGenerator());

/** A meeting with an item, a block and a person already there, with the same ids each time. */
function startedMeeting(): Y.Doc {
	setIdGenerator(sequentialIds());
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: 'meeting_000000000000000001', createdAt: '2026-01-01' });
	const first = addAgendaItem(doc, { title: 'Already there' });
	recordDecision(doc, { itemId: first, text: 'Earlier' });
	addPerson(doc, { name: 'Ana' });
	return doc;
}

const tree: NewItemTree[] = [
	{ title: 'One', notes: 'a paragraph' },
	{
		title: 'Two',
		presenter: 'Bo',
		timeBox: 10,
		children: [{ title: 'Two a', children: [{ title: 'Two a i' }] }, { title: 'Two b' }]
	},
	...Array.from({ length: 80 }, (_, i) => ({ title: `Item ${i}`, isPrivate: i % 2 === 0 }))
];

function addOneByOne(doc: Y.Doc, nodes: NewItemTree[], parentId: string | null): void {
	for (const { children, ...item } of nodes) {
		const id = addAgendaItem(doc, { ...item, parentId });
		addOneByOne(doc, children ?? [], id);
	}
}

function snapshot(doc: Y.Doc) {
	const items = [...doc.getMap('items').keys()].sort();
	return { ...meetingSnapshot(doc), notes: items.map((id) => readNotes(itemNotes(doc, id))) };
}

describe('adding many at once', () => {
	it('makes the same agenda, blocks and attendance as one at a time', () => {
		const a = startedMeeting();
		addOneByOne(a, tree, null);
		const itemOf = (doc: Y.Doc) => [...doc.getMap('items').keys()].sort()[1];
		const blocks = (itemId: string): NewBlock[] => [
			{ kind: 'decision', itemId, text: 'Yes', method: 'vote', votesFor: 3, votesAgainst: 1 },
			{ kind: 'action', itemId: null, what: 'Call', owners: ['Ana'], due: '2026-02-01' },
			{ kind: 'action', itemId, what: 'Write', done: true }
		];
		for (const { kind, ...block } of blocks(itemOf(a))) {
			if (kind === 'decision') recordDecision(a, block);
			else addAction(a, block);
		}
		for (const name of ['Bo', 'Cy']) addPerson(a, { name, roles: ['facilitator'] });

		const b = startedMeeting();
		appendAgendaTree(b, null, tree);
		appendBlocks(b, blocks(itemOf(b)));
		addPeople(b, [
			{ name: 'Bo', roles: ['facilitator'] },
			{ name: 'Cy', roles: ['facilitator'] }
		]);

		expect(snapshot(b)).toEqual(snapshot(a));
	});

	it('refuses an unknown parent or item and a bad count before writing anything', () => {
		const doc = startedMeeting();
		const before = Y.encodeStateAsUpdate(doc);
		expect(() => appendAgendaTree(doc, 'nope', [{ title: 'x' }])).toThrow(RangeError);
		expect(() => appendAgendaTree(doc, null, [{ title: 'x', timeBox: -1 }])).toThrow(RangeError);
		expect(() => appendBlocks(doc, [{ kind: 'action', itemId: 'nope', what: 'x' }])).toThrow(
			RangeError
		);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});
