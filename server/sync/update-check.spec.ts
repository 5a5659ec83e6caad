import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { wouldChange } from './update-check.ts';

describe('wouldChange', () => {
	it('tells new content and new deletions from repeats', () => {
		const relay = new Y.Doc();
		const client = new Y.Doc();
		client.getText('t').insert(0, 'hello world');
		client.getText('t').delete(0, 6);
		Y.applyUpdate(relay, Y.encodeStateAsUpdate(client));
		// What a client sends in answer to a sync step 1: the diff plus its whole delete set.
		const repeat = Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay));
		expect(wouldChange(relay, repeat)).toBe(false);
		client.getText('t').insert(0, '!');
		expect(wouldChange(relay, Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay)))).toBe(
			true
		);
		const deleting = new Y.Doc();
		Y.applyUpdate(deleting, Y.encodeStateAsUpdate(relay));
		deleting.getText('t').delete(0, 1);
		expect(wouldChange(relay, Y.encodeStateAsUpdate(deleting, Y.encodeStateVector(relay)))).toBe(
			true
		);
	});
});
