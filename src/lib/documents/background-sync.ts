/**
 * Background sync of one group: its directory first, then every meeting (minutes, comments and floor)
 * it lists or this device holds, a few at a time, so any meeting can be opened offline later.
 *
 * A pass runs when the group is started and again whenever the directory's connection comes
 * back (the browser's `online`, a relay restart). The first pass of a session visits every
 * meeting; later passes only those with changes the relay has not confirmed or not yet on this
 * device. `onProgress` reports "12 of 40" while a pass runs and null when it ends; an exception
 * it throws is logged.
 */
import type { GroupRecord, PlenaryDatabase } from '$lib/storage/db';
import { isPlaceholderRow } from '$lib/storage/index-rows';
import { indexDirectory } from '$lib/storage/meetings-index';
import {
	commentsDocumentName,
	floorDocumentName,
	directoryDocumentName,
	directoryMeetings,
	minutesDocumentName
} from '$lib/storage/model-adapter';
import { reportStorageError } from '$lib/storage/storage-errors';
import { closedDocumentsPending, openDocument, type DocumentHandle } from './registry';

export interface SyncProgress {
	groupId: string;
	done: number;
	total: number;
}

const CONCURRENCY = 2;

export class GroupSync {
	readonly group: GroupRecord;
	readonly directory: DocumentHandle;
	#db: PlenaryDatabase;
	#onProgress: (progress: SyncProgress | null) => void;
	#isRunning = false;
	#isRerunWanted = false;
	#hasFullPass = false;
	#isDestroyed = false;
	#wasConnected = false;
	#unsubscribe: () => void;
	#indexTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		group: GroupRecord,
		db: PlenaryDatabase,
		onProgress: (progress: SyncProgress | null) => void
	) {
		this.group = group;
		this.#db = db;
		this.#onProgress = onProgress;
		this.directory = openDocument(directoryDocumentName(group.id), { db });
		this.directory.doc.on('update', this.#scheduleIndex);
		this.#unsubscribe = this.directory.status.subscribe((status) => {
			const isConnected = status.relay?.phase === 'connected' && status.relay.hasReceipt;
			if (isConnected && !this.#wasConnected) void this.run();
			this.#wasConnected = isConnected;
		});
		void this.directory.whenLoaded.then(() => this.#index());
		if (!group.relayUrl) void this.directory.whenLoaded.then(() => this.run());
	}

	#scheduleIndex = () => {
		if (this.#indexTimer) return;
		this.#indexTimer = setTimeout(() => {
			this.#indexTimer = null;
			void this.#index();
		}, 300);
	};

	async #index() {
		try {
			await indexDirectory(this.#db, this.group.id, this.directory.doc);
		} catch (error) {
			reportStorageError('meetings index', error);
		}
	}

	#report(progress: SyncProgress | null) {
		try {
			this.#onProgress(progress);
		} catch (error) {
			console.error('Plenary: sync progress listener failed', error);
		}
	}

	/** The meetings to visit in this pass. */
	async #meetingIds(): Promise<string[]> {
		const listed = directoryMeetings(this.directory.doc).map((m) => m.meetingId);
		// Placeholders (a comment count whose meeting is not known, or was merged away) are not
		// meetings to visit.
		const indexed = (
			await this.#db.meetings.where('groupId').equals(this.group.id).toArray()
		).filter((row) => !isPlaceholderRow(row));
		const all = [...new Set([...listed, ...indexed.map((m) => m.meetingId)])];
		if (!this.#hasFullPass) return all;
		const onDevice = new Set(indexed.filter((m) => m.isOnDevice).map((m) => m.meetingId));
		const pending = closedDocumentsPending();
		return all.filter(
			(id) =>
				!onDevice.has(id) ||
				pending.has(minutesDocumentName(this.group.id, id)) ||
				pending.has(commentsDocumentName(this.group.id, id)) ||
				pending.has(floorDocumentName(this.group.id, id))
		);
	}

	/** One pass; a pass asked for while one runs starts again when it ends. */
	async run(): Promise<void> {
		if (this.#isDestroyed) return;
		if (this.#isRunning) {
			this.#isRerunWanted = true;
			return;
		}
		this.#isRunning = true;
		try {
			await this.directory.whenLoaded;
			if (this.group.relayUrl && !(await this.directory.whenSettled())) return;
			await this.#index();
			if (!this.group.relayUrl) return;
			const ids = await this.#meetingIds();
			const isFull = !this.#hasFullPass;
			let done = 0;
			let allSettled = true;
			this.#report({ groupId: this.group.id, done, total: ids.length });
			const queue = [...ids];
			const worker = async () => {
				for (let id = queue.shift(); id && !this.#isDestroyed; id = queue.shift()) {
					const ok = await this.#syncMeeting(id);
					allSettled &&= ok;
					done++;
					this.#report({ groupId: this.group.id, done, total: ids.length });
				}
			};
			await Promise.all(Array.from({ length: CONCURRENCY }, worker));
			if (isFull && allSettled) this.#hasFullPass = true;
		} finally {
			this.#isRunning = false;
			this.#report(null);
			if (this.#isRerunWanted && !this.#isDestroyed) {
				this.#isRerunWanted = false;
				void this.run();
			}
		}
	}

	async #syncMeeting(meetingId: string): Promise<boolean> {
		const handles = [
			openDocument(minutesDocumentName(this.group.id, meetingId), { db: this.#db }),
			openDocument(commentsDocumentName(this.group.id, meetingId), { db: this.#db }),
			openDocument(floorDocumentName(this.group.id, meetingId), { db: this.#db })
		];
		try {
			const results = await Promise.all(
				handles.map((h) => h.whenLoaded.then(() => h.whenSettled()))
			);
			return results.every(Boolean);
		} finally {
			for (const handle of handles) handle.release();
		}
	}

	destroy() {
		this.#isDestroyed = true;
		if (this.#indexTimer) clearTimeout(this.#indexTimer);
		this.directory.doc.off('update', this.#scheduleIndex);
		this.#unsubscribe();
		this.directory.release();
	}
}
