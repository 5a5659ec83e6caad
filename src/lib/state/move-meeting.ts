/**
 * Moving a meeting from the local notebook into a group: its minutes (and comments, if any)
 * are copied whole into the group's document names, listed in the group's directory, stored,
 * and only then removed from the notebook. The copy keeps every Yjs item, so its history and
 * the notes editor's state come along; the relay gets it like any local change.
 */
import * as Y from 'yjs';
import { directoryDocumentName, minutesDocumentName, commentsDocumentName } from '$lib/model/ids';
import { syncDirectoryEntry } from '$lib/model/directory';
import { isMeetingCreated } from '$lib/model/minutes';
import { getDatabase } from '$lib/storage/db';
import { removeMeetingFromDevice } from '$lib/storage/group-membership';
import { LOCAL_NOTEBOOK_ID } from '$lib/storage/local-notebook';
import { indexMinutes } from '$lib/storage/meetings-index';
import { openDocument, whenAllClosed, type DocumentHandle } from '$lib/sync/documents';

const MOVE_ORIGIN = { name: 'move-into-group' };
const SETTLE_WAIT_MS = 10_000;

export async function moveNotebookMeeting(meetingId: string, groupId: string): Promise<void> {
	if (groupId === LOCAL_NOTEBOOK_ID) throw new Error('already in the notebook');
	const db = getDatabase();
	const group = await db.groups.get(groupId);
	if (!group || group.role !== 'edit')
		throw new Error('you can only move meetings into a group you can edit');
	const handles: DocumentHandle[] = [];
	const open = async (name: string) => {
		const handle = openDocument(name, { db });
		handles.push(handle);
		await handle.whenLoaded;
		return handle;
	};
	try {
		const source = await open(minutesDocumentName(LOCAL_NOTEBOOK_ID, meetingId));
		if (!isMeetingCreated(source.doc)) throw new Error('this meeting is not on this device');
		const sourceComments = await open(commentsDocumentName(LOCAL_NOTEBOOK_ID, meetingId));
		const target = await open(minutesDocumentName(groupId, meetingId));
		Y.applyUpdate(target.doc, Y.encodeStateAsUpdate(source.doc), MOVE_ORIGIN);
		const stored = [target.whenStored()];
		if (sourceComments.doc.share.size > 0) {
			const comments = await open(commentsDocumentName(groupId, meetingId));
			Y.applyUpdate(comments.doc, Y.encodeStateAsUpdate(sourceComments.doc), MOVE_ORIGIN);
			stored.push(comments.whenStored());
		}
		const directory = await open(directoryDocumentName(groupId));
		syncDirectoryEntry(directory.doc, meetingId, target.doc, { origin: MOVE_ORIGIN });
		stored.push(directory.whenStored());
		await Promise.all(stored);
		await indexMinutes(db, groupId, meetingId, target.doc);
		// Give the relay its copy now; offline, background sync sends it later.
		await Promise.race([
			Promise.all([target.whenSettled(), directory.whenSettled()]),
			new Promise((resolve) => setTimeout(resolve, SETTLE_WAIT_MS))
		]);
	} finally {
		for (const handle of handles) handle.release();
	}
	await whenAllClosed();
	await removeMeetingFromDevice(db, LOCAL_NOTEBOOK_ID, meetingId);
}
