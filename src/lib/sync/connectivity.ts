/**
 * The browser's `online`/`offline` events for the sync layer. `offline` is acted on at once: every
 * connection closes within the event's task (Playwright's `setOffline(true)` and some phones
 * leave sockets OPEN and silent, so waiting for a close event would take minutes). `online` only
 * means "worth trying": connections retry at once and the relay's answers decide the rest.
 * `navigator.onLine` is also read every second, because a browser may change it without firing
 * the event (Firefox after a reload made offline). Outside a browser (unit tests) it reports
 * online and never changes.
 */
type Listener = (isOnline: boolean) => void;

const listeners = new Set<Listener>();
let isListening = false;

export function isBrowserOnline(): boolean {
	return typeof navigator === 'undefined' || navigator.onLine !== false;
}

const POLL_EVERY_MS = 1_000;
let lastSeen = true;

function emit() {
	const online = isBrowserOnline();
	lastSeen = online;
	for (const listener of [...listeners]) {
		try {
			listener(online);
		} catch (error) {
			console.error('Plenary: connectivity listener failed', error);
		}
	}
}

/** Calls `listener` on every change of the browser's connectivity; returns the unsubscribe. */
export function onConnectivityChange(listener: Listener): () => void {
	listeners.add(listener);
	if (!isListening && typeof addEventListener === 'function') {
		isListening = true;
		addEventListener('online', emit);
		addEventListener('offline', emit);
		lastSeen = isBrowserOnline();
		setInterval(() => {
			if (isBrowserOnline() !== lastSeen) emit();
		}, POLL_EVERY_MS);
	}
	return () => listeners.delete(listener);
}
