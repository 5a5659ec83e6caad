/**
 * A group's settings, kept in its directory document (model/directory.ts) and so synced to every
 * member: how the group writes numeric dates, which every import follows, and its rota (who takes
 * turns facilitating and taking minutes, model/rota.ts). The document
 * is opened through `import()`, so no screen's first load waits on Yjs; `destroy()` releases it
 * (before the group is left, so the document can close).
 */
import type { DocumentHandle } from '$lib/documents/registry';
import type { DateOrder } from '$lib/model/import-markdown/context';
import { deviceDateOrder } from './date-order';

export class GroupSettings {
	/** The group's date order as set; null while not set (or not loaded). */
	dateOrder = $state<DateOrder | null>(null);
	/** The rota's members in order; empty when the group has none. */
	rota = $state.raw<string[]>([]);
	/** The directory holds everything stored on this device. */
	isLoaded = $state(false);
	/** The order imports follow: the group's, or this device's locale where it has none. */
	effectiveDateOrder = $derived(this.dateOrder ?? deviceDateOrder());

	readonly groupId: string;
	#handle: DocumentHandle | null = null;
	#off: (() => void) | null = null;
	#isDestroyed = false;
	#write: ((doc: DocumentHandle['doc'], order: DateOrder) => void) | null = null;
	#writeRota: ((doc: DocumentHandle['doc'], members: string[]) => void) | null = null;

	constructor(groupId: string) {
		this.groupId = groupId;
		void this.#start();
	}

	async #start() {
		// Destructured where imported, so the bundler keeps only these two of the model's
		// directory functions (a namespace would keep them all, in a chunk the meeting loads).
		const { groupDateOrder, setDateOrder } = await import('$lib/model/directory');
		const [{ openDocument }, { directoryDocumentName }, { groupRota, setRota }] = await Promise.all(
			[
				import('$lib/documents/registry'),
				import('$lib/protocol/document-names'),
				import('$lib/model/rota')
			]
		);
		if (this.#isDestroyed) return;
		this.#write = setDateOrder;
		this.#writeRota = setRota;
		const handle = (this.#handle = openDocument(directoryDocumentName(this.groupId)));
		const refresh = () => {
			if (this.#isDestroyed) return;
			this.dateOrder = groupDateOrder(handle.doc);
			const rota = groupRota(handle.doc);
			if (JSON.stringify(rota) !== JSON.stringify(this.rota)) this.rota = rota;
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

	/** Stores the rota (editors); a RangeError saying what is wrong with the list. */
	setRota(members: string[]): void {
		if (!this.#handle || !this.#writeRota)
			throw new Error('the group’s settings are still loading');
		this.#writeRota(this.#handle.doc, members);
	}

	destroy() {
		this.#isDestroyed = true;
		this.#off?.();
		void this.#handle?.release();
		this.#handle = null;
	}
}
