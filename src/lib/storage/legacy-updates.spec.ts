import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PlenaryDatabase } from './db';
import { deleteLegacyUpdates, legacyUpdates, namesWithLegacyUpdates } from './legacy-updates';

let db: PlenaryDatabase;
let n = 0;

beforeEach(() => {
	db = new PlenaryDatabase(`legacy-test-${++n}`);
});

afterEach(async () => {
	await db.delete();
});

describe('the legacy table', () => {
	test('reads a document’s rows, deletes exactly the rows read, lists the names left', async () => {
		const connection = await db.open();
		const update = (byte: number) => new Uint8Array([byte]);
		await connection.add('updates', { name: 'g/a', update: update(1) });
		await connection.add('updates', { name: 'g/b', update: update(2) });
		await connection.add('updates', { name: 'g/a', update: update(3) });
		expect(await namesWithLegacyUpdates(db)).toEqual(['g/a', 'g/b']);

		const read = await legacyUpdates(db, 'g/a');
		expect(read).toEqual({ seqs: [1, 3], updates: [update(1), update(3)] });
		// Written after the read (a tab still writing the table): kept for the next move.
		await connection.add('updates', { name: 'g/a', update: update(4) });
		await deleteLegacyUpdates(db, read!.seqs);
		await deleteLegacyUpdates(db, read!.seqs);
		expect(await legacyUpdates(db, 'g/a')).toEqual({ seqs: [4], updates: [update(4)] });
		expect(await legacyUpdates(db, 'g/none')).toBeNull();
	});
});
