import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, onTestFinished, test, vi } from 'vitest';
import { PlenaryDatabase } from './db';
import { followQuery } from './live-query';
import { currentStorageIssues } from './storage-errors';

let db: PlenaryDatabase;
let n = 0;

beforeEach(async () => {
	db = new PlenaryDatabase(`live-test-${++n}`);
	await db.open();
});

afterEach(async () => {
	vi.restoreAllMocks();
	await db.delete();
});

function follow(query: () => Promise<string[]>) {
	const results: string[][] = [];
	const errors: unknown[] = [];
	const stop = followQuery(
		db,
		'test list',
		query,
		(result) => results.push(result),
		(error) => errors.push(error)
	);
	onTestFinished(stop);
	return { results, errors, stop };
}

const keys = () => db.settings.toCollection().primaryKeys() as Promise<string[]>;

test('follows writes of this connection and of another, and stops when told', async () => {
	const { results, stop } = follow(keys);
	await vi.waitFor(() => expect(results).toEqual([[]]));
	await db.settings.put({ key: 'a', value: 1 });
	await vi.waitFor(() => expect(results.at(-1)).toEqual(['a']));
	const other = new PlenaryDatabase(db.name);
	await other.settings.put({ key: 'b', value: 2 });
	await vi.waitFor(() => expect(results.at(-1)).toEqual(['a', 'b']));
	other.close();

	stop();
	const seen = results.length;
	await db.settings.put({ key: 'c', value: 3 });
	await new Promise((resolve) => setTimeout(resolve, 50));
	expect(results.length).toBe(seen);
});

test('a failed query is reported and run again until it works, then the report goes', async () => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
	let failures = 2;
	const { results, errors } = follow(async () => {
		if (failures-- > 0) {
			throw new DOMException('Connection to Indexed Database server lost.', 'UnknownError');
		}
		return keys();
	});
	await vi.waitFor(() => expect(errors).toHaveLength(1));
	expect(currentStorageIssues()).toEqual([
		expect.objectContaining({ subject: 'test list', problem: 'connection-lost' })
	]);
	// Again after 1 s, then 2 s.
	await vi.waitFor(() => expect(results).toEqual([[]]), { timeout: 5_000 });
	expect(errors).toHaveLength(2);
	expect(currentStorageIssues()).toEqual([]);
}, 10_000);

test('a closed database is said, not left silent (liveQuery passes its error on to no one)', async () => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
	await db.settings.put({ key: 'kept', value: true });
	db.close();
	const { results, errors } = follow(keys);
	await vi.waitFor(() => expect(errors).toHaveLength(1));
	expect(currentStorageIssues()).toEqual([
		expect.objectContaining({ subject: 'test list', problem: 'closed' })
	]);
	// The retry opens the database again.
	await vi.waitFor(() => expect(results).toEqual([['kept']]), { timeout: 3_000 });
	expect(currentStorageIssues()).toEqual([]);
});
