/**
 * The storage half of the workspace (Dexie), loaded with `import()` after the first screen has
 * rendered. Yjs, y-websocket and the model come later still, from sync-engine.ts, and only when
 * needed: a group with a relay to sync, or a meeting to create, move or re-index. A first run
 * on the local notebook never loads them on the meetings list.
 */
export { liveQuery } from 'dexie';
export { getDatabase } from '$lib/storage/db';
export { ensureGroups, listGroups, saveGroup } from '$lib/storage/groups';
export {
	onPersistenceOutcome,
	markPersistenceWarningShown,
	shouldWarnAboutPersistence
} from '$lib/storage/persistence';
