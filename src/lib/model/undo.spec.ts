import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addAgendaItem,
	agendaList,
	deleteItem,
	indentItem,
	itemNotes,
	renameItem,
	setItemNotes
} from './agenda';
import { allBlocks, recordDecision } from './blocks';
import { checkMeeting } from './check';
import { addComment, commentThreads, resolveThread } from './comments';
import { createMeeting, header, setTitle } from './minutes';
import { notesToPlainText } from './notes';
import { createUndoManager } from './undo';

const ME = { user: 'me' };
const OTHER = { user: 'other' };
const outline = (doc: Y.Doc) => agendaList(doc).map((n) => `${n.number} ${n.title}`);

function setup() {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: 'meeting_000000000000000001', title: 'T' });
	return doc;
}

describe('undo', () => {
	it('undoes one operation per step, even in quick succession', () => {
		const doc = setup();
		const undo = createUndoManager(doc, ME);
		const a = addAgendaItem(doc, { title: 'A' }, ME);
		const b = addAgendaItem(doc, { title: 'B' }, ME);
		indentItem(doc, b, ME);
		renameItem(doc, a, 'Alpha', ME);
		expect(outline(doc)).toEqual(['1 Alpha', '1.a B']);
		undo.undo();
		expect(outline(doc)).toEqual(['1 A', '1.a B']);
		undo.undo();
		expect(outline(doc)).toEqual(['1 A', '2 B']);
		undo.undo();
		expect(outline(doc)).toEqual(['1 A']);
		undo.redo();
		expect(outline(doc)).toEqual(['1 A', '2 B']);
		expect(checkMeeting(doc)).toEqual([]);
		undo.destroy();
	});

	it("never touches another user's changes", () => {
		const doc = setup();
		const mine = createUndoManager(doc, ME);
		const theirs = createUndoManager(doc, OTHER);
		const a = addAgendaItem(doc, { title: 'A' }, ME);
		addAgendaItem(doc, { title: 'B' }, OTHER);
		setTitle(doc, 'Their title', OTHER);
		renameItem(doc, a, 'Mine', ME);
		mine.undo();
		expect(outline(doc)).toEqual(['1 A', '2 B']);
		expect(header(doc).title).toBe('Their title');
		mine.undo();
		expect(outline(doc)).toEqual(['1 B']);
		theirs.undo();
		expect(header(doc).title).toBe('T');
		expect(outline(doc)).toEqual(['1 B']);
	});

	it("does not undo a remote replica's changes", () => {
		const doc = setup();
		const remote = new Y.Doc();
		Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
		const undo = createUndoManager(doc, ME);
		addAgendaItem(doc, { title: 'Mine' }, ME);
		addAgendaItem(remote, { title: 'Remote' });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'provider');
		undo.undo();
		expect(outline(doc)).toEqual(['1 Remote']);
	});

	it('brings back a deleted item with its notes and blocks', () => {
		const doc = setup();
		const undo = createUndoManager(doc, ME);
		const a = addAgendaItem(doc, { title: 'A' }, ME);
		setItemNotes(doc, a, 'important notes', ME);
		recordDecision(doc, { itemId: a, text: 'decided' }, ME);
		deleteItem(doc, a, ME);
		expect(outline(doc)).toEqual([]);
		undo.undo();
		expect(outline(doc)).toEqual(['1 A']);
		const restored = agendaList(doc)[0].id;
		expect(notesToPlainText(itemNotes(doc, restored))).toBe('important notes');
		expect(allBlocks(doc)).toMatchObject([{ itemId: restored, text: 'decided' }]);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('works on the comments document', () => {
		const doc = new Y.Doc();
		const undo = createUndoManager(doc, ME, { kind: 'comments' });
		const { threadId } = addComment(doc, { author: 'Sam', text: 'typo', time: 't1' }, ME);
		resolveThread(doc, threadId, true, { author: 'Lena', time: 't2' }, ME);
		undo.undo();
		expect(commentThreads(doc)[0].resolved).toBe(false);
		undo.undo();
		expect(commentThreads(doc)).toEqual([]);
	});
});
