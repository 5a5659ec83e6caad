/**
 * The service worker's registration and the "New version — reload" prompt.
 * A waiting worker never takes over on its own (a reload mid-meeting loses the person's place):
 * `isUpdateReady` turns true and the page reloads only after `applyUpdate()`.
 *
 * A first install that fails (the venue wifi drops while the shell is being cached, or the
 * server answers an error) leaves no worker at all, so the app would not start offline until
 * the next visit. It is tried again when the network comes back, or after a growing delay,
 * and `offlineUse` says so, since closing the tab meanwhile loses the app until the network is
 * back: 'saving' while the first install runs, 'ready' once a worker is active (installed by
 * this tab or another), 'retrying' after a failed first install, 'unavailable' where no worker
 * can run: no service worker in this browser, a page that is not a secure context (plain http
 * on a LAN), a browser that refuses it (site data blocked), or the dev server, which has no
 * fallback page to precache (offline is tried with `npm start`).
 */
import { dev } from '$app/environment';

export type OfflineUse = 'saving' | 'ready' | 'retrying' | 'unavailable';

const FIRST_RETRY_MS = 10_000;
const LAST_RETRY_MS = 5 * 60_000;

export class AppUpdate {
	isUpdateReady = $state(false);
	offlineUse: OfflineUse = $state('saving');
	#registration: ServiceWorkerRegistration | undefined;
	#isReloading = false;
	#isDestroyed = false;
	#retryDelay = FIRST_RETRY_MS;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#followed = new WeakSet<ServiceWorker>();
	#onControllerChange = () => {
		// Only reload when the person asked for the new version, never because of claim() on a first visit.
		if (this.#isReloading) location.reload();
	};
	#onOnline = () => {
		clearTimeout(this.#retryTimer);
		this.#register();
	};

	constructor() {
		if (dev || !('serviceWorker' in navigator)) {
			this.offlineUse = 'unavailable';
			return;
		}
		if (navigator.serviceWorker.controller) this.offlineUse = 'ready';
		navigator.serviceWorker.addEventListener('controllerchange', this.#onControllerChange);
		// Resolves once a worker is active, whichever tab installed it.
		void navigator.serviceWorker.ready.then(() => {
			if (!this.#isDestroyed) this.offlineUse = 'ready';
		});
		this.#register();
	}

	#register() {
		window.removeEventListener('online', this.#onOnline);
		if (this.#isDestroyed) return;
		navigator.serviceWorker
			.register('/service-worker.js')
			.then((registration) => this.#watch(registration))
			.catch((error: unknown) => {
				console.warn('Service worker registration failed', error);
				// Refused for good (site data blocked, an insecure page): trying again cannot help.
				const name = (error as { name?: string } | null)?.name;
				if (name === 'SecurityError' || name === 'NotSupportedError') {
					this.offlineUse = 'unavailable';
					return;
				}
				if (this.offlineUse !== 'ready') this.offlineUse = 'retrying';
				this.#retryLater();
			});
	}

	#retryLater() {
		if (this.#isDestroyed) return;
		window.addEventListener('online', this.#onOnline, { once: true });
		if (!navigator.onLine) return;
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => this.#register(), this.#retryDelay);
		this.#retryDelay = Math.min(this.#retryDelay * 2, LAST_RETRY_MS);
	}

	#watch(registration: ServiceWorkerRegistration) {
		this.#registration = registration;
		if (registration.waiting && navigator.serviceWorker.controller) this.isUpdateReady = true;
		// The first install may have begun before this runs: follow it as well as later ones.
		if (registration.installing) this.#follow(registration, registration.installing);
		registration.addEventListener('updatefound', () => {
			if (registration.installing) this.#follow(registration, registration.installing);
		});
	}

	#follow(registration: ServiceWorkerRegistration, installing: ServiceWorker) {
		if (this.#followed.has(installing)) return;
		this.#followed.add(installing);
		installing.addEventListener('statechange', () => {
			// With no controller this is the first install, not an update.
			if (installing.state === 'installed' && navigator.serviceWorker.controller) {
				this.isUpdateReady = true;
			}
			// A failed update leaves the old worker serving, and the browser checks again on its
			// own; a failed first install leaves nothing, so it is ours to try again.
			// (A newer worker replacing this one, still installing, is not a failure.)
			const isFirstInstallFailed =
				!registration.active && !registration.waiting && !registration.installing;
			if (installing.state === 'redundant' && isFirstInstallFailed) {
				console.warn('Service worker install failed; it will be tried again');
				this.offlineUse = 'retrying';
				this.#retryLater();
			}
			if (installing.state === 'activated') this.#retryDelay = FIRST_RETRY_MS;
		});
	}

	applyUpdate() {
		const waiting = this.#registration?.waiting;
		if (!waiting) return location.reload();
		this.#isReloading = true;
		waiting.postMessage({ type: 'skip-waiting' });
	}

	destroy() {
		this.#isDestroyed = true;
		clearTimeout(this.#retryTimer);
		if ('serviceWorker' in navigator) {
			navigator.serviceWorker.removeEventListener('controllerchange', this.#onControllerChange);
			window.removeEventListener('online', this.#onOnline);
		}
	}
}
