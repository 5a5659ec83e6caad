/**
 * A group's settings, kept in its directory document (model/directory.ts) and so synced to every
 * member: for now how the group writes numeric dates, which every import follows. The document
 * is opened through `import()`, so no screen's first load waits on Yjs; `destroy()` releases it
 * (before the group is left, so the document can close).
 */
import type { DocumentHandle } from '$lib/documents/registry';
import type { DateOrder } from '$lib/model/import-markdown/context';
import { deviceDateOrder } from './date-order';

export class GroupSettings {
	/** The group's date order as set; null while not set (or not loaded). */
	dateOrder = $state<DateOrder | null>(null);
	/** The directory holds everything stored on this device. */
	isLoaded = $state(false);
	/** The order imports follow: the group's, or this device's locale where it has none. */
	effectiveDateOrder = $derived(this.dateOrder ?? deviceDateOrder());

	readonly groupId: string;
	#handle: DocumentHandle | null = null;
	#off: (() => void) | null = null;
	#isDestroyed = false;
	#write: ((doc: DocumentHandle['doc'], order: DateOrder) => void) | null = null;

	constructor(groupId: string) {
		this.groupId = groupId;
		void this.#start();
	}

	async #start() {
		// Destructured where imported, so the bundler keeps only these two of the model's
		// directory functions (a namespace would keep them all, in a chunk the meeting loads).
		const { groupDateOrder, setDateOrder } = await import('$lib/model/directory');
		const [{ openDocument }, { directoryDocumentName }] = await Promise.all([
			import('$lib/documents/registry'),
			import('$lib/protocol/document-names')
		]);
		if (this.#isDestroyed) return;
		this.#write = setDateOrder;
		const handle = (this.#handle = openDocument(directoryDocumentName(this.groupId)));
		const refresh = () => {
			if (!this.#isDestroyed) this.dateOrder = groupDateOrder(handle.doc);
		};
		handle.doc.on('update', refresh);
		this.#off = () => handle.doc.off('update', refresh);
		refresh();
		await handle.whenLoaded;
		refresh();
		if (!this.#isDestroyed) this.isLoaded = true;
	}

	/** Sets the group's date order (editors: the caller checks the role). */
	setDateOrder(order: DateOrder): void {
		if (!this.#handle || !this.#write) throw new Error('the group’s settings are still loading');
		this.#write(this.#handle.doc, order);
	}

	destroy() {
		this.#isDestroyed = true;
		this.#off?.();
		void this.#handle?.release();
		this.#handle = null;
	}
}
