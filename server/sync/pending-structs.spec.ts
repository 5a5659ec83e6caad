import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mayLeavePending, pendingBytes } from './pending-structs.ts';

/** What `change` adds to `doc`, as one update. */
function changeOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
	const before = Y.encodeStateVector(doc);
	change(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

describe('pending structs', () => {
	it('tells updates that depend on what the document lacks', () => {
		const relay = new Y.Doc();
		const writer = new Y.Doc();
		const first = changeOf(writer, (doc) => doc.getText('t').insert(0, 'hello'));
		const next = changeOf(writer, (doc) => doc.getText('t').insert(5, ' world'));
		const deletion = changeOf(writer, (doc) => doc.getText('t').delete(0, 2));
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.mergeUpdates([first, next]));
		const reply = changeOf(other, (doc) => doc.getText('t').insert(3, '!'));

		expect(mayLeavePending(relay, next)).toBe(true);
		expect(mayLeavePending(relay, deletion)).toBe(true);
		expect(mayLeavePending(relay, reply)).toBe(true);
		expect(mayLeavePending(relay, first)).toBe(false);
		expect(mayLeavePending(relay, Y.mergeUpdates([first, next, reply, deletion]))).toBe(false);

		Y.applyUpdate(relay, next);
		expect(pendingBytes(relay)).toBeGreaterThan(0);
		Y.applyUpdate(relay, first);
		expect(pendingBytes(relay)).toBe(0);
		expect(mayLeavePending(relay, reply)).toBe(false);
		expect(mayLeavePending(relay, deletion)).toBe(false);
	});
});
