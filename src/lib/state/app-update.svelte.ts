/**
 * The service worker's registration and the "New version — reload" prompt.
 * A waiting worker never takes over on its own (a reload mid-meeting loses the person's place):
 * `isUpdateReady` turns true and the page reloads only after `applyUpdate()`.
 */
import { dev } from '$app/environment';

export class AppUpdate {
	isUpdateReady = $state(false);
	#registration: ServiceWorkerRegistration | undefined;
	#isReloading = false;
	#onControllerChange = () => {
		// Only reload when the person asked for the new version, never because of claim() on a first visit.
		if (this.#isReloading) location.reload();
	};

	constructor() {
		if (!('serviceWorker' in navigator)) return;
		navigator.serviceWorker.addEventListener('controllerchange', this.#onControllerChange);
		navigator.serviceWorker
			.register('/service-worker.js', { type: dev ? 'module' : 'classic' })
			.then((registration) => this.#watch(registration))
			.catch((error) => console.warn('Service worker registration failed', error));
	}

	#watch(registration: ServiceWorkerRegistration) {
		this.#registration = registration;
		if (registration.waiting && navigator.serviceWorker.controller) this.isUpdateReady = true;
		registration.addEventListener('updatefound', () => {
			const installing = registration.installing;
			installing?.addEventListener('statechange', () => {
				// With no controller this is the first install, not an update.
				if (installing.state === 'installed' && navigator.serviceWorker.controller) {
					this.isUpdateReady = true;
				}
			});
		});
	}

	applyUpdate() {
		const waiting = this.#registration?.waiting;
		if (!waiting) return location.reload();
		this.#isReloading = true;
		waiting.postMessage({ type: 'skip-waiting' });
	}

	destroy() {
		if ('serviceWorker' in navigator) {
			navigator.serviceWorker.removeEventListener('controllerchange', this.#onControllerChange);
		}
	}
}
