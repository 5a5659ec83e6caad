import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mulberry32 } from '../../src/lib/model/test-helpers.ts';
import { parseDocumentName } from '../../src/lib/protocol/document-names.ts';
import { defaultConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { RelayMetrics } from '../metrics.ts';
import type { Store } from '../storage/store.ts';
import { countPieces, DocumentSize, growthBound } from './document-size.ts';
import { Room } from './room.ts';

const encodedSize = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc).length;

/** A copy of `doc` as the relay holds it. */
function relayCopy(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/** Applies `update` to `relay`; returns how much the encoded state grew and the bound. */
function grow(relay: Y.Doc, update: Uint8Array): { growth: number; bound: number } {
	const before = encodedSize(relay);
	Y.applyUpdate(relay, update);
	return {
		growth: encodedSize(relay) - before,
		bound: growthBound(update.length, countPieces(update))
	};
}

/** What `change` adds to `doc`, as one update. */
function changeOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
	const before = Y.encodeStateVector(doc);
	change(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

function withClient(clientID: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	return doc;
}

describe('growthBound', () => {
	it('is not the update size: delete ranges that split items grow the state several times more', () => {
		const writer = withClient(2 ** 52);
		writer.getText('t').insert(0, 'x'.repeat(4_000));
		const relay = relayCopy(writer);
		const update = changeOf(writer, (doc) =>
			doc.transact(() => {
				for (let i = 0; i < 2_000; i++) doc.getText('t').delete(i, 1);
			})
		);
		const { growth, bound } = grow(relay, update);
		expect(growth).toBeGreaterThan(5 * update.length);
		expect(growth).toBeLessThanOrEqual(bound);
	});

	it('bounds deletions inside items that have a left and a right origin', () => {
		const writer = withClient(2 ** 52 + 1);
		const text = writer.getText('t');
		text.insert(0, 'ab');
		// Each insert between two characters gets both origins; many of them, one per client.
		for (let i = 0; i < 100; i++) {
			const other = withClient(2 ** 40 + i);
			Y.applyUpdate(other, Y.encodeStateAsUpdate(writer));
			other.getText('t').insert(1, 'middle text of some length');
			Y.applyUpdate(writer, Y.encodeStateAsUpdate(other, Y.encodeStateVector(writer)));
		}
		const relay = relayCopy(writer);
		const update = changeOf(writer, (doc) =>
			doc.transact(() => {
				const t = doc.getText('t');
				for (let i = 1; i < t.length - 2; i += 4) t.delete(i, 2);
			})
		);
		const { growth, bound } = grow(relay, update);
		expect(growth).toBeGreaterThan(update.length);
		expect(growth).toBeLessThanOrEqual(bound);
	});

	it('bounds one update that brings many clients, each splitting an item', () => {
		const base = withClient(1);
		base.getText('t').insert(0, 'x'.repeat(10_000));
		const relay = relayCopy(base);
		const parts = [];
		for (let i = 0; i < 200; i++) {
			const other = withClient(2 ** 52 - i);
			Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
			parts.push(changeOf(other, (doc) => doc.getText('t').insert(1 + i * 17, 'y')));
		}
		const { growth, bound } = grow(relay, Y.mergeUpdates(parts));
		expect(growth).toBeLessThanOrEqual(bound);
	});

	it('bounds updates held as pending (their dependencies missing)', () => {
		const writer = withClient(7);
		const relay = new Y.Doc();
		changeOf(writer, (doc) => doc.getText('t').insert(0, 'never sent'));
		const update = changeOf(writer, (doc) => doc.getText('t').insert(5, 'x'.repeat(1000)));
		const { growth, bound } = grow(relay, update);
		expect(relay.store.pendingStructs).not.toBeNull();
		expect(growth).toBeGreaterThan(0);
		expect(growth).toBeLessThanOrEqual(bound);
	});

	it('bounds random edits of several clients (seeded)', () => {
		const random = mulberry32(13);
		const pick = (n: number) => Math.floor(random() * n);
		const writers = [withClient(2 ** 52 - 3), withClient(3), withClient(2 ** 31)];
		const relay = new Y.Doc();
		for (let round = 0; round < 150; round++) {
			const writer = writers[pick(writers.length)];
			Y.applyUpdate(writer, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(writer)));
			const update = changeOf(writer, (doc) =>
				doc.transact(() => {
					const text = doc.getText('t');
					const list = doc.getArray<unknown>('list');
					const map = doc.getMap<unknown>('map');
					for (let op = pick(20); op >= 0; op--) {
						const kind = pick(6);
						if (kind === 0 || text.length < 10) {
							text.insert(pick(text.length + 1), 'w'.repeat(1 + pick(30)));
						} else if (kind === 1) {
							const at = pick(text.length);
							text.delete(at, Math.min(1 + pick(4), text.length - at));
						} else if (kind === 2) {
							list.insert(pick(list.length + 1), [pick(1000), 'item']);
						} else if (kind === 3 && list.length > 0) {
							list.delete(pick(list.length), 1);
						} else if (kind === 4) {
							map.set(`k${pick(20)}`, random() < 0.5 ? pick(100) : new Y.Map());
						} else {
							text.format(pick(text.length), 1 + pick(5), { bold: random() < 0.5 || null });
						}
					}
				})
			);
			const { growth, bound } = grow(relay, update);
			expect(growth).toBeLessThanOrEqual(bound);
		}
	});
});

describe('DocumentSize', () => {
	it('keeps an upper bound without encoding, and measures only when a limit is near', () => {
		const doc = new Y.Doc();
		const size = new DocumentSize(doc, () => 0);
		expect(size.bound).toBe(encodedSize(doc));
		const writer = new Y.Doc();
		for (let i = 0; i < 50; i++) {
			const update = changeOf(writer, (d) => d.getText('t').insert(0, 'x'.repeat(100)));
			const growth = growthBound(update.length, countPieces(update));
			expect(size.fits(growth, 1_000_000)).toBe(true);
			Y.applyUpdate(doc, update);
			size.grow(growth);
			expect(size.bound).toBeGreaterThanOrEqual(encodedSize(doc));
		}
		// The running bound is far above the size; near a limit, a measurement tells.
		const actual = encodedSize(doc);
		expect(size.bound).toBeGreaterThan(actual + 1000);
		expect(size.fits(100, actual + 200)).toBe(true);
		expect(size.bound).toBe(actual);
		// Nothing added since: no measurement helps, the answer is no.
		expect(size.fits(300, actual + 200)).toBe(false);
	});

	it('spaces measurements out by ten times what the last one took', () => {
		let time = 0;
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'x'.repeat(1000));
		// Every reading of the clock advances it by 1: a measurement takes 1.
		const size = new DocumentSize(doc, () => ++time);
		const limit = size.bound + 10;
		size.grow(100);
		// Too soon after the last measurement: refused on the running bound alone.
		expect(size.fits(5, limit)).toBe(false);
		time += 10;
		expect(size.fits(5, limit)).toBe(true);
		expect(size.bound).toBe(limit - 10);
	});
});

describe('garbage collection', () => {
	it("holds for a room's document, which collects garbage", async () => {
		const room = new Room(parseDocumentName('garbage-collection-01')!, {
			store: { loadDocument: async () => [] } as unknown as Store,
			committer: { commit: async () => 0 },
			config: defaultConfig,
			metrics: new RelayMetrics(),
			logger: createLogger('silent'),
			onIdle: () => {}
		});
		await room.ready;
		expect(room.doc.gc).toBe(true);
		room.destroy();
	});
});
