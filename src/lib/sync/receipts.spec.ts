import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { changeFromUpdate, countPending, settleChanges, type PendingChange } from './receipts';

function vector(doc: Y.Doc) {
	return Y.decodeStateVector(Y.encodeStateVector(doc));
}

function track(doc: Y.Doc) {
	const changes: PendingChange[] = [];
	doc.on('update', (update: Uint8Array) => changes.push(changeFromUpdate(update)));
	return changes;
}

describe('receipts', () => {
	test('a receipt settles exactly the changes the relay holds', () => {
		const local = new Y.Doc();
		const relay = new Y.Doc();
		let changes = track(local);
		local.getText('t').insert(0, 'a');
		local.getText('t').insert(1, 'b');
		Y.applyUpdate(relay, Y.encodeStateAsUpdate(local));
		local.getText('t').insert(2, 'c');
		expect(countPending(vector(local), vector(relay), changes)).toBe(3);
		changes = settleChanges(changes, vector(relay));
		expect(changes).toHaveLength(1);
		expect(countPending(vector(local), vector(relay), changes)).toBe(1);
		Y.applyUpdate(relay, Y.encodeStateAsUpdate(local));
		changes = settleChanges(changes, vector(relay));
		expect(countPending(vector(local), vector(relay), changes)).toBe(0);
	});

	test('a delete-only change is settled by the first receipt after it was sent', () => {
		const local = new Y.Doc();
		local.getText('t').insert(0, 'abc');
		const relay = new Y.Doc();
		Y.applyUpdate(relay, Y.encodeStateAsUpdate(local));
		const changes = track(local);
		local.getText('t').delete(0, 1);
		expect(changes[0].ends.size).toBe(0);
		expect(settleChanges(changes, vector(relay))).toHaveLength(1);
		changes[0].isSent = true;
		expect(settleChanges(changes, vector(relay))).toHaveLength(0);
	});

	test('changes from an earlier session count one per client the relay lacks', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getText('t').insert(0, 'from a');
		b.getText('t').insert(0, 'from b');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(countPending(vector(a), new Map(), [])).toBe(2);
		expect(countPending(vector(a), vector(b), [])).toBe(1);
		expect(countPending(vector(a), vector(a), [])).toBe(0);
	});
});
