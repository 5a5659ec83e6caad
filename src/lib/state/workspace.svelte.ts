/**
 * The device's workspace: its groups (the local notebook first), the current group, that group's
 * meetings from the derived index, background sync of every relay group and the one-line sync
 * status. Created once by the root layout and handed to components with
 * `setWorkspaceContext` / `getWorkspaceContext`.
 *
 * It observes the sync layer in one place (`onDocumentsChange`, storage issues, connectivity,
 * and the groups and the current group's meetings as live queries, which follow the writes of
 * this tab and of the others) and keeps snapshots in `$state.raw`; everything else is
 * `$derived`. The storage code (workspace-engine.ts) is loaded with `import()`, so the first
 * screen renders before it is parsed; the sync code (sync-engine.ts: Yjs, y-websocket) only when
 * a group has a relay or a meeting is created, moved or re-indexed. `destroy()` stops every
 * subscription and background sync.
 */
import { isDocumentOfGroup } from '$lib/protocol/document-names';
import { createContext } from 'svelte';
import type { GroupRecord, MeetingIndexRecord, PlenaryDatabase } from '$lib/storage/db';
import { isPlaceholderRow } from '$lib/storage/index-rows';
import type { JoinedGroup } from '$lib/storage/groups';
import type { PersistenceOutcome } from '$lib/storage/persistence';
import { LOCAL_NOTEBOOK_ID } from '$lib/storage/local-notebook';
import {
	clearStorageError,
	reportStorageError,
	subscribeStorageIssues,
	type StorageIssue
} from '$lib/storage/storage-errors';
import type { GroupSync, SyncProgress } from '$lib/documents/background-sync';
import { isBrowserOnline, onConnectivityChange } from '$lib/sync/connectivity';
import { onDocumentsChange } from '$lib/documents/status-events';
import type { DocumentStatus } from '$lib/documents/status-events';
import { overallStatus, type OverallStatus } from '$lib/documents/overall-status';
import { dropGroupPresence } from './group-presence.svelte';
import { localDate } from './local-date';

type Engine = typeof import('./workspace-engine');
type SyncEngine = typeof import('./sync-engine');

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
	/** groups and the index have been read once */
	isReady = $state(false);
	/** the device's groups have been read */
	hasGroups = $state(false);
	isOnline = $state(isBrowserOnline());
	documents = $state.raw<DocumentStatus[]>([]);
	closedPending = $state(0);
	progress = $state.raw<Record<string, SyncProgress>>({});
	/**
	 * IndexedDB failures being retried, one per kind of problem (the first reported): a full
	 * disk fails every document's writes alike, and one notice says it.
	 */
	storageIssues = $state.raw<StorageIssue[]>([]);
	/** the browser refused persistent storage (or has none) and the person has not been told yet */
	isPersistenceWarningDue = $state(false);
	/** what the browser said about persistent storage; null: not granted, not asked yet */
	persistence = $state<PersistenceOutcome | null>(null);

	currentGroup = $derived(this.groups.find((g) => g.id === this.currentGroupId) ?? null);
	/** whether this device may write the current group's minutes (the `edit` role) */
	canEdit = $derived((this.currentGroup?.role ?? 'edit') === 'edit');
	status: OverallStatus = $derived(
		overallStatus({
			isBrowserOnline: this.isOnline,
			isLoaded: this.hasGroups,
			hasRelayGroups: this.groups.some((g) => g.relayUrl),
			documents: this.documents,
			closedPending: this.closedPending
		})
	);
	/** background sync of the current group, e.g. { done: 12, total: 40 } */
	currentProgress = $derived(this.progress[this.currentGroupId] ?? null);

	/** Resolves once storage and sync are loaded and the groups read. */
	readonly whenReady: Promise<void>;

	#options: WorkspaceOptions;
	#engine: Engine | null = null;
	#syncEngine: Promise<SyncEngine> | null = null;
	#db: PlenaryDatabase | null = null;
	// Bookkeeping, not state: nothing renders from it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#syncs = new Map<string, GroupSync>();
	#stopWatchingMeetings: (() => void) | null = null;
	/** The groups of the live query's last result. */
	#liveGroupIds: string[] | null = null;
	#cleanups: (() => void)[] = [];
	#isDestroyed = false;

	constructor(options: WorkspaceOptions = {}) {
		this.#options = options;
		this.#cleanups.push(
			subscribeStorageIssues((issues) => (this.storageIssues = onePerProblem(issues))),
			onConnectivityChange((isOnline) => (this.isOnline = isOnline)),
			onDocumentsChange(({ statuses, closedPending }) => {
				this.documents = statuses;
				this.closedPending = closedPending;
			})
		);
		this.whenReady = this.#init();
	}

	async #init() {
		const engine = await import('./workspace-engine');
		if (this.#isDestroyed) return;
		this.#engine = engine;
		const db = (this.#db = this.#options.db ?? engine.getDatabase());
		this.#cleanups.push(
			engine.onPersistenceOutcome((outcome) => {
				this.persistence = outcome;
				if (outcome !== 'granted') void this.#maybeWarnPersistence();
			})
		);
		void engine.readPersistence().then((known) => (this.persistence ??= known));
		let pendingRows: { name: string; pending: number }[] = [];
		try {
			this.groups = await engine.ensureGroups(db);
			const saved = (await db.settings.get(CURRENT_GROUP_KEY))?.value;
			if (typeof saved === 'string' && this.groups.some((g) => g.id === saved)) {
				this.currentGroupId = saved;
			}
			pendingRows = await engine.documentsWithPending(db);
			clearStorageError('groups');
		} catch (error) {
			// Shown in the layout's alert (storage-errors.ts); the screens work in memory meanwhile.
			reportStorageError('groups', error);
		}
		if (this.#isDestroyed) return;
		this.hasGroups = true;
		this.#cleanups.push(
			engine.followQuery(
				db,
				'groups',
				() => engine.listGroups(db),
				(groups) => this.#followGroups(groups)
			)
		);
		this.#watchMeetings();
		void this.#moveLegacyDocuments(engine, db);
		if (pendingRows.length || this.groups.some((g) => g.relayUrl)) {
			const sync = await this.#sync();
			for (const row of pendingRows) sync.rememberClosedPending(row.name, row.pending);
			if (this.#options.isSyncing ?? true) for (const group of this.groups) this.#startSync(group);
		}
	}

	/**
	 * Documents with rows in the device database's legacy table move into their own databases
	 * (doc-store.ts), in the background, so that those never opened again keep nothing there.
	 * The sync engine (Yjs) is loaded only when there are some.
	 */
	async #moveLegacyDocuments(engine: Engine, db: PlenaryDatabase) {
		try {
			if ((await engine.namesWithLegacyUpdates(db)).length === 0) return;
			const sync = await this.#sync();
			if (!this.#isDestroyed) await sync.moveLegacyDocuments(db);
		} catch (error) {
			reportStorageError('documents', error);
		}
	}

	/** Loads the sync engine once. */
	#sync(): Promise<SyncEngine> {
		// Not through #ready(): #init itself loads it, before whenReady resolves.
		this.#syncEngine ??= import('./sync-engine');
		return this.#syncEngine;
	}

	async #ready(): Promise<{ engine: Engine; db: PlenaryDatabase }> {
		await this.whenReady;
		if (!this.#engine || !this.#db) throw new Error('the workspace was closed');
		return { engine: this.#engine, db: this.#db };
	}

	/**
	 * The groups as written by this tab or another (a group joined or left elsewhere): the
	 * current group falls back to the local notebook when it is gone, a group gone stops
	 * syncing and this device's presence in it ends (so its documents close and are not written
	 * back), and a new relay group starts.
	 */
	#followGroups(groups: GroupRecord[]) {
		this.groups = groups;
		const before = this.#liveGroupIds;
		const ids = groups.map((g) => g.id);
		this.#liveGroupIds = ids;
		// The first result is what #init read and started syncing.
		if (!before) return;
		for (const id of before) {
			if (ids.includes(id)) continue;
			this.#syncs.get(id)?.destroy();
			this.#syncs.delete(id);
			dropGroupPresence(id);
			if (id === this.currentGroupId) void this.selectGroup(LOCAL_NOTEBOOK_ID);
		}
		if (!(this.#options.isSyncing ?? true)) return;
		for (const group of groups) if (!before.includes(group.id)) void this.#startSync(group);
	}

	/**
	 * Follows the current group's rows of the meetings index (a live query: writes of this tab
	 * and the others); a failed read is reported and tried again, after 1 s and then up to
	 * every 30 s.
	 */
	#watchMeetings() {
		const engine = this.#engine;
		const db = this.#db;
		if (!engine || !db) return;
		this.#stopWatchingMeetings?.();
		const groupId = this.currentGroupId;
		this.#stopWatchingMeetings = engine.followQuery(
			db,
			'meetings list',
			() => db.meetings.where('groupId').equals(groupId).toArray(),
			(rows) => {
				// Placeholders hold a comment count until their meeting is known: not meetings yet.
				this.meetings = rows
					.filter((row) => !isPlaceholderRow(row))
					.sort(
						(a, b) =>
							b.date.localeCompare(a.date) ||
							b.updatedAt - a.updatedAt ||
							a.title.localeCompare(b.title)
					);
				this.isReady = true;
			},
			() => (this.isReady = true)
		);
	}

	/** Background sync of a group with a relay (the local notebook has nothing to sync). */
	async #startSync(group: GroupRecord) {
		if (!group.relayUrl || !this.#db || this.#syncs.has(group.id)) return;
		const { GroupSync } = await this.#sync();
		if (this.#isDestroyed || this.#syncs.has(group.id)) return;
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
		const { engine, db } = await this.#ready();
		if (await engine.shouldWarnAboutPersistence(db)) this.isPersistenceWarningDue = true;
	}

	/**
	 * The meetings list shows the warning: remembered then, not when dismissed, so a reload or
	 * a closed tab right after "Got it" does not bring it back.
	 */
	async notePersistenceWarningShown() {
		const { engine, db } = await this.#ready();
		await engine.markPersistenceWarningShown(db);
	}

	dismissPersistenceWarning() {
		this.isPersistenceWarningDue = false;
	}

	/** Shows the meetings kept on this device only. */
	selectNotebook(): Promise<void> {
		return this.selectGroup(LOCAL_NOTEBOOK_ID);
	}

	async selectGroup(groupId: string) {
		const { db } = await this.#ready();
		if (!this.groups.some((g) => g.id === groupId)) return;
		this.currentGroupId = groupId;
		this.#watchMeetings();
		await db.settings.put({ key: CURRENT_GROUP_KEY, value: groupId });
	}

	/** Stores a group joined or created on a relay, starts syncing it and makes it current. */
	async addGroup(group: JoinedGroup): Promise<GroupRecord> {
		const { engine, db } = await this.#ready();
		const record = await engine.saveGroup(db, group);
		this.groups = await engine.listGroups(db);
		this.#syncs.get(record.id)?.destroy();
		this.#syncs.delete(record.id);
		if (this.#options.isSyncing ?? true) await this.#startSync(record);
		await this.selectGroup(record.id);
		return record;
	}

	/** Re-reads the groups after one's tokens changed (links rotated) and restarts its sync. */
	async reloadGroup(groupId: string): Promise<void> {
		const { engine, db } = await this.#ready();
		this.groups = await engine.listGroups(db);
		this.#syncs.get(groupId)?.destroy();
		this.#syncs.delete(groupId);
		const record = this.groups.find((g) => g.id === groupId);
		if (record && (this.#options.isSyncing ?? true)) await this.#startSync(record);
	}

	/** Re-reads the groups after tokens were added that no sync uses yet (its sync carries on). */
	async reloadGroups(): Promise<void> {
		const { engine, db } = await this.#ready();
		this.groups = await engine.listGroups(db);
	}

	/** Stops syncing a group and removes everything of it from this device. */
	async leaveGroup(groupId: string): Promise<void> {
		const { engine, db } = await this.#ready();
		const [{ removeGroupData }, sync] = await Promise.all([
			import('$lib/storage/group-membership'),
			this.#sync()
		]);
		this.#syncs.get(groupId)?.destroy();
		this.#syncs.delete(groupId);
		await sync.whenAllClosed();
		await removeGroupData(db, groupId);
		// Its unconfirmed changes are gone with it: no longer "waiting" in the status.
		for (const name of [...sync.closedDocumentsPending().keys()]) {
			if (isDocumentOfGroup(name, groupId)) sync.rememberClosedPending(name, 0);
		}
		this.groups = await engine.listGroups(db);
		if (this.currentGroupId === groupId) await this.selectGroup(LOCAL_NOTEBOOK_ID);
	}

	/**
	 * Creates a meeting in the current group, offline or not: its first content is written once,
	 * by the model's `createMeeting`, and stored on this device before this resolves.
	 */
	async createMeeting(input: { title?: string; date?: string } = {}) {
		const { db } = await this.#ready();
		const engine = await this.#sync();
		const groupId = this.currentGroupId;
		if (!this.canEdit) throw new Error('this group’s invite link only lets you read and comment');
		const meetingId = engine.newMeetingId();
		const handle = engine.openDocument(engine.minutesDocumentName(groupId, meetingId), { db });
		try {
			await handle.whenLoaded;
			engine.createMeeting(handle.doc, {
				meetingId,
				title: input.title ?? '',
				date: input.date ?? localDate()
			});
			await handle.whenStored();
			await engine.indexMinutes(db, groupId, meetingId, handle.doc);
		} finally {
			handle.release();
		}
		return { groupId, meetingId };
	}

	/**
	 * Creates a meeting in the current group from an import's updates (markdown-import.svelte.ts),
	 * offline or not: stored whole on this device and listed before this resolves, or not at all.
	 */
	async importMeeting(input: { meetingId: string; updates: Uint8Array[] }) {
		const { db } = await this.#ready();
		const engine = await this.#sync();
		const groupId = this.currentGroupId;
		if (!this.canEdit) throw new Error('this group’s invite link only lets you read and comment');
		await engine.storeImportedMeeting(db, groupId, input.meetingId, input.updates);
		return { groupId, meetingId: input.meetingId };
	}

	/**
	 * Moves a meeting of the current group (typically the local notebook) into another group:
	 * copied whole, stored and listed there, then removed here.
	 */
	async moveMeeting(meetingId: string, toGroupId: string) {
		const { db } = await this.#ready();
		const engine = await this.#sync();
		if (!this.groups.some((g) => g.id === toGroupId)) throw new Error('unknown group');
		await engine.moveMeeting(db, meetingId, this.currentGroupId, toGroupId);
		void this.#syncs.get(toGroupId)?.run();
	}

	/** Recomputes the meetings index from the documents on this device. */
	async rebuildIndex(): Promise<number> {
		const { db } = await this.#ready();
		const engine = await this.#sync();
		return engine.rebuildMeetingsIndex(db);
	}

	/** Tries the relay again now for one document, and a sync pass of every group. */
	retry(name: string) {
		void this.#sync().then((engine) => engine.retryDocument(name));
		this.syncNow();
	}

	/** Runs a background sync pass of every group now. */
	syncNow() {
		for (const sync of this.#syncs.values()) void sync.run();
	}

	destroy() {
		this.#isDestroyed = true;
		this.#stopWatchingMeetings?.();
		for (const cleanup of this.#cleanups) cleanup();
		for (const sync of this.#syncs.values()) sync.destroy();
		this.#syncs.clear();
	}
}

function onePerProblem(issues: StorageIssue[]): StorageIssue[] {
	return issues.filter((issue, i) => issues.findIndex((o) => o.problem === issue.problem) === i);
}

export const [getWorkspaceContext, setWorkspaceContext] = createContext<Workspace>();
