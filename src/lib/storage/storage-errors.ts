/**
 * What went wrong with IndexedDB, in words a person can act on, and whether reopening the
 * database may help. Every storage failure of the app goes through `reportStorageError`, so
 * none is swallowed: the layout shows the current problems (role="alert") until a retry works.
 *
 * Known failures (PITFALLS.md): a full disk or quota (`QuotaExceededError`); on iOS,
 * "Connection to Indexed Database server lost" (`UnknownError`) after the app was in the
 * background; writing to a database that was closed under us (`InvalidStateError`, Dexie's
 * `DatabaseClosedError`) after a version change in another tab or a storage eviction.
 */

export type StorageProblem = 'quota' | 'connection-lost' | 'closed' | 'other';

export interface StorageIssue {
	problem: StorageProblem;
	/** Which document or table was being written. */
	subject: string;
	message: string;
	at: number;
}

function names(error: unknown): string[] {
	const found: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 4; depth++) {
		const e = current as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
		if (typeof e.name === 'string') found.push(e.name);
		if (typeof e.message === 'string') found.push(e.message);
		current = e.inner ?? e.cause;
	}
	return found;
}

export function classifyStorageError(error: unknown): StorageProblem {
	const text = names(error).join(' ');
	if (/QuotaExceeded|quota/i.test(text)) return 'quota';
	if (/server lost|connection.*lost/i.test(text)) return 'connection-lost';
	if (/InvalidStateError|DatabaseClosed|database.*closed|closing/i.test(text)) return 'closed';
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
	const problem = classifyStorageError(error);
	const issue: StorageIssue = {
		problem,
		subject,
		message: describeStorageProblem(problem),
		at: Date.now()
	};
	console.error(`Plenary storage (${subject}):`, error);
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
