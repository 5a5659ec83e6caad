/**
 * Valid but hostile Yjs updates, for the relay's attack tests, its fuzz test and the bench:
 * documents with a long history, delete sets that name far more than they cost to send, and a
 * seeded generator of updates that decode but stress whoever applies or checks them.
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';

/**
 * A document with `structs` items that never merge (one map key each), every other one deleted:
 * what years of edits leave behind, built in a fraction of a second. Its client's clocks 0 and 1
 * are "a" and "b" of the text `notes`, the map entries follow (entry n at clock 2 + n).
 */
export function longHistory(structs: number, doc = new Y.Doc()): Y.Doc {
	doc.getText('notes').insert(0, 'ab');
	const map = doc.getMap('history');
	for (let start = 0; start < structs; start += 1000) {
		doc.transact(() => {
			for (let n = start; n < Math.min(structs, start + 1000); n++) {
				map.set(`k${n}`, n);
				if (n % 2 === 1) map.delete(`k${n}`);
			}
		});
	}
	return doc;
}

/** An update with no structs and one delete range: 10 bytes that name any span of a document. */
export function deleteSetUpdate(
	ranges: [client: number, clock: number, length: number][]
): Uint8Array {
	const byClient = new Map<number, [number, number][]>();
	for (const [client, clock, length] of ranges) {
		byClient.set(client, [...(byClient.get(client) ?? []), [clock, length]]);
	}
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, byClient.size);
	for (const [client, spans] of byClient) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, spans.length);
		for (const [clock, length] of spans) {
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarUint(encoder, length);
		}
	}
	return encoding.toUint8Array(encoder);
}

/**
 * One character inserted by `client` between two neighbours, `origin` and `rightOrigin` (ids of
 * adjacent items). Made for many clients at the same place, these are siblings Yjs must order
 * against each other: each one costs a walk over all those before it, so 21 bytes can cost
 * milliseconds.
 */
export function siblingInsert(
	client: number,
	origin: { client: number; clock: number },
	rightOrigin: { client: number; clock: number }
): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 0);
	// An item with an origin and a right origin, holding a string.
	encoding.writeUint8(encoder, 0b1100_0100);
	encoding.writeVarUint(encoder, origin.client);
	encoding.writeVarUint(encoder, origin.clock);
	encoding.writeVarUint(encoder, rightOrigin.client);
	encoding.writeVarUint(encoder, rightOrigin.clock);
	encoding.writeVarString(encoder, 'x');
	encoding.writeVarUint(encoder, 0);
	return encoding.toUint8Array(encoder);
}

export interface HostileUpdate {
	kind: string;
	update: Uint8Array;
}

const CONTROL = '\u0000\n\r\u001b\u2028\u202e';

/**
 * One hostile but decodable update, built against `target` (a copy of what the relay holds, so
 * delete sets can name its real clients and clocks). Applying any of them must neither throw
 * past the relay nor cost more than its size.
 */
export function hostileUpdate(gen: prng.PRNG, target: Y.Doc): HostileUpdate {
	const kinds = [
		'huge delete set',
		'many delete ranges',
		'deep nesting',
		'many clients',
		'extreme client ids',
		'control characters',
		'long string',
		'crowded position',
		'missing dependencies',
		'far future clock'
	] as const;
	const kind = prng.oneOf(gen, [...kinds]);
	switch (kind) {
		case 'huge delete set': {
			const clients = [...target.store.clients.keys()];
			const client = clients.length > 0 ? prng.oneOf(gen, clients) : prng.uint32(gen, 1, 2 ** 31);
			return { kind, update: deleteSetUpdate([[client, 0, prng.uint32(gen, 1, 2 ** 31)]]) };
		}
		case 'many delete ranges': {
			const client = prng.uint32(gen, 1, 2 ** 31);
			const ranges: [number, number, number][] = [];
			for (let n = 0; n < 2000; n++) ranges.push([client, n * 3, prng.int32(gen, 1, 2)]);
			return { kind, update: deleteSetUpdate(ranges) };
		}
		case 'deep nesting': {
			const doc = freshDoc(gen);
			let parent: Y.Map<unknown> = doc.getMap(prng.word(gen, 1, 8));
			doc.transact(() => {
				for (let depth = 0; depth < 300; depth++) {
					const child = new Y.Map<unknown>();
					parent.set('c', child);
					parent = child;
				}
			});
			return { kind, update: Y.encodeStateAsUpdate(doc) };
		}
		case 'many clients': {
			const updates: Uint8Array[] = [];
			for (let n = 0; n < 200; n++) {
				const doc = freshDoc(gen);
				doc.getText(prng.word(gen, 1, 4)).insert(0, prng.word(gen, 1, 6));
				updates.push(Y.encodeStateAsUpdate(doc));
			}
			return { kind, update: Y.mergeUpdates(updates) };
		}
		case 'extreme client ids': {
			const updates = [0, 1, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER].map((client) => {
				const doc = new Y.Doc();
				doc.clientID = client;
				doc.getMap('m').set(String(client), prng.word(gen, 1, 6));
				return Y.encodeStateAsUpdate(doc);
			});
			return { kind, update: Y.mergeUpdates(updates) };
		}
		case 'crowded position': {
			// Many clients inserting between the same two characters: each must be ordered against
			// all the others.
			const doc = freshDoc(gen);
			doc.getText('crowd').insert(0, 'ab');
			const updates = [Y.encodeStateAsUpdate(doc)];
			const first = prng.uint32(gen, 2 ** 20, 2 ** 30);
			for (let n = 0; n < 300; n++) {
				updates.push(
					siblingInsert(
						first + n,
						{ client: doc.clientID, clock: 0 },
						{ client: doc.clientID, clock: 1 }
					)
				);
			}
			return { kind, update: Y.mergeUpdates(updates) };
		}
		case 'control characters': {
			const doc = freshDoc(gen);
			const key = () => Array.from({ length: 8 }, () => prng.oneOf(gen, [...CONTROL])).join('');
			doc.getMap(key()).set(key(), key());
			doc.getText(key()).insert(0, key());
			doc.getXmlFragment(key()).insert(0, [new Y.XmlElement(`p${key()}`)]);
			return { kind, update: Y.encodeStateAsUpdate(doc) };
		}
		case 'long string': {
			const doc = freshDoc(gen);
			doc.getText('notes').insert(0, 'x'.repeat(prng.int32(gen, 10_000, 40_000)));
			return { kind, update: Y.encodeStateAsUpdate(doc) };
		}
		case 'missing dependencies': {
			// The second half of a client's history without its first: structs wait for ever.
			const doc = freshDoc(gen);
			const text = doc.getText('notes');
			text.insert(0, prng.word(gen, 5, 20));
			const early = Y.encodeStateVector(doc);
			for (let n = 0; n < 50; n++) text.insert(prng.int32(gen, 0, text.length), 'y');
			return { kind, update: Y.encodeStateAsUpdate(doc, early) };
		}
		default: {
			// One struct whose clock is far ahead of anything the client wrote before.
			const doc = freshDoc(gen);
			doc.getMap('m').set('k', 1);
			const update = Y.encodeStateAsUpdate(doc);
			const decoded = Y.decodeUpdate(update);
			const encoder = new Y.UpdateEncoderV1();
			encoding.writeVarUint(encoder.restEncoder, 1);
			encoding.writeVarUint(encoder.restEncoder, 1);
			encoder.writeClient(doc.clientID);
			encoding.writeVarUint(encoder.restEncoder, prng.uint32(gen, 2 ** 20, 2 ** 30));
			(decoded.structs[0] as Y.Item).write(encoder, 0);
			encoding.writeVarUint(encoder.restEncoder, 0);
			return { kind, update: encoder.toUint8Array() };
		}
	}
}

function freshDoc(gen: prng.PRNG): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = prng.uint32(gen, 1, 2 ** 31);
	return doc;
}
