/**
 * The Actions screen's state: every action item of a group's meetings, read from this device's
 * copies (offline too), kept current as the meetings index changes, and marked done into its
 * meeting's minutes document so the change syncs and shows in that meeting.
 *
 * Reading goes through `readStoredDocument` (no relay connection per meeting); a meeting is read
 * again when its index row says it changed (this tab, another tab, background sync). Marking
 * done opens the meeting through the registry, as its screen would; the handle is kept until the
 * screen closes, so the change reaches the relay while the person is still looking.
 */
import type * as Y from 'yjs';
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import { actionsAcross, type ActionRow } from '$lib/model/actions-across';
import { updateBlock } from '$lib/model/blocks';
import { isMeetingCreated } from '$lib/model/minutes';
import { minutesDocumentName } from '$lib/protocol/document-names';
import { getDatabase, type MeetingIndexRecord, type PlenaryDatabase } from '$lib/storage/db';
import { readStoredDocument } from '$lib/storage/stored-documents';
import { reportStorageError } from '$lib/storage/storage-errors';
import { localDate } from './local-date';
import { followProfile, loadProfile } from './profile';

export interface MissingMeeting {
	meetingId: string;
	title: string;
	date: string;
}

export class ActionsAcross {
	rows = $state.raw<ActionRow[]>([]);
	/** Meetings the directory lists whose minutes are not on this device: their actions are unknown. */
	missing = $state.raw<MissingMeeting[]>([]);
	displayName = $state('');
	/** Every listed meeting on this device has been read once. */
	isLoaded = $state(false);
	/** Why the last "done" did not stick. */
	failure = $state('');

	readonly groupId: string;
	#db: PlenaryDatabase;
	// Bookkeeping, not state: nothing renders from these maps.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#docs = new Map<string, { updatedAt: number; doc: Y.Doc }>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#handles = new Map<string, DocumentHandle>();
	#offs: (() => void)[] = [];
	#order: string[] = [];
	#generation = 0;
	#stopProfile: () => void;
	#isDestroyed = false;

	constructor(groupId: string, options: { db?: PlenaryDatabase } = {}) {
		this.groupId = groupId;
		this.#db = options.db ?? getDatabase();
		void loadProfile()
			.then((p) => this.#setName(p.displayName))
			.catch(() => {});
		this.#stopProfile = followProfile((p) => this.#setName(p.displayName));
	}

	#setName(name: string) {
		if (this.#isDestroyed || name === this.displayName) return;
		this.displayName = name;
		this.#recompute();
	}

	/**
	 * Follows the group's index rows (the workspace's live list): reads the meetings that are new
	 * or changed since, forgets those gone.
	 */
	async follow(rows: MeetingIndexRecord[]): Promise<void> {
		const generation = ++this.#generation;
		const mine = rows.filter((r) => r.groupId === this.groupId);
		this.missing = mine
			.filter((r) => !r.isOnDevice)
			.map(({ meetingId, title, date }) => ({ meetingId, title, date }));
		const onDevice = mine.filter((r) => r.isOnDevice);
		this.#order = onDevice.map((r) => r.meetingId);
		for (const id of [...this.#docs.keys()]) {
			if (!this.#order.includes(id)) this.#docs.delete(id);
		}
		for (const row of onDevice) {
			const known = this.#docs.get(row.meetingId);
			const open = this.#handles.get(row.meetingId);
			if (open) {
				this.#docs.set(row.meetingId, { updatedAt: row.updatedAt, doc: open.doc });
				continue;
			}
			if (known && known.updatedAt === row.updatedAt) continue;
			try {
				const doc = await readStoredDocument(
					this.#db,
					minutesDocumentName(this.groupId, row.meetingId)
				);
				if (this.#isDestroyed || generation !== this.#generation) return;
				this.#docs.set(row.meetingId, { updatedAt: row.updatedAt, doc });
			} catch (error) {
				reportStorageError('documents', error);
			}
		}
		if (this.#isDestroyed || generation !== this.#generation) return;
		this.#recompute();
		this.isLoaded = true;
	}

	#recompute() {
		const meetings = this.#order.flatMap((meetingId) => {
			const doc = this.#docs.get(meetingId)?.doc;
			return doc && isMeetingCreated(doc) ? [{ meetingId, doc }] : [];
		});
		this.rows = actionsAcross(meetings, { displayName: this.displayName, today: localDate() });
	}

	/**
	 * Marks an action done (or not) in its meeting's minutes (editors: the caller checks the
	 * role). Resolves once stored on this device; the relay gets it like any edit.
	 */
	async setDone(row: ActionRow, done: boolean): Promise<boolean> {
		this.failure = '';
		try {
			let handle = this.#handles.get(row.meetingId);
			if (!handle) {
				handle = openDocument(minutesDocumentName(this.groupId, row.meetingId), { db: this.#db });
				this.#handles.set(row.meetingId, handle);
				const recompute = () => this.#recompute();
				const doc = handle.doc;
				doc.on('update', recompute);
				this.#offs.push(() => doc.off('update', recompute));
			}
			await handle.whenLoaded;
			if (this.#isDestroyed) return false;
			this.#docs.set(row.meetingId, {
				updatedAt: this.#docs.get(row.meetingId)?.updatedAt ?? 0,
				doc: handle.doc
			});
			if (!updateBlock(handle.doc, row.blockId, { done })) {
				this.failure = `“${row.what}” is no longer in “${row.meetingTitle}”: someone removed it.`;
				this.#recompute();
				return false;
			}
			await handle.whenStored();
			this.#recompute();
			return true;
		} catch (error) {
			this.failure = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
			return false;
		}
	}

	destroy() {
		this.#isDestroyed = true;
		this.#stopProfile();
		for (const off of this.#offs) off();
		for (const handle of this.#handles.values()) void handle.release();
		this.#handles.clear();
		this.#docs.clear();
	}
}
