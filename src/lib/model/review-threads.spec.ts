import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, agendaTree, deleteItem, moveItemBy } from './agenda';
import { addComment, commentThreads, resolveThread } from './comments';
import { createMeeting } from './minutes';
import { minutesRoots } from './schema';
import { openCountWords, placeReviewThreads } from './review-threads';

/** Two devices of one document, exchanging everything each has the other lacks. */
function pair(): [Y.Doc, Y.Doc, () => void] {
	const a = new Y.Doc();
	const b = new Y.Doc();
	const sync = () => {
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	};
	return [a, b, sync];
}

const itemIds = (minutes: Y.Doc) => new Set(minutesRoots(minutes).items.keys());
const places = (comments: Y.Doc, minutes: Y.Doc) =>
	placeReviewThreads(commentThreads(comments), itemIds(minutes));

describe('review threads under concurrent edits', () => {
	it('keeps replies written on two devices at once, in the same order on both', () => {
		const [a, b, sync] = pair();
		const { threadId } = addComment(a, { author: 'Cai', text: 'Venue missing' });
		sync();
		addComment(a, { threadId, author: 'Eli', text: 'Added it' });
		addComment(a, { threadId, author: 'Eli', text: 'Please check' });
		addComment(b, { threadId, author: 'Cai', text: 'Thanks' });
		sync();
		expect(commentThreads(a)).toEqual(commentThreads(b));
		const texts = commentThreads(a)[0].messages.map((m) => m.text);
		expect(texts).toHaveLength(4);
		expect(texts.slice(0, 1)).toEqual(['Venue missing']);
		expect(texts.indexOf('Added it')).toBeLessThan(texts.indexOf('Please check'));
	});

	it('two devices starting the same new thread id both keep their first comment', () => {
		const [a, b, sync] = pair();
		addComment(a, { threadId: 'thread0000000001', author: 'A', text: 'from a' });
		addComment(b, { threadId: 'thread0000000001', author: 'B', text: 'from b' });
		sync();
		expect(commentThreads(a)).toEqual(commentThreads(b));
		expect(commentThreads(a)).toHaveLength(1);
	});

	it('a reply written while another device resolves opens the thread again', () => {
		const [a, b, sync] = pair();
		const { threadId } = addComment(a, { author: 'Cai', text: 'Wrong date' });
		sync();
		resolveThread(a, threadId, true, { author: 'Eli' });
		addComment(b, { threadId, author: 'Cai', text: 'Still wrong' });
		expect(commentThreads(a)[0].resolved).toBe(true);
		sync();
		expect(commentThreads(a)).toEqual(commentThreads(b));
		expect(commentThreads(a)[0]).toMatchObject({ resolved: false, resolvedBy: '' });
		expect(commentThreads(a)[0].messages.map((m) => m.text)).toEqual(['Wrong date', 'Still wrong']);
		// Resolved again once the reply was seen; a later reply opens it again too.
		resolveThread(b, threadId, true, { author: 'Eli' });
		sync();
		expect(commentThreads(a)[0]).toMatchObject({ resolved: true, resolvedBy: 'Eli' });
		addComment(a, { threadId, author: 'Cai', text: 'One more thing' });
		expect(commentThreads(a)[0].resolved).toBe(false);
	});

	it('reopens, and a resolve and a reopen at once end the same on both devices', () => {
		const [a, b, sync] = pair();
		const { threadId } = addComment(a, { author: 'Cai', text: 'q' });
		resolveThread(a, threadId, true, { author: 'Eli' });
		sync();
		expect(commentThreads(b)[0].resolved).toBe(true);
		resolveThread(b, threadId, false);
		sync();
		expect(commentThreads(a)[0]).toMatchObject({ resolved: false, resolvedBy: '', resolvedAt: '' });
		resolveThread(a, threadId, true, { author: 'Eli' });
		resolveThread(b, threadId, false);
		sync();
		expect(commentThreads(a)).toEqual(commentThreads(b));
	});

	it('a comment on an item moved meanwhile stays on that item', () => {
		const [ma, mb, syncMinutes] = pair();
		const [ca, cb, syncComments] = pair();
		createMeeting(ma, { meetingId: 'meeting000000000000000001' });
		const first = addAgendaItem(ma, { title: 'Budget' });
		const second = addAgendaItem(ma, { title: 'Repairs' });
		syncMinutes();
		// Device b comments on "Repairs" while device a moves it to the top.
		addComment(cb, { itemId: second, author: 'Cai', text: 'Roof?' });
		moveItemBy(ma, second, -1);
		syncMinutes();
		syncComments();
		expect(agendaTree(mb).map((n) => n.title)).toEqual(['Repairs', 'Budget']);
		for (const [comments, minutes] of [
			[ca, ma],
			[cb, mb]
		] as const) {
			const placed = places(comments, minutes);
			expect(placed.byItem.get(second)?.map((t) => t.messages[0].text)).toEqual(['Roof?']);
			expect(placed.byItem.has(first)).toBe(false);
			expect(placed.openByItem.get(second)).toBe(1);
			expect(placed.meeting).toEqual([]);
		}
	});

	it('a comment on an item deleted meanwhile is shown under the meeting, marked, never on another item', () => {
		const [ma, mb, syncMinutes] = pair();
		const [ca, cb, syncComments] = pair();
		createMeeting(ma, { meetingId: 'meeting000000000000000001' });
		const kept = addAgendaItem(ma, { title: 'Budget' });
		const doomed = addAgendaItem(ma, { title: 'Repairs' });
		syncMinutes();
		addComment(cb, { author: 'Cai', text: 'On the meeting' });
		addComment(cb, { itemId: doomed, author: 'Cai', text: 'Roof?' });
		const undo = new Y.UndoManager(minutesRoots(ma).items, { trackedOrigins: new Set(['me']) });
		deleteItem(ma, doomed, 'me');
		// A new item in the same place on device a gets a new id, not the comment.
		const added = addAgendaItem(ma, { title: 'Repairs (new)' });
		syncMinutes();
		syncComments();
		for (const [comments, minutes] of [
			[ca, ma],
			[cb, mb]
		] as const) {
			const placed = places(comments, minutes);
			expect(placed.byItem.size).toBe(0);
			expect(placed.meeting.map((t) => [t.messages[0].text, t.isItemDeleted])).toEqual([
				['On the meeting', false],
				['Roof?', true]
			]);
			expect(placed.meeting[1].itemId).toBe(doomed);
			expect(placed.openOnMeeting).toBe(2);
			expect(placed.openTotal).toBe(2);
			expect(placed.openByItem.has(added)).toBe(false);
			expect(placed.openByItem.has(kept)).toBe(false);
		}
		// Undoing the delete brings the item back with its id, and the thread goes back to it.
		undo.undo();
		syncMinutes();
		expect(places(cb, mb).byItem.get(doomed)?.[0].messages[0].text).toBe('Roof?');
		expect(places(cb, mb).meeting.map((t) => t.isItemDeleted)).toEqual([false]);
	});

	it('counts open threads per item and in all, leaving public comments out', () => {
		const comments = new Y.Doc();
		const a = addComment(comments, { itemId: 'item-a', author: 'x', text: '1' });
		const b = addComment(comments, { itemId: 'item-a', author: 'x', text: '2' });
		addComment(comments, { kind: 'public', author: 'y', text: 'public' });
		resolveThread(comments, a.threadId);
		const placed = placeReviewThreads(commentThreads(comments), new Set(['item-a']));
		expect(placed.openByItem.get('item-a')).toBe(1);
		expect(placed.openTotal).toBe(1);
		expect(placed.meeting).toEqual([]);
		expect(openCountWords(placed.byItem.get('item-a')!)).toBe('1 open');
		resolveThread(comments, b.threadId);
		expect(openCountWords(commentThreads(comments, { kind: 'review' }))).toBe('2 resolved');
		expect(openCountWords([])).toBe('none yet');
	});
});
