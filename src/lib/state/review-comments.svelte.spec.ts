import { afterEach, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, deleteItem } from '$lib/model/agenda';
import { createMeeting } from '$lib/model/minutes';
import { recordPublication } from '$lib/model/publication';
import { ReviewComments, type CommentsHandle } from './review-comments.svelte';

const open: ReviewComments[] = [];
afterEach(() => {
	for (const review of open.splice(0)) review.destroy();
});

function setUp(role: 'edit' | 'comment' | 'view', comments = new Y.Doc(), minutes = newMinutes()) {
	let released = 0;
	const handle: CommentsHandle = {
		doc: comments,
		whenLoaded: Promise.resolve(),
		release: () => released++
	};
	const names: string[] = [];
	const review = new ReviewComments({
		minutes,
		groupId: 'group00000000000001',
		meetingId: 'meeting0000000000001',
		role,
		author: role === 'edit' ? 'Eli' : 'Cai',
		open: (name) => {
			names.push(name);
			return handle;
		}
	});
	open.push(review);
	return { review, minutes, comments, names, released: () => released };
}

function newMinutes() {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: 'meeting0000000000001' });
	return doc;
}

describe('ReviewComments', () => {
	test('opens the meeting’s comments document and follows threads, items and counts', () => {
		const { review, minutes, names, released } = setUp('comment');
		expect(names).toEqual(['group00000000000001/meeting0000000000001/comments']);
		const item = addAgendaItem(minutes, { title: 'Budget' });
		const onItem = review.add('Which year?', item);
		review.add('Venue?', null);
		expect(review.threadsAt(item).map((t) => t.messages[0].author)).toEqual(['Cai']);
		expect([review.openAt(item), review.openAt(null), review.places.openTotal]).toEqual([1, 1, 2]);
		review.reply(onItem, 'This year');
		review.resolve(onItem);
		expect(review.threadsAt(item)[0]).toMatchObject({ resolved: true, resolvedBy: 'Cai' });
		expect(review.places.openTotal).toBe(1);
		review.reopen(onItem);
		expect(review.openAt(item)).toBe(1);
		// The item deleted: its thread moves under the meeting, marked.
		deleteItem(minutes, item);
		expect(review.threadsAt(null).map((t) => t.isItemDeleted)).toEqual([false, true]);
		expect(review.openAt(null)).toBe(2);
		review.destroy();
		open.length = 0;
		expect(released()).toBe(1);
	});

	test('viewers read only; only editors hide member comments, and see them marked', () => {
		const comments = new Y.Doc();
		const minutes = newMinutes();
		const editor = setUp('edit', comments, minutes).review;
		const commenter = setUp('comment', comments, minutes).review;
		const viewer = setUp('view', comments, minutes).review;
		expect(() => viewer.add('x', null)).toThrow(/only view/);
		expect(editor.publishedRevision).toBe(0);
		recordPublication(minutes, 1);
		expect(viewer.publishedRevision).toBe(1);
		commenter.addPublic('Great minutes');
		const id = editor.publicThreads[0].messages[0].id;
		expect(() => commenter.hide(id)).toThrow(/comment on these minutes/);
		editor.hide(id);
		expect(editor.publicThreads[0].messages[0]).toMatchObject({ isHidden: true });
		expect(commenter.publicThreads).toEqual([]);
		expect(viewer.publicThreads).toEqual([]);
		editor.show(id);
		expect(viewer.publicThreads[0].messages[0]).toMatchObject({
			text: 'Great minutes',
			author: 'Cai',
			isHidden: false
		});
		// Review threads never count as member comments, nor the other way round.
		expect(editor.places.openTotal).toBe(0);
	});
});
