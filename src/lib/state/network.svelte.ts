/**
 * The browser's own idea of connectivity. `offline` is trusted at once (it is never wrong about
 * being offline); `online` only means "worth trying": the sync layer confirms with the relay.
 */
export class Network {
	isOnline = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	#update = () => {
		this.isOnline = navigator.onLine;
	};

	constructor() {
		addEventListener('online', this.#update);
		addEventListener('offline', this.#update);
	}

	destroy() {
		removeEventListener('online', this.#update);
		removeEventListener('offline', this.#update);
	}
}
