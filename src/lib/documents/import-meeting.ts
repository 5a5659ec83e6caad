/**
 * Stores a meeting built from Markdown (model/import-markdown) as a new minutes document on
 * this device: opened through the registry like any meeting, so it syncs when its group has a
 * relay (now or once online) and the group's directory lists it. The import's updates are
 * merged and applied in one go, so the document holds the whole meeting or nothing of it.
 */
import * as Y from 'yjs';
import type { PlenaryDatabase } from '$lib/storage/db';
import { indexMinutes } from '$lib/storage/meetings-index';
import { isMeetingCreated, minutesDocumentName } from '$lib/storage/model-adapter';
import { openDocument } from './registry';

export class ImportRefusedError extends Error {}

export async function storeImportedMeeting(
	db: PlenaryDatabase,
	groupId: string,
	meetingId: string,
	updates: Uint8Array[]
): Promise<void> {
	// Checked on a scratch document first: nothing reaches storage unless it makes a meeting.
	const merged = Y.mergeUpdates(updates);
	const scratch = new Y.Doc();
	try {
		Y.applyUpdate(scratch, merged);
		if (!isMeetingCreated(scratch) || scratch.getMap('meta').get('meetingId') !== meetingId) {
			throw new ImportRefusedError('the imported minutes do not make a meeting');
		}
	} finally {
		scratch.destroy();
	}
	const handle = openDocument(minutesDocumentName(groupId, meetingId), { db });
	try {
		await handle.whenLoaded;
		if (isMeetingCreated(handle.doc)) throw new ImportRefusedError('this meeting exists already');
		Y.applyUpdate(handle.doc, merged);
		await handle.whenStored();
		await indexMinutes(db, groupId, meetingId, handle.doc);
	} finally {
		await handle.release();
	}
}
