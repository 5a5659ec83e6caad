/**
 * The storage half of the workspace (the device database on Dexie), loaded with `import()` after
 * the first screen has rendered. Yjs, y-websocket and the model come later still, from
 * sync-engine.ts, and only when needed: a group with a relay to sync, or a meeting to create,
 * move or re-index. A first run on the local notebook never loads them on the meetings list.
 */
export { getDatabase } from '$lib/storage/db';
export { documentsWithPending } from '$lib/storage/document-records';
export { ensureGroups, listGroups, saveGroup } from '$lib/storage/groups';
export { followQuery } from '$lib/storage/live-query';
export { namesWithLegacyUpdates } from '$lib/storage/legacy-updates';
export {
	onPersistenceOutcome,
	readPersistence,
	markPersistenceWarningShown,
	shouldWarnAboutPersistence
} from '$lib/storage/persistence';
