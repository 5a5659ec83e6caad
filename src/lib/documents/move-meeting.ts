/**
 * Moving a meeting between groups, typically from the local notebook into a group the person
 * just created or joined (docs/sharing.md). The minutes and comments documents are copied whole
 * (their full Yjs history, so nothing is re-created and nothing duplicates) under the target
 * group's names, stored, listed in the target directory, and only then removed from the source.
 * The meeting keeps its id.
 */
import * as Y from 'yjs';
import type { PlenaryDatabase } from '$lib/storage/db';
import { removeMeetingFromDevice } from '$lib/storage/group-membership';
import { indexMinutes } from '$lib/storage/meetings-index';
import {
	commentsDocumentName,
	directoryDocumentName,
	minutesDocumentName,
	removeDirectoryEntry,
	syncDirectoryEntry
} from '$lib/storage/model-adapter';
import { openDocument } from './registry';

export async function moveMeeting(
	db: PlenaryDatabase,
	meetingId: string,
	fromGroupId: string,
	toGroupId: string
): Promise<void> {
	if (fromGroupId === toGroupId) return;
	const pairs = [
		[minutesDocumentName(fromGroupId, meetingId), minutesDocumentName(toGroupId, meetingId)],
		[commentsDocumentName(fromGroupId, meetingId), commentsDocumentName(toGroupId, meetingId)]
	];
	for (const [index, [fromName, toName]] of pairs.entries()) {
		const from = openDocument(fromName, { db });
		const to = openDocument(toName, { db });
		try {
			await Promise.all([from.whenLoaded, to.whenLoaded]);
			Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc));
			await to.whenStored();
			if (index === 0) {
				const directory = openDocument(directoryDocumentName(toGroupId), { db });
				await directory.whenLoaded;
				syncDirectoryEntry(directory.doc, meetingId, to.doc);
				await directory.whenStored();
				directory.release();
				await indexMinutes(db, toGroupId, meetingId, to.doc);
			}
		} finally {
			from.release();
			to.release();
		}
	}
	const source = openDocument(directoryDocumentName(fromGroupId), { db });
	await source.whenLoaded;
	removeDirectoryEntry(source.doc, meetingId);
	await source.whenStored();
	source.release();
	await removeMeetingFromDevice(db, fromGroupId, meetingId);
}
