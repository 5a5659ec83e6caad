import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment } from './comments';
import { addAgendaItem, agendaTree, updateItem } from './agenda';
import { createMeeting, meetingStatus, header } from './minutes';
import {
	changeStatus,
	heldBackTitles,
	hideComment,
	publication,
	publishedComments,
	publishedRevisions,
	recordPublication,
	recordWithdrawal,
	showComment,
	statusHistory
} from './publication';

const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

function meeting() {
	const doc = new Y.Doc();
	createMeeting(doc, { title: 'Chapter meeting' });
	return doc;
}

describe('status changes', () => {
	it('records each change with who and when, back as well as forward', () => {
		const doc = meeting();
		expect(changeStatus(doc, 'review', { by: 'Ann', at: '2026-01-01T10:00:00Z' })).toBe(true);
		expect(changeStatus(doc, 'review', { by: 'Ann' })).toBe(false);
		changeStatus(doc, 'approved', { by: 'Bo', at: '2026-01-02T10:00:00Z' });
		changeStatus(doc, 'draft', { by: 'Ann', at: '2026-01-03T10:00:00Z' });
		expect(meetingStatus(doc).status).toBe('draft');
		expect(statusHistory(doc).map((c) => [c.status, c.by])).toEqual([
			['review', 'Ann'],
			['approved', 'Bo'],
			['draft', 'Ann']
		]);
		expect(() => changeStatus(doc, 'archived' as never)).toThrow(RangeError);
	});

	it('keeps both entries when two devices change the status at once', () => {
		const a = meeting();
		const b = new Y.Doc();
		sync(a, b);
		changeStatus(a, 'review', { by: 'Ann' });
		changeStatus(b, 'approved', { by: 'Bo' });
		sync(a, b);
		expect(statusHistory(a)).toHaveLength(2);
		expect(statusHistory(b)).toEqual(statusHistory(a));
		expect(meetingStatus(a).status).toBe(meetingStatus(b).status);
	});

	it('skips log entries that are not status changes', () => {
		const doc = meeting();
		doc.getArray('statusLog').push([{ status: 'secret' }, 'x', null, { status: 'review', by: 1 }]);
		expect(statusHistory(doc)).toEqual([{ status: 'review', by: '', at: '' }]);
	});
});

describe('publication', () => {
	it('publishes, withdraws and publishes again', () => {
		const doc = meeting();
		expect(publication(doc)).toEqual({ revision: 0, publishedAt: '', isPublic: false });
		recordPublication(doc, 1, { at: '2026-03-05T19:00:00.000Z' });
		expect(publication(doc)).toEqual({
			revision: 1,
			publishedAt: '2026-03-05T19:00:00.000Z',
			isPublic: true
		});
		expect(meetingStatus(doc)).toEqual({ status: 'published', revision: 1 });
		expect(header(doc).publishedOn).toBe('2026-03-05');
		recordWithdrawal(doc, { by: 'Ann' });
		expect(publication(doc).isPublic).toBe(false);
		expect(meetingStatus(doc).status).toBe('approved');
		recordPublication(doc, 2, { at: '2026-04-01T19:00:00.000Z' });
		expect(publication(doc)).toMatchObject({ revision: 2, isPublic: true });
		// "Published on" is the first publication's date.
		expect(header(doc).publishedOn).toBe('2026-03-05');
		expect(statusHistory(doc).map((c) => c.status)).toEqual([
			'published',
			'withdrawn',
			'published'
		]);
		expect(publishedRevisions(doc)).toEqual([1, 2]);
		expect(() => recordPublication(doc, 0)).toThrow(RangeError);
	});

	it('names the items held back, outermost only', () => {
		const doc = meeting();
		const open = addAgendaItem(doc, { title: 'Open' });
		const held = addAgendaItem(doc, { title: 'Personnel' });
		const sub = addAgendaItem(doc, { title: 'Sub', parentId: held });
		const deep = addAgendaItem(doc, { title: 'Deep', parentId: open });
		expect(heldBackTitles(agendaTree(doc))).toEqual([]);
		updateItem(doc, held, { isPrivate: true });
		updateItem(doc, sub, { isPrivate: true });
		updateItem(doc, deep, { isPrivate: true });
		expect(heldBackTitles(agendaTree(doc))).toEqual(['Deep', 'Personnel']);
	});
});

describe('moderation', () => {
	it('hides a published comment from the public page until shown again', () => {
		const minutes = meeting();
		const comments = new Y.Doc();
		const first = addComment(comments, { kind: 'public', author: 'Cy', text: 'Thanks!' });
		const spam = addComment(comments, { kind: 'public', author: 'Spam', text: 'Buy now' });
		addComment(comments, { kind: 'review', author: 'Ann', text: 'Check names' });
		hideComment(minutes, spam.messageId, { by: 'Ann' });
		expect(publishedComments(comments, minutes).map((t) => t.messages[0].text)).toEqual([
			'Thanks!'
		]);
		showComment(minutes, spam.messageId);
		expect(publishedComments(comments, minutes)).toHaveLength(2);
		expect(first.threadId).toBeTruthy();
	});
});
