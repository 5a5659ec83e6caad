/**
 * Moving a meeting between groups, typically from the local notebook into a group the person
 * just created or joined (docs/sharing.md). The minutes, comments and floor documents are copied whole
 * (their full Yjs history, so nothing is re-created and nothing duplicates) under the target
 * group's names, stored, listed in the target directory, and only then removed from the source.
 * The meeting keeps its id. A meeting whose documents this device cannot read whole (a storage
 * problem shown for one of them) is not moved: copying it would leave the rest behind, and
 * removing it would lose that.
 */
import * as Y from 'yjs';
import type { PlenaryDatabase } from '$lib/storage/db';
import { removeMeetingFromDevice } from '$lib/storage/group-membership';
import { indexMinutes } from '$lib/storage/meetings-index';
import {
	commentsDocumentName,
	directoryDocumentName,
	floorDocumentName,
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
	const targets = [
		minutesDocumentName(toGroupId, meetingId),
		commentsDocumentName(toGroupId, meetingId),
		floorDocumentName(toGroupId, meetingId)
	];
	const sources = [
		minutesDocumentName(fromGroupId, meetingId),
		commentsDocumentName(fromGroupId, meetingId),
		floorDocumentName(fromGroupId, meetingId)
	].map((name) => openDocument(name, { db }));
	try {
		await Promise.all(sources.map((source) => source.whenLoaded));
		// One not read whole (legacy rows unread, rows that do not decode) would be copied short,
		// and removing it afterwards would lose the rest.
		for (const source of sources) {
			const { isLoaded, issue } = source.getStatus().storage;
			if (!isLoaded || issue) {
				throw new Error(
					'this meeting could not be read whole on this device, so it stays where it is'
				);
			}
		}
		for (const [index, from] of sources.entries()) {
			const to = openDocument(targets[index], { db });
			try {
				await to.whenLoaded;
				Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc));
				await to.whenStored();
				// Not stored after all: its database was deleted meanwhile (the group left in
				// another tab).
				if (to.getStatus().storage.issue) {
					throw new Error(
						'this meeting could not be stored in that group, so it stays where it is'
					);
				}
				if (index === 0) {
					const directory = openDocument(directoryDocumentName(toGroupId), { db });
					await directory.whenLoaded;
					syncDirectoryEntry(directory.doc, meetingId, to.doc);
					await directory.whenStored();
					directory.release();
					await indexMinutes(db, toGroupId, meetingId, to.doc);
				}
			} finally {
				to.release();
			}
		}
	} finally {
		// Closed before their databases are deleted below, so nothing of them is written after.
		await Promise.all(sources.map((source) => source.release()));
	}
	const source = openDocument(directoryDocumentName(fromGroupId), { db });
	await source.whenLoaded;
	removeDirectoryEntry(source.doc, meetingId);
	await source.whenStored();
	source.release();
	await removeMeetingFromDevice(db, fromGroupId, meetingId);
}
