/**
 * The heavy half of the workspace (Dexie, Yjs, y-websocket, the model), loaded with `import()`
 * after the first screen has rendered, so the app bar and the meetings list never wait on it.
 */
export { liveQuery } from 'dexie';
export { getDatabase } from '$lib/storage/db';
export { ensureGroups, listGroups, saveGroup } from '$lib/storage/groups';
export { indexMinutes, rebuildMeetingsIndex } from '$lib/storage/meetings-index';
export { createMeeting, minutesDocumentName, newMeetingId } from '$lib/storage/model-adapter';
export {
	onPersistenceOutcome,
	markPersistenceWarningShown,
	shouldWarnAboutPersistence
} from '$lib/storage/persistence';
export { GroupSync } from '$lib/sync/background-sync';
export { moveMeeting } from '$lib/sync/move-meeting';
export {
	closedDocumentsPending,
	onDocumentsChange,
	openDocument,
	openDocumentStatuses,
	rememberClosedPending,
	retryDocument
} from '$lib/sync/documents';
