import { Dexie } from 'dexie';
import { describe, expect, test, vi } from 'vitest';
import {
	classifyStorageError,
	clearStorageError,
	describeStorageProblem,
	needsReopen,
	reportStorageError,
	subscribeStorageIssues,
	type StorageIssue,
	type StorageProblem
} from './storage-errors';

describe('storage errors', () => {
	test('each DOMException IndexedDB raises gets its kind, also inside another (cause, Dexie’s inner)', () => {
		const error = (name: string, message = name) => new DOMException(message, name);
		const cases: [unknown, StorageProblem][] = [
			[error('QuotaExceededError', 'The quota has been exceeded.'), 'quota'],
			[
				new Error('the write failed', {
					cause: error('QuotaExceededError', 'The quota has been exceeded.')
				}),
				'quota'
			],
			[
				error(
					'UnknownError',
					'Connection to Indexed Database server lost. Refresh the page to try again'
				),
				'connection-lost'
			],
			[error('InvalidStateError', 'The database connection is closing.'), 'closed'],
			[
				error('VersionError', 'The requested version (10) is less than the existing (11)'),
				'newer-version'
			],
			[
				error('UnknownError', 'Internal error opening backing store for indexedDB.open.'),
				'unreadable'
			],
			[error('NotFoundError', 'One of the specified object stores was not found.'), 'unreadable'],
			[Object.assign(new Error('cannot decode'), { name: 'UnreadableDataError' }), 'unreadable'],
			[error('AbortError', 'The transaction was aborted.'), 'other'],
			// As Dexie rejects: its own error of the same name, the DOMException as `inner`.
			[new Dexie.AbortError(error('QuotaExceededError', 'The quota has been exceeded.')), 'quota'],
			[
				new Dexie.UnknownError(
					error('UnknownError', 'Connection to Indexed Database server lost.')
				),
				'connection-lost'
			],
			[
				new Dexie.DatabaseClosedError(new Dexie.VersionError(error('VersionError'))),
				'newer-version'
			],
			[new Dexie.DatabaseClosedError(), 'closed'],
			[new Dexie.OpenFailedError(new Dexie.NotFoundError(error('NotFoundError'))), 'unreadable'],
			[error('TransactionInactiveError'), 'other'],
			[new Error('something else'), 'other'],
			['a string', 'other'],
			[undefined, 'other']
		];
		for (const [failure, problem] of cases) {
			expect(classifyStorageError(failure), String(failure)).toBe(problem);
		}
		expect(needsReopen('connection-lost')).toBe(true);
		expect(needsReopen('closed')).toBe(true);
		expect(needsReopen('quota')).toBe(false);
		expect(needsReopen('newer-version')).toBe(false);
	});

	test('every kind is described in words a person can act on', () => {
		// A Record must name every kind, so a new one cannot be left out of this test.
		const everyKind: Record<StorageProblem, true> = {
			quota: true,
			'connection-lost': true,
			closed: true,
			'newer-version': true,
			unreadable: true,
			blocked: true,
			other: true
		};
		const problems = Object.keys(everyKind) as StorageProblem[];
		const messages = problems.map(describeStorageProblem);
		expect(new Set(messages).size).toBe(problems.length);
		expect(describeStorageProblem('newer-version')).toMatch(/reload/i);
		expect(describeStorageProblem('unreadable')).toMatch(/cannot read/i);
		expect(describeStorageProblem('blocked')).toMatch(/close or reload that tab/i);
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
