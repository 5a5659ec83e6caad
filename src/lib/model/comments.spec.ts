import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, commentThreads, deleteComment, resolveThread } from './comments';

describe('comments', () => {
	it('threads review and public comments on items or the meeting', () => {
		const doc = new Y.Doc();
		const first = addComment(doc, {
			itemId: 'item000000000001',
			author: 'Sam',
			text: ' Typo in the title ',
			time: '2026-03-13T10:00:00Z'
		});
		addComment(doc, {
			threadId: first.threadId,
			author: 'Lena',
			text: 'Fixed',
			time: '2026-03-13T11:00:00Z'
		});
		addComment(doc, {
			kind: 'public',
			author: 'Joy',
			text: 'Thanks!',
			time: '2026-03-20T09:00:00Z'
		});
		expect(doc.getMap('meta').get('schemaVersion')).toBe(1);
		const review = commentThreads(doc, { kind: 'review' });
		expect(review).toHaveLength(1);
		expect(review[0]).toMatchObject({
			kind: 'review',
			itemId: 'item000000000001',
			resolved: false,
			messages: [
				{ author: 'Sam', text: 'Typo in the title' },
				{ author: 'Lena', text: 'Fixed' }
			]
		});
		expect(commentThreads(doc, { itemId: null })).toMatchObject([
			{ kind: 'public', messages: [{ author: 'Joy' }] }
		]);
		expect(resolveThread(doc, first.threadId, true, { author: 'Lena', time: 't' })).toBe(true);
		expect(commentThreads(doc, { kind: 'review' })[0]).toMatchObject({
			resolved: true,
			resolvedBy: 'Lena',
			resolvedAt: 't'
		});
		expect(resolveThread(doc, 'missing')).toBe(false);
		expect(() => addComment(doc, { author: 'x', text: '  ' })).toThrow(RangeError);
	});

	it('deletes messages and empty threads', () => {
		const doc = new Y.Doc();
		const c = addComment(doc, { author: 'Sam', text: 'one' });
		expect(deleteComment(doc, c.threadId, c.messageId)).toBe(true);
		expect(commentThreads(doc)).toEqual([]);
		expect(deleteComment(doc, c.threadId, c.messageId)).toBe(false);
	});

	it('merges concurrent replies and reads junk defensively', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const { threadId } = addComment(a, { author: 'Sam', text: 'q' });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		addComment(a, { threadId, author: 'A', text: 'from a' });
		addComment(b, { threadId, author: 'B', text: 'from b' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(commentThreads(a)).toEqual(commentThreads(b));
		expect(commentThreads(a)[0].messages).toHaveLength(3);
		a.getMap('threads').set('junk', 'x');
		const t = new Y.Map<unknown>();
		a.getMap('threads').set('odd', t);
		t.set('kind', 'secret');
		t.set('messages', 'none');
		expect(commentThreads(a).find((x) => x.id === 'odd')).toMatchObject({
			kind: 'review',
			messages: []
		});
	});
});
