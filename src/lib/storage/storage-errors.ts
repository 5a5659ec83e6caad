/**
 * What went wrong with IndexedDB, in words a person can act on, and whether reopening the
 * database may help. Every storage failure of the app goes through `reportStorageError`, so
 * none is swallowed: the layout shows the current problems (role="alert") until a retry works.
 *
 * IndexedDB fails with a DOMException. Dexie rejects with an error of the same name that holds
 * it as `inner`, and a `DatabaseClosedError` whose `inner` is why the database could not be
 * opened; an error may also carry another as its `cause`. This looks through both. The ones we
 * know (docs/client-sync.md, "Storage"), first match wins:
 *
 * - `QuotaExceededError`: a full disk or quota, also as the error of an aborted transaction
 *   → 'quota';
 * - "Connection to Indexed Database server lost" (an `UnknownError` on iOS after the app was in
 *   the background) → 'connection-lost';
 * - `VersionError`: a newer version of the app upgraded the database → 'newer-version';
 * - `InvalidStateError` or Dexie's `DatabaseClosedError` with nothing more specific: the database
 *   was closed under us (storage evicted, "The database connection is closing") → 'closed';
 * - any other `UnknownError` (Chromium: "Internal error opening backing store"), `NotFoundError`
 *   (a store is missing) and `UnreadableDataError` (stored bytes that do not decode,
 *   doc-store.ts): the data on this device cannot be read → 'unreadable';
 * - `AbortError` with nothing more specific, and anything else → 'other'.
 *
 * One problem comes with no error: 'blocked', while opening the database waits for another tab
 * to let go of an older version (`reportStorageProblem`). Without it the app would only say
 * "Loading…", for as long as that tab stays open.
 */

export type StorageProblem =
	'quota' | 'connection-lost' | 'closed' | 'newer-version' | 'unreadable' | 'blocked' | 'other';

export interface StorageIssue {
	problem: StorageProblem;
	/** Which document or table was being written. */
	subject: string;
	message: string;
	at: number;
}

/** The error and what it wraps (`cause`, or Dexie's `inner`), outermost first. */
function chain(error: unknown): { name: string; message: string }[] {
	const found: { name: string; message: string }[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const e = current as { name?: unknown; message?: unknown; cause?: unknown; inner?: unknown };
		found.push({
			name: typeof e.name === 'string' ? e.name : '',
			message: typeof e.message === 'string' ? e.message : String(current)
		});
		current = e.cause ?? e.inner;
	}
	return found;
}

export function classifyStorageError(error: unknown): StorageProblem {
	const errors = chain(error);
	const has = (name: string) => errors.some((e) => e.name === name);
	if (has('QuotaExceededError') || errors.some((e) => /quota/i.test(e.message))) return 'quota';
	if (errors.some((e) => /server lost|connection.*lost/i.test(e.message))) return 'connection-lost';
	if (has('VersionError')) return 'newer-version';
	if (has('InvalidStateError') || has('DatabaseClosedError')) return 'closed';
	if (has('UnknownError') || has('NotFoundError') || has('UnreadableDataError')) {
		return 'unreadable';
	}
	return 'other';
}

/** Reopening the database is worth trying for these before the next write. */
export function needsReopen(problem: StorageProblem): boolean {
	return problem === 'connection-lost' || problem === 'closed';
}

export function describeStorageProblem(problem: StorageProblem): string {
	switch (problem) {
		case 'quota':
			return 'This device is out of storage space: recent changes are not saved on it yet. Free some space; Plenary keeps retrying.';
		case 'connection-lost':
			return 'The browser lost its connection to local storage. Plenary is reconnecting and will save your changes.';
		case 'closed':
			return 'Local storage was closed by the browser. Plenary is reopening it and will save your changes.';
		case 'newer-version':
			return 'A newer version of Plenary has updated the storage on this device. Reload this page: until then, changes made here are not saved on this device.';
		case 'blocked':
			return 'Plenary is open in another tab that still uses an older version of its storage on this device. Close or reload that tab: until then this one cannot open anything.';
		case 'unreadable':
			return 'Plenary cannot read the data stored on this device. It keeps retrying and keeps this tab’s changes in memory; if this message stays, close every Plenary tab and restart the browser.';
		default:
			return 'Saving on this device failed. Plenary keeps retrying; keep this tab open.';
	}
}

type Listener = (issues: StorageIssue[]) => void;
const issues = new Map<string, StorageIssue>();
const listeners = new Set<Listener>();

function notify() {
	const list = [...issues.values()];
	for (const listener of listeners) listener(list);
}

/** Record a failure; `console.error` keeps it in the browser's log too. */
export function reportStorageError(subject: string, error: unknown): StorageIssue {
	console.error(`Plenary storage (${subject}):`, error);
	return reportStorageProblem(subject, classifyStorageError(error));
}

/** Record a problem known without an error (see 'blocked' in the header). */
export function reportStorageProblem(subject: string, problem: StorageProblem): StorageIssue {
	const issue: StorageIssue = {
		problem,
		subject,
		message: describeStorageProblem(problem),
		at: Date.now()
	};
	issues.set(subject, issue);
	notify();
	return issue;
}

/** A write of `subject` worked again: its problem is over. */
export function clearStorageError(subject: string): void {
	if (issues.delete(subject)) notify();
}

export function currentStorageIssues(): StorageIssue[] {
	return [...issues.values()];
}

/** Calls `listener` now and on every change; returns the unsubscribe function. */
export function subscribeStorageIssues(listener: Listener): () => void {
	listeners.add(listener);
	listener(currentStorageIssues());
	return () => listeners.delete(listener);
}
