/** The sync half of the workspace (Yjs, y-websocket, the model); see workspace-engine.ts. */
export { moveLegacyDocuments } from '$lib/storage/stored-documents';
export { indexMinutes, rebuildMeetingsIndex } from '$lib/storage/meetings-index';
export { createMeeting, minutesDocumentName, newMeetingId } from '$lib/storage/model-adapter';
export { GroupSync } from '$lib/documents/background-sync';
export { moveMeeting } from '$lib/documents/move-meeting';
export { storeImportedMeeting } from '$lib/documents/import-meeting';
export {
	closedDocumentsPending,
	openDocument,
	rememberClosedPending,
	retryDocument,
	whenAllClosed
} from '$lib/documents/registry';
