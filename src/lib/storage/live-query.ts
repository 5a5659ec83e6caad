/**
 * What screens show from the database follows it with Dexie's `liveQuery`: the query runs again
 * after every committed write that can change its result, of this tab or another (Dexie tells
 * the other tabs of the origin over a BroadcastChannel).
 *
 * `followQuery` adds what a screen needs around it. `onResult` is called with the first result
 * and each new one. A failed query is reported (storage-errors.ts, under `subject`), `onError`
 * is called, and the query is subscribed again after 1 s, then up to every 30 s, reopening the
 * database first (after a failed open Dexie fails every query until `open()` is called again);
 * the next result clears the report. An exception thrown by `onResult` or `onError` is a bug
 * and goes to the console; the query carries on.
 */
import { liveQuery } from 'dexie';
import type { PlenaryDatabase } from './db';
import { clearStorageError, reportStorageError } from './storage-errors';

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Follows `query` until the returned function is called. */
export function followQuery<T>(
	db: PlenaryDatabase,
	subject: string,
	query: () => Promise<T>,
	onResult: (result: T) => void,
	onError: (error: unknown) => void = () => {}
): () => void {
	let isStopped = false;
	let subscription: { unsubscribe(): void } | null = null;
	let retryTimer: ReturnType<typeof setTimeout> | null = null;
	let retryDelay = RETRY_FIRST_MS;

	const call = <A>(listener: (arg: A) => void, arg: A) => {
		try {
			listener(arg);
		} catch (error) {
			console.error(`Plenary: a listener of the ${subject} failed`, error);
		}
	};
	const subscribe = () => {
		subscription = liveQuery(() => query().catch(unsilenced)).subscribe({
			next: (result) => {
				retryDelay = RETRY_FIRST_MS;
				clearStorageError(subject);
				call(onResult, result);
			},
			error: (error: unknown) => {
				// Dexie does not query again after a failure until a write it sees.
				subscription?.unsubscribe();
				subscription = null;
				reportStorageError(subject, error);
				call(onError, error);
				retryTimer = setTimeout(retry, retryDelay);
				retryDelay = Math.min(RETRY_MAX_MS, retryDelay * 2);
			}
		});
	};
	const retry = () => {
		retryTimer = null;
		if (isStopped) return;
		// A failed open is reported by the query that follows; nothing to add here.
		void db.open().then(
			() => !isStopped && subscribe(),
			() => !isStopped && subscribe()
		);
	};

	subscribe();
	return () => {
		isStopped = true;
		if (retryTimer) clearTimeout(retryTimer);
		subscription?.unsubscribe();
	};
}

/**
 * `liveQuery` passes no `DatabaseClosedError` or `AbortError` on, taking them for the app
 * closing the database; it then waits for a write, and never runs again if it had no result
 * yet. This app closes the database only to reopen it, so for a list these mean "cannot be read
 * now": wrapped under another name, they reach `followQuery`, which reports them and tries again.
 */
function unsilenced(error: unknown): never {
	const name = (error as Error | null)?.name;
	if (name !== 'DatabaseClosedError' && name !== 'AbortError') throw error;
	throw new Error(`the query failed: ${(error as Error).message}`, { cause: error });
}
