/**
 * Opening a Yjs document with everything it needs: `openDocument(name)` returns one shared
 * `Y.Doc` per name per tab (ref-counted; `release()` when done), loaded from this device
 * (doc-store.ts), kept in step with other tabs (tab-channel.ts) and, when its group has a relay,
 * synced through it (relay-connection.ts). Minutes and comments documents also keep the derived
 * meetings index (meetings-index.ts) up to date while open, and minutes feed the search index
 * (search/search-feed.ts) with their changes.
 *
 * Page lifecycle: on `pagehide` and on `visibilitychange` to hidden every open document's
 * queued writes are flushed, so a tab closed or swiped away right after typing keeps the text.
 */
import { readable, type Readable } from 'svelte/store';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { getDatabase, type PlenaryDatabase } from '$lib/storage/db';
import { DocPersistence } from '$lib/storage/doc-store';
import { recordDocumentOpened, recordReceipt } from '$lib/storage/document-records';
import { reportStorageError } from '$lib/storage/storage-errors';
import { MeetingIndexKeeper } from '$lib/storage/meetings-index';
import { feedSearch } from '$lib/search/search-feed';
import { noteRealUse } from '$lib/storage/persistence';
import { getGroup, relayTargetFor } from '$lib/storage/groups';
import {
	directoryDocumentName,
	parseDocumentName,
	syncDirectoryEntry
} from '$lib/storage/model-adapter';
import { RelayConnection, type RelayTarget } from '$lib/sync/relay-connection';
import { TabChannel } from '$lib/sync/tab-channel';
import { publishDocuments, type DocumentStatus } from './status-events';

export interface DocumentHandle {
	readonly name: string;
	readonly doc: Y.Doc;
	/** Presence of people in this document; only shared while connected to a relay. */
	readonly awareness: Awareness;
	/** Resolves when the document holds everything stored on this device (never rejects). */
	readonly whenLoaded: Promise<void>;
	/** Svelte store contract: `$status` in components, `fromStore` in runes classes. */
	readonly status: Readable<DocumentStatus>;
	getStatus(): DocumentStatus;
	/** Resolves when every change so far is committed to IndexedDB. */
	whenStored(): Promise<void>;
	/**
	 * Resolves true once the relay has confirmed every change (at once for a document without a
	 * relay), false when it cannot for now (offline, unreachable, failed).
	 */
	whenSettled(): Promise<boolean>;
	/** Try the relay again now (after an error, or to skip the backoff). */
	retry(): void;
	/**
	 * Give the document back; the last release flushes and closes it, and resolves once it is
	 * closed (an earlier one at once). Call once.
	 */
	release(): Promise<void>;
}

export interface OpenOptions {
	/** Override the relay (tests); by default it is looked up from the document's group. */
	relay?: RelayTarget | null;
	db?: PlenaryDatabase;
}

type Listener = (status: DocumentStatus) => void;

class OpenDocument {
	readonly name: string;
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness: Awareness;
	readonly persistence: DocPersistence;
	readonly tabs: TabChannel;
	readonly whenLoaded: Promise<void>;
	/** Resolves once loaded and the relay connection is made, or known to be none. */
	readonly whenStarted: Promise<void>;
	relay: RelayConnection | null = null;
	refs = 0;
	status: DocumentStatus;
	listeners = new Set<Listener>();
	#indexKeeper: MeetingIndexKeeper | null = null;
	#stopSearchFeed: (() => void) | null = null;
	#directory: DocumentHandle | null = null;
	#directoryTimer: ReturnType<typeof setTimeout> | null = null;
	#db: PlenaryDatabase;
	#isClosed = false;
	#receiptSaveTimer: ReturnType<typeof setTimeout> | null = null;
	#lastRelayVector: Map<number, number> | null = null;

	constructor(name: string, options: OpenOptions) {
		const parsed = parseDocumentName(name);
		if (!parsed) throw new RangeError(`not a document name: ${name}`);
		this.name = name;
		this.#db = options.db ?? getDatabase();
		this.awareness = new Awareness(this.doc);
		this.status = {
			name,
			kind: parsed.kind,
			groupId: parsed.groupId,
			meetingId: parsed.kind === 'directory' ? null : parsed.meetingId,
			storage: { isLoaded: false, unsavedUpdates: 0, issue: null },
			relay: null
		};
		this.persistence = new DocPersistence(name, this.doc, this.#db, (storage) =>
			this.#set({ storage })
		);
		this.tabs = new TabChannel(name, this.doc);
		this.doc.on('update', this.#onUpdate);
		this.whenLoaded = this.persistence.whenLoaded.then(() => {
			this.tabs.greet();
			if (parsed.kind === 'minutes' || parsed.kind === 'comments') {
				this.#indexKeeper = new MeetingIndexKeeper(
					this.#db,
					parsed.groupId,
					parsed.meetingId,
					this.doc,
					parsed.kind
				);
			}
			if (parsed.kind === 'minutes') {
				this.#stopSearchFeed = feedSearch(parsed.groupId, parsed.meetingId, this.doc);
			}
		});
		this.whenStarted = this.#start(options);
	}

	async #start(options: OpenOptions) {
		let known: Map<number, number> | null = null;
		let target: RelayTarget | null = options.relay ?? null;
		try {
			const existing = await recordDocumentOpened(this.#db, {
				name: this.name,
				groupId: this.status.groupId,
				meetingId: this.status.meetingId,
				kind: this.status.kind
			});
			if (existing?.relayStateVector) known = Y.decodeStateVector(existing.relayStateVector);
			const group = await getGroup(this.#db, this.status.groupId);
			if (options.relay === undefined) target = await relayTargetFor(this.#db, this.status.groupId);
			if (this.status.kind === 'minutes' && group?.role === 'edit' && !this.#isClosed) {
				this.#directory = openDocument(directoryDocumentName(this.status.groupId), {
					db: this.#db,
					...(options.relay !== undefined ? { relay: options.relay } : {})
				});
				this.doc.on('update', this.#scheduleDirectorySync);
				void Promise.all([this.whenLoaded, this.#directory.whenLoaded]).then(() =>
					this.#syncDirectory()
				);
			}
		} catch (error) {
			reportStorageError('documents', error);
		}
		await this.whenLoaded;
		if (this.#isClosed || !target) return;
		this.#lastRelayVector = known;
		try {
			this.relay = new RelayConnection(this.name, this.doc, this.awareness, target, {
				knownRelayVector: known,
				onChange: (relay) => this.#set({ relay }),
				onReceipt: (vector) => {
					this.#lastRelayVector = vector;
					this.#scheduleReceiptSave();
				}
			});
		} catch (error) {
			// No WebSocket here (an old browser, a test without one): stay on this device. Only
			// the error's name: a WebSocket constructor's message quotes the URL, token included.
			console.error('Plenary: cannot connect to the relay:', (error as Error)?.name ?? 'Error');
			return;
		}
		this.#set({ relay: this.relay.status });
	}

	#onUpdate = (_update: Uint8Array, origin: unknown) => {
		if (origin === this.persistence || origin === this.tabs || origin === this.relay?.provider) {
			return;
		}
		noteRealUse();
	};

	#scheduleDirectorySync = (_update: Uint8Array, origin: unknown) => {
		// Only this tab's own edits: remote ones were listed by their author (and the relay).
		if (origin === this.persistence || origin === this.tabs || origin === this.relay?.provider) {
			return;
		}
		if (this.#directoryTimer) return;
		this.#directoryTimer = setTimeout(() => {
			this.#directoryTimer = null;
			this.#syncDirectory();
		}, 400);
	};

	/** The group's directory lists this meeting's title, date and status (model's rule). */
	#syncDirectory() {
		const meetingId = this.status.meetingId;
		if (!this.#directory || !meetingId || this.#isClosed) return;
		try {
			syncDirectoryEntry(this.#directory.doc, meetingId, this.doc);
		} catch (error) {
			console.error('Plenary: could not update the group directory', error);
		}
	}

	#set(patch: Partial<DocumentStatus>) {
		this.status = { ...this.status, ...patch };
		for (const listener of [...this.listeners]) listener(this.status);
		notifyRegistry(this.status);
	}

	#scheduleReceiptSave() {
		if (this.#receiptSaveTimer) return;
		this.#receiptSaveTimer = setTimeout(() => {
			this.#receiptSaveTimer = null;
			void this.#saveReceipt();
		}, 2_000);
	}

	async #saveReceipt() {
		const vector = this.#lastRelayVector;
		try {
			await recordReceipt(this.#db, this.name, {
				relayStateVector: vector ? Y.encodeStateVector(vector) : null,
				receiptAt: this.status.relay?.lastReceiptAt ?? null,
				pending: this.status.relay?.pending ?? 0
			});
		} catch (error) {
			reportStorageError('documents', error);
		}
	}

	async close() {
		if (this.#directoryTimer) {
			clearTimeout(this.#directoryTimer);
			this.#directoryTimer = null;
			this.#syncDirectory();
		}
		this.#isClosed = true;
		await this.whenStarted.catch(() => {});
		this.doc.off('update', this.#scheduleDirectorySync);
		this.#directory?.release();
		if (this.#receiptSaveTimer) clearTimeout(this.#receiptSaveTimer);
		this.doc.off('update', this.#onUpdate);
		this.#indexKeeper?.destroy();
		this.#stopSearchFeed?.();
		this.tabs.destroy();
		const relayStatus = this.relay?.status ?? null;
		this.relay?.destroy();
		this.awareness.destroy();
		await this.persistence.destroy();
		if (relayStatus) await this.#saveReceipt();
		this.doc.destroy();
		forgetRegistry(this.name, relayStatus?.pending ?? 0);
	}
}

const open = new Map<string, OpenDocument>();
const closingDocs = new Set<Promise<void>>();

/** Documents closed while the relay still lacked some of their changes: name → count. */
const closedPending = new Map<string, number>();

function notifyRegistry(_status?: DocumentStatus) {
	let closed = 0;
	for (const count of closedPending.values()) closed += count;
	const statuses = [...open.values()].map((entry) => entry.status);
	publishDocuments({ statuses, closedPending: closed });
}

function forgetRegistry(name: string, pending: number) {
	if (!open.has(name)) {
		if (pending > 0) closedPending.set(name, pending);
		else closedPending.delete(name);
	}
	notifyRegistry();
}

let isLifecycleHooked = false;
function hookPageLifecycle() {
	if (isLifecycleHooked || typeof addEventListener !== 'function') return;
	isLifecycleHooked = true;
	addEventListener('pagehide', flushAll);
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden') flushAll();
	});
}

/** Starts writing every open document's queued updates now. */
export function flushAll(): Promise<void> {
	return Promise.all([...open.values()].map((entry) => entry.persistence.flush())).then(() => {});
}

export function openDocument(name: string, options: OpenOptions = {}): DocumentHandle {
	if (typeof document !== 'undefined') hookPageLifecycle();
	let entry = open.get(name);
	if (!entry) {
		entry = new OpenDocument(name, options);
		open.set(name, entry);
		closedPending.delete(name);
	}
	entry.refs++;
	const current = entry;
	let isReleased = false;
	return {
		name,
		doc: current.doc,
		awareness: current.awareness,
		whenLoaded: current.whenLoaded,
		status: readable(current.status, (set) => {
			const listener: Listener = (status) => set(status);
			current.listeners.add(listener);
			set(current.status);
			return () => current.listeners.delete(listener);
		}),
		getStatus: () => current.status,
		whenStored: () => current.persistence.whenStored(),
		whenSettled: () => settled(current),
		retry: () => current.relay?.retry(),
		release() {
			if (isReleased) return Promise.resolve();
			isReleased = true;
			current.refs--;
			if (current.refs > 0) return Promise.resolve();
			open.delete(name);
			const closing = current.close().finally(() => closingDocs.delete(closing));
			closingDocs.add(closing);
			return closing;
		}
	};
}

async function settled(entry: OpenDocument): Promise<boolean> {
	await entry.whenStarted;
	if (!entry.relay) return true;
	return new Promise((resolve) => {
		const check = (status: DocumentStatus): boolean => {
			const relay = status.relay;
			if (!relay) return false;
			if (relay.phase === 'connected' && relay.hasReceipt && relay.pending === 0) {
				resolve(true);
				return true;
			}
			if (relay.phase === 'offline' || relay.phase === 'failed' || relay.phase === 'unreachable') {
				resolve(false);
				return true;
			}
			return false;
		};
		if (check(entry.status)) return;
		const listener: Listener = (status) => {
			if (check(status)) entry.listeners.delete(listener);
		};
		entry.listeners.add(listener);
	});
}

/** Tries the relay again now for one open document (after an error, or to skip the backoff). */
export function retryDocument(name: string): void {
	open.get(name)?.relay?.retry();
}

/**
 * After this device replaced a group's links: every open document of the group connects with
 * the group's new token (those opened later read it from storage).
 */
export async function useNewGroupToken(groupId: string, db = getDatabase()): Promise<void> {
	const target = await relayTargetFor(db, groupId);
	if (!target) return;
	const entries = [...open.values()].filter((entry) => entry.status.groupId === groupId);
	await Promise.all(entries.map((entry) => entry.whenStarted.catch(() => {})));
	for (const entry of entries) entry.relay?.useToken(target.token);
}

/** Whether the document is open in this tab (by a screen or background sync). */
export function isDocumentOpen(name: string): boolean {
	return open.has(name);
}

/** Changes the relay has not confirmed, per document, open or closed: name → count. */
export function pendingByDocument(): Map<string, number> {
	const pending = new Map(closedPending);
	for (const { status } of open.values()) {
		if (status.relay) pending.set(status.name, status.relay.pending);
	}
	return pending;
}

/** Closed documents whose changes the relay had not confirmed: name → count. */
export function closedDocumentsPending(): ReadonlyMap<string, number> {
	return closedPending;
}

/** Seeds the closed-and-pending map from the last session (the documents table). */
export function rememberClosedPending(name: string, pending: number) {
	if (open.has(name)) return;
	if (pending > 0) closedPending.set(name, pending);
	else closedPending.delete(name);
	notifyRegistry();
}

/** Resolves when every released document has finished closing (stored, receipts saved). */
export async function whenAllClosed(): Promise<void> {
	while (closingDocs.size) await Promise.all([...closingDocs]);
}

/** Tests: how many documents this tab holds open. */
export function openDocumentCount(): number {
	return open.size;
}
