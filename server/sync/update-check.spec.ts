import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteSetUpdate, longHistory } from '../../tests/utils/hostile-updates.ts';
import { DeletionIndex } from './deletion-index.ts';
import { wouldChange } from './update-check.ts';

describe('wouldChange', () => {
	it('tells new content and new deletions from repeats', () => {
		const relay = new Y.Doc();
		const index = new DeletionIndex(relay);
		const client = new Y.Doc();
		client.getText('t').insert(0, 'hello world');
		client.getText('t').delete(0, 6);
		Y.applyUpdate(relay, Y.encodeStateAsUpdate(client));
		// What a client sends in answer to a sync step 1: the diff plus its whole delete set.
		const repeat = Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay));
		expect(wouldChange(relay, index, repeat)).toBe(false);
		client.getText('t').insert(0, '!');
		expect(
			wouldChange(relay, index, Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay)))
		).toBe(true);
		const deleting = new Y.Doc();
		Y.applyUpdate(deleting, Y.encodeStateAsUpdate(relay));
		deleting.getText('t').delete(0, 1);
		expect(
			wouldChange(relay, index, Y.encodeStateAsUpdate(deleting, Y.encodeStateVector(relay)))
		).toBe(true);
	});

	it('costs what the update costs, not what the document costs', () => {
		const relay = new Y.Doc();
		const index = new DeletionIndex(relay);
		longHistory(200_000, relay);
		const client = relay.clientID;
		expect(wouldChange(relay, index, deleteSetUpdate([[client, 3, 1]]))).toBe(false);
		expect(wouldChange(relay, index, deleteSetUpdate([[client, 0, 2 ** 31]]))).toBe(true);
		expect(wouldChange(relay, index, deleteSetUpdate([[client + 1, 0, 1]]))).toBe(true);
		const started = performance.now();
		for (let n = 0; n < 10_000; n++) wouldChange(relay, index, deleteSetUpdate([[client, 3, 1]]));
		// Walking 200,000 structs takes milliseconds; 10,000 checks take about that in all.
		expect(performance.now() - started).toBeLessThan(2_000);
	});
});
