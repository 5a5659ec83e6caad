/**
 * This device's id for the floor (check-ins and ballots are one per device, floor.ts): random,
 * kept in localStorage so a reload or a restart keeps it. There are no accounts: it tells
 * devices apart, it does not prove who holds one (docs/facilitation.md).
 */
import { randomId } from '$lib/model/ids';

const KEY = 'plenary.device';
let fallback: string | null = null;

export function deviceId(): string {
	try {
		const stored = localStorage.getItem(KEY);
		if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return stored;
		const made = randomId(22);
		localStorage.setItem(KEY, made);
		return made;
	} catch {
		// No storage (a private window that refuses it): one id for this page's life.
		fallback ??= randomId(22);
		return fallback;
	}
}
