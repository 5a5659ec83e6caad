import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	decodeMessage,
	encodeAwareness,
	encodePermissionDenied,
	encodeQueryAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	ProtocolError
} from './protocol.ts';

function closeCode(frame: Uint8Array): number | null {
	try {
		decodeMessage(frame);
		return null;
	} catch (error) {
		return error instanceof ProtocolError ? error.closeCode : -1;
	}
}

describe('protocol', () => {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, 'hello');
	const update = Y.encodeStateAsUpdate(doc);

	it('reads every message a y-websocket client sends', () => {
		expect(decodeMessage(encodeSyncStep1(Y.encodeStateVector(doc)))).toMatchObject({
			type: 'sync-step-1'
		});
		expect(decodeMessage(encodeSyncStep2(update))).toMatchObject({
			type: 'sync-step-2',
			isEmpty: false
		});
		expect(decodeMessage(encodeUpdate(update))).toMatchObject({ type: 'update', update });
		expect(decodeMessage(encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc())))).toMatchObject({
			isEmpty: true
		});
		expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
		expect(decodeMessage(encodePermissionDenied('x'))).toEqual({ type: 'auth' });
	});

	it('reads awareness states', () => {
		const frame = encodeAwareness(new Uint8Array([1, 7, 2, 2, ...new TextEncoder().encode('{}')]));
		expect(decodeMessage(frame)).toMatchObject({
			type: 'awareness',
			entries: [{ clientId: 7, clock: 2, state: {} }]
		});
	});

	it('gives the close code for what it cannot read', () => {
		expect(closeCode(new Uint8Array([]))).toBe(1007);
		expect(closeCode(new Uint8Array([9]))).toBe(1003);
		expect(closeCode(new Uint8Array([0, 5, 0]))).toBe(1003);
		expect(closeCode(encodeUpdate(update).slice(0, -1))).toBe(1007);
		expect(closeCode(new Uint8Array([...encodeUpdate(update), 0]))).toBe(1007);
		expect(closeCode(encodeUpdate(new Uint8Array([1, 2, 3, 4, 5])))).toBe(1007);
		const badJson = encodeAwareness(new Uint8Array([1, 7, 2, 1, 123]));
		expect(closeCode(badJson)).toBe(1007);
	});
});
