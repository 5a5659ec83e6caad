/**
 * The wire protocol: y-websocket's, one binary message per websocket frame.
 *
 *   message        = varUint(type) payload
 *   type 0 sync    = varUint(0) varUint8Array(stateVector)       sync step 1: "here is what I have"
 *                  | varUint(1) varUint8Array(update)            sync step 2: "here is what you lack"
 *                  | varUint(2) varUint8Array(update)            an update
 *   type 1 awareness = varUint8Array(awarenessUpdate)
 *                    awarenessUpdate = varUint(n) n × (varUint(clientId) varUint(clock) varString(json))
 *   type 2 auth    = varUint(0) varString(reason)                permission denied (relay → client)
 *   type 3 query awareness (no payload)                          "send me every awareness state"
 *
 * A session: the client and the relay each send sync step 1, each answers the other's with
 * sync step 2, then both send updates as they happen. The relay also sends a sync step 1 after
 * it has stored a connection's updates (a receipt): the client compares the state vector with
 * its own to know what is stored and answers with a sync step 2 (empty when all is stored).
 *
 * `decodeMessage` reads a frame completely and checks every part (a Yjs update is decoded in
 * full, an awareness state parsed as JSON) before anything acts on it: it throws a
 * `ProtocolError` carrying the close code (1007 undecodable, 1003 unknown type) instead.
 */
import { CLOSE_INVALID, CLOSE_UNSUPPORTED } from '../../src/lib/protocol/close-codes.ts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export const AUTH_PERMISSION_DENIED = 0;

export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** null when the client left */
	state: unknown;
}

/**
 * A document update as received. `pieces`: its structs plus its delete ranges, each of which can
 * grow the document's encoded state by more than its own bytes (sync/document-size.ts).
 */
export interface UpdateMessage {
	type: 'sync-step-2' | 'update';
	update: Uint8Array;
	isEmpty: boolean;
	pieces: number;
}

export type Message =
	| { type: 'sync-step-1'; stateVector: Uint8Array }
	| UpdateMessage
	| { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
	| { type: 'auth' }
	| { type: 'query-awareness' };

export class ProtocolError extends Error {
	constructor(
		readonly closeCode: number,
		message: string
	) {
		super(message);
		this.name = 'ProtocolError';
	}
}

export function decodeMessage(frame: Uint8Array): Message {
	try {
		const decoder = decoding.createDecoder(frame);
		const message = readMessage(decoder);
		if (decoding.hasContent(decoder)) throw new ProtocolError(CLOSE_INVALID, 'trailing bytes');
		return message;
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		throw new ProtocolError(CLOSE_INVALID, 'undecodable message');
	}
}

function readMessage(decoder: decoding.Decoder): Message {
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MESSAGE_SYNC: {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === SYNC_STEP_1) {
				Y.decodeStateVector(payload);
				return { type: 'sync-step-1', stateVector: payload };
			}
			if (step === SYNC_STEP_2 || step === SYNC_UPDATE) {
				const decoded = Y.decodeUpdate(payload);
				let pieces = decoded.structs.length;
				for (const ranges of decoded.ds.clients.values()) pieces += ranges.length;
				return {
					type: step === SYNC_STEP_2 ? 'sync-step-2' : 'update',
					update: payload,
					isEmpty: pieces === 0,
					pieces
				};
			}
			throw new ProtocolError(CLOSE_UNSUPPORTED, 'unknown sync message type');
		}
		case MESSAGE_AWARENESS: {
			const update = decoding.readVarUint8Array(decoder);
			return { type: 'awareness', update, entries: readAwarenessUpdate(update) };
		}
		case MESSAGE_AUTH:
			// Clients have nothing to say in auth messages; read and ignore what they send.
			while (decoding.hasContent(decoder)) decoding.readUint8(decoder);
			return { type: 'auth' };
		case MESSAGE_QUERY_AWARENESS:
			return { type: 'query-awareness' };
		default:
			throw new ProtocolError(CLOSE_UNSUPPORTED, 'unknown message type');
	}
}

function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	if (count > update.length) throw new ProtocolError(CLOSE_INVALID, 'bad awareness update');
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state: unknown = JSON.parse(decoding.readVarString(decoder));
		if (!Number.isSafeInteger(clientId) || !Number.isSafeInteger(clock)) {
			throw new ProtocolError(CLOSE_INVALID, 'bad awareness client');
		}
		entries.push({ clientId, clock, state });
	}
	if (decoding.hasContent(decoder)) throw new ProtocolError(CLOSE_INVALID, 'trailing bytes');
	return entries;
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
	return encode((encoder) => {
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_STEP_1);
		encoding.writeVarUint8Array(encoder, stateVector);
	});
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
	return encode((encoder) => {
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_STEP_2);
		encoding.writeVarUint8Array(encoder, update);
	});
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	return encode((encoder) => {
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		encoding.writeVarUint(encoder, SYNC_UPDATE);
		encoding.writeVarUint8Array(encoder, update);
	});
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	return encode((encoder) => {
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(encoder, update);
	});
}

export function encodePermissionDenied(reason: string): Uint8Array {
	return encode((encoder) => {
		encoding.writeVarUint(encoder, MESSAGE_AUTH);
		encoding.writeVarUint(encoder, AUTH_PERMISSION_DENIED);
		encoding.writeVarString(encoder, reason);
	});
}

/** An awareness update (the payload of an awareness message) holding `entries`. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	return encode((encoder) => {
		encoding.writeVarUint(encoder, entries.length);
		for (const { clientId, clock, state } of entries) {
			encoding.writeVarUint(encoder, clientId);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, JSON.stringify(state));
		}
	});
}

export function encodeQueryAwareness(): Uint8Array {
	return encode((encoder) => encoding.writeVarUint(encoder, MESSAGE_QUERY_AWARENESS));
}
