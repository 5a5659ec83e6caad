import { describe, expect, test, vi } from 'vitest';
import {
	classifyStorageError,
	clearStorageError,
	needsReopen,
	reportStorageError,
	subscribeStorageIssues,
	type StorageIssue
} from './storage-errors';

describe('storage errors', () => {
	test('each known IndexedDB failure gets its kind, also wrapped by Dexie', () => {
		expect(classifyStorageError(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
		expect(
			classifyStorageError({
				name: 'AbortError',
				inner: new DOMException('The quota has been exceeded.', 'QuotaExceededError')
			})
		).toBe('quota');
		const lost = new DOMException(
			'Connection to Indexed Database server lost. Refresh the page to try again',
			'UnknownError'
		);
		expect(classifyStorageError(lost)).toBe('connection-lost');
		expect(needsReopen(classifyStorageError(lost))).toBe(true);
		expect(
			classifyStorageError(
				new DOMException('The database connection is closing.', 'InvalidStateError')
			)
		).toBe('closed');
		expect(
			classifyStorageError({ name: 'DatabaseClosedError', message: 'Database has been closed' })
		).toBe('closed');
		expect(classifyStorageError(new Error('something else'))).toBe('other');
	});

	test('a reported problem is listed, logged, and gone once cleared', () => {
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		let seen: StorageIssue[] = [];
		const stop = subscribeStorageIssues((issues) => (seen = issues));
		reportStorageError('g/m', new DOMException('full', 'QuotaExceededError'));
		expect(seen.map((i) => [i.subject, i.problem])).toEqual([['g/m', 'quota']]);
		expect(seen[0].message).toMatch(/out of storage space/);
		expect(error).toHaveBeenCalled();
		clearStorageError('g/m');
		expect(seen).toEqual([]);
		stop();
	});
});
