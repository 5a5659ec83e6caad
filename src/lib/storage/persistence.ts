/**
 * Persistent storage (Safari deletes a site's data after 7 days without a visit; any browser
 * may evict it under pressure). `navigator.storage.persist()` is asked after real use, the first
 * local edit, not on the first screen; when the browser refuses, or offers no such thing (WebKit
 * has no `persist()`), the person is warned once (the `settings` table remembers it across
 * sessions). Neither is an error: the device keeps working, the relay keeps a copy.
 */
import { getDatabase, type PlenaryDatabase } from './db';

export type PersistenceOutcome = 'granted' | 'refused' | 'unsupported';
type Listener = (outcome: PersistenceOutcome) => void;

const WARNED_KEY = 'persistence-warning-shown';
let asked: Promise<PersistenceOutcome> | null = null;
const listeners = new Set<Listener>();

/** The layout listens: on 'refused' it shows the one-time warning. */
export function onPersistenceOutcome(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Called on every local edit; asks the browser once per session. */
export function noteRealUse(): void {
	if (asked || typeof navigator === 'undefined') return;
	asked = requestPersistence().then((outcome) => {
		for (const listener of listeners) listener(outcome);
		return outcome;
	});
}

export async function requestPersistence(): Promise<PersistenceOutcome> {
	if ((await readPersistence()) === 'granted') return 'granted';
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (typeof storage?.persist !== 'function') return 'unsupported';
	try {
		return (await storage.persist()) ? 'granted' : 'refused';
	} catch {
		// A browser that throws instead of answering gives nothing to rely on.
		return 'unsupported';
	}
}

/**
 * What the browser says now, without asking for anything: 'granted', 'unsupported' (no storage
 * manager or no `persist()`), or null (not granted yet; asked at the first edit).
 */
export async function readPersistence(): Promise<PersistenceOutcome | null> {
	const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
	if (typeof storage?.persist !== 'function') return 'unsupported';
	try {
		return typeof storage.persisted === 'function' && (await storage.persisted())
			? 'granted'
			: null;
	} catch {
		return null;
	}
}

/** Whether the refusal warning should still be shown (it is shown once, ever). */
export async function shouldWarnAboutPersistence(
	db: PlenaryDatabase = getDatabase()
): Promise<boolean> {
	return !(await db.settings.get(WARNED_KEY));
}

export async function markPersistenceWarningShown(db: PlenaryDatabase = getDatabase()) {
	await db.settings.put({ key: WARNED_KEY, value: new Date().toISOString() });
}
