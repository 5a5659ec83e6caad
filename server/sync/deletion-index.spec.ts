import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeletionIndex } from './deletion-index.ts';

/** The deleted ranges Yjs itself finds by walking every struct, merged as the index keeps them. */
function walked(doc: Y.Doc): Map<number, [number, number][]> {
	const result = new Map<number, [number, number][]>();
	for (const [client, ranges] of Y.createDeleteSetFromStructStore(doc.store).clients) {
		const merged: [number, number][] = [];
		for (const { clock, len } of ranges) {
			const last = merged[merged.length - 1];
			if (last && last[1] >= clock) last[1] = Math.max(last[1], clock + len);
			else merged.push([clock, clock + len]);
		}
		if (merged.length > 0) result.set(client, merged);
	}
	return result;
}

function edit(gen: prng.PRNG, doc: Y.Doc): void {
	const text = doc.getText('t');
	const list = doc.getArray<unknown>('a');
	const map = doc.getMap<unknown>('m');
	doc.transact(() => {
		for (let n = prng.int32(gen, 1, 6); n > 0; n--) {
			switch (prng.int32(gen, 0, 5)) {
				case 0:
					text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 5));
					break;
				case 1:
					if (text.length > 0) {
						const at = prng.int32(gen, 0, text.length - 1);
						text.delete(at, prng.int32(gen, 1, Math.min(8, text.length - at)));
					}
					break;
				case 2:
					list.insert(prng.int32(gen, 0, list.length), [prng.int32(gen, 0, 9)]);
					break;
				case 3:
					if (list.length > 0) list.delete(prng.int32(gen, 0, list.length - 1), 1);
					break;
				case 4: {
					// A nested type deleted with its content: its children become GC structs.
					const child = new Y.Map<unknown>();
					map.set(prng.word(gen, 1, 2), child);
					child.set('x', prng.word(gen, 1, 4));
					break;
				}
				default:
					map.delete(prng.word(gen, 1, 2));
			}
		}
	});
}

describe('DeletionIndex', () => {
	it.each([1, 7, 42, 2024])(
		'seed %i: agrees with the struct store after shuffled, partial and pending updates',
		(seed) => {
			const gen = prng.create(seed);
			const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
			const relay = new Y.Doc();
			const index = new DeletionIndex(relay);
			const queue: Uint8Array[] = [];
			for (const writer of writers) writer.on('update', (update: Uint8Array) => queue.push(update));
			for (let round = 0; round < 150; round++) {
				const writer = prng.oneOf(gen, writers);
				edit(gen, writer);
				// Writers hear from each other now and then, so deletions cross clients.
				if (prng.bool(gen)) {
					const other = prng.oneOf(gen, writers);
					Y.applyUpdate(other, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(other)));
				}
				// The relay gets updates out of order: some wait as pending structs for a while.
				while (queue.length > 0 && prng.int32(gen, 0, 3) > 0) {
					const at = prng.int32(gen, 0, queue.length - 1);
					Y.applyUpdate(relay, queue.splice(at, 1)[0]);
				}
				expect(index.toMap()).toEqual(walked(relay));
			}
			for (const update of queue) Y.applyUpdate(relay, update);
			for (const writer of writers) Y.applyUpdate(relay, Y.encodeStateAsUpdate(writer));
			expect(index.toMap()).toEqual(walked(relay));
			expect(relay.store.pendingStructs).toBeNull();
		}
	);

	it('answers for a long history without walking it', () => {
		const doc = new Y.Doc();
		const index = new DeletionIndex(doc);
		const map = doc.getMap('m');
		doc.transact(() => {
			for (let n = 0; n < 20_000; n++) {
				map.set(`k${n}`, n);
				if (n % 2 === 1) map.delete(`k${n}`);
			}
		});
		expect(index.covers(doc.clientID, 1, 2)).toBe(true);
		expect(index.covers(doc.clientID, 0, 1)).toBe(false);
		expect(index.covers(doc.clientID, 1, 4)).toBe(false);
		expect(index.covers(doc.clientID, 5, 5)).toBe(true);
		expect(index.covers(doc.clientID + 1, 0, 1)).toBe(false);
		expect(index.toMap()).toEqual(walked(doc));
	});
});
