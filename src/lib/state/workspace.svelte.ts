/**
 * The device's workspace: its groups (the local notebook first), the current group, that group's
 * meetings from the derived index, background sync of every relay group and the one-line sync
 * status. Created once by the root layout and handed to components with
 * `setWorkspaceContext` / `getWorkspaceContext`.
 *
 * It observes the sync layer in one place (`onDocumentsChange`, storage issues, connectivity,
 * Dexie's liveQuery) and keeps snapshots in `$state.raw`; everything else is `$derived`.
 * `destroy()` stops every subscription and background sync.
 */
import { createContext } from 'svelte';
import { liveQuery, type Subscription } from 'dexie';
import {
	getDatabase,
	LOCAL_NOTEBOOK_ID,
	type GroupRecord,
	type MeetingIndexRecord,
	type PlenaryDatabase
} from '$lib/storage/db';
import { ensureGroups, listGroups, saveGroup, type JoinedGroup } from '$lib/storage/groups';
import { indexMinutes } from '$lib/storage/meetings-index';
import {
	createMeeting as createMeetingInDoc,
	minutesDocumentName,
	newMeetingId
} from '$lib/storage/model-adapter';
import {
	onPersistenceOutcome,
	markPersistenceWarningShown,
	shouldWarnAboutPersistence
} from '$lib/storage/persistence';
import { subscribeStorageIssues, type StorageIssue } from '$lib/storage/storage-errors';
import { GroupSync, type SyncProgress } from '$lib/sync/background-sync';
import { isBrowserOnline, onConnectivityChange } from '$lib/sync/connectivity';
import {
	closedDocumentsPending,
	onDocumentsChange,
	openDocument,
	openDocumentStatuses,
	rememberClosedPending,
	type DocumentStatus
} from '$lib/sync/documents';
import { overallStatus, type OverallStatus } from '$lib/sync/status';
import { localDate } from './local-date';

const CURRENT_GROUP_KEY = 'current-group';

export interface WorkspaceOptions {
	db?: PlenaryDatabase;
	/** start background sync of relay groups (default true) */
	isSyncing?: boolean;
}

export class Workspace {
	groups = $state.raw<GroupRecord[]>([]);
	currentGroupId = $state(LOCAL_NOTEBOOK_ID);
	/** the current group's meetings, newest date first */
	meetings = $state.raw<MeetingIndexRecord[]>([]);
	/** the index and groups have been read once */
	isReady = $state(false);
	isOnline = $state(isBrowserOnline());
	documents = $state.raw<DocumentStatus[]>([]);
	closedPending = $state(0);
	progress = $state.raw<Record<string, SyncProgress>>({});
	storageIssues = $state.raw<StorageIssue[]>([]);
	/** the browser refused persistent storage and the person has not been told yet */
	isPersistenceWarningDue = $state(false);

	currentGroup = $derived(this.groups.find((g) => g.id === this.currentGroupId) ?? null);
	status: OverallStatus = $derived(
		overallStatus({
			isBrowserOnline: this.isOnline,
			hasRelayGroups: this.groups.some((g) => g.relayUrl),
			documents: this.documents,
			closedPending: this.closedPending
		})
	);
	/** background sync of the current group, e.g. { done: 12, total: 40 } */
	currentProgress = $derived(this.progress[this.currentGroupId] ?? null);

	#db: PlenaryDatabase;
	#isSyncing: boolean;
	// Bookkeeping, not state: nothing renders from it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#syncs = new Map<string, GroupSync>();
	#meetingsSubscription: Subscription | null = null;
	#cleanups: (() => void)[] = [];
	#isDestroyed = false;

	constructor(options: WorkspaceOptions = {}) {
		this.#db = options.db ?? getDatabase();
		this.#isSyncing = options.isSyncing ?? true;
		const refreshDocuments = () => {
			this.documents = openDocumentStatuses();
			let pending = 0;
			for (const count of closedDocumentsPending().values()) pending += count;
			this.closedPending = pending;
		};
		this.#cleanups.push(
			onDocumentsChange(refreshDocuments),
			subscribeStorageIssues((issues) => (this.storageIssues = issues)),
			onConnectivityChange((isOnline) => (this.isOnline = isOnline)),
			onPersistenceOutcome((outcome) => {
				if (outcome === 'refused') void this.#maybeWarnPersistence();
			})
		);
		refreshDocuments();
		void this.#init();
	}

	async #init() {
		const db = this.#db;
		try {
			this.groups = await ensureGroups(db);
			const saved = (await db.settings.get(CURRENT_GROUP_KEY))?.value;
			if (typeof saved === 'string' && this.groups.some((g) => g.id === saved)) {
				this.currentGroupId = saved;
			}
			for (const row of await db.documents.toArray()) {
				if (row.pending > 0) rememberClosedPending(row.name, row.pending);
			}
		} catch (error) {
			console.error('Plenary: could not read this device’s groups', error);
		}
		if (this.#isDestroyed) return;
		this.#watchMeetings();
		this.isReady = true;
		if (this.#isSyncing) for (const group of this.groups) this.#startSync(group);
	}

	#watchMeetings() {
		this.#meetingsSubscription?.unsubscribe();
		const groupId = this.currentGroupId;
		this.#meetingsSubscription = liveQuery(() =>
			this.#db.meetings.where('groupId').equals(groupId).toArray()
		).subscribe({
			next: (rows) => {
				this.meetings = rows.sort(
					(a, b) =>
						b.date.localeCompare(a.date) ||
						b.updatedAt - a.updatedAt ||
						a.title.localeCompare(b.title)
				);
			},
			error: (error) => console.error('Plenary: could not read the meetings index', error)
		});
	}

	#startSync(group: GroupRecord) {
		if (this.#syncs.has(group.id)) return;
		this.#syncs.set(
			group.id,
			new GroupSync(group, this.#db, (progress) => {
				const next = { ...this.progress };
				if (progress) next[group.id] = progress;
				else delete next[group.id];
				this.progress = next;
			})
		);
	}

	async #maybeWarnPersistence() {
		if (await shouldWarnAboutPersistence(this.#db)) this.isPersistenceWarningDue = true;
	}

	async dismissPersistenceWarning() {
		this.isPersistenceWarningDue = false;
		await markPersistenceWarningShown(this.#db);
	}

	async selectGroup(groupId: string) {
		if (!this.groups.some((g) => g.id === groupId)) return;
		this.currentGroupId = groupId;
		this.#watchMeetings();
		await this.#db.settings.put({ key: CURRENT_GROUP_KEY, value: groupId });
	}

	/** Stores a group joined or created on a relay, starts syncing it and makes it current. */
	async addGroup(group: JoinedGroup): Promise<GroupRecord> {
		const record = await saveGroup(this.#db, group);
		this.groups = await listGroups(this.#db);
		const old = this.#syncs.get(record.id);
		old?.destroy();
		this.#syncs.delete(record.id);
		if (this.#isSyncing) this.#startSync(record);
		await this.selectGroup(record.id);
		return record;
	}

	/**
	 * Creates a meeting in the current group, offline or not: its first content is written once,
	 * by the model's `createMeeting`, and stored on this device before this resolves.
	 */
	async createMeeting(input: { title?: string; date?: string } = {}) {
		const groupId = this.currentGroupId;
		const meetingId = newMeetingId();
		const handle = openDocument(minutesDocumentName(groupId, meetingId), { db: this.#db });
		try {
			await handle.whenLoaded;
			createMeetingInDoc(handle.doc, {
				meetingId,
				title: input.title ?? '',
				date: input.date ?? localDate()
			});
			await handle.whenStored();
			await indexMinutes(this.#db, groupId, meetingId, handle.doc);
		} finally {
			handle.release();
		}
		return { groupId, meetingId, path: `/meeting/${groupId}/${meetingId}` };
	}

	/** Retries every document that stopped or is backing off. */
	retryAll() {
		for (const sync of this.#syncs.values()) void sync.run();
	}

	destroy() {
		this.#isDestroyed = true;
		this.#meetingsSubscription?.unsubscribe();
		for (const cleanup of this.#cleanups) cleanup();
		for (const sync of this.#syncs.values()) sync.destroy();
		this.#syncs.clear();
	}
}

export const [getWorkspaceContext, setWorkspaceContext] = createContext<Workspace>();
