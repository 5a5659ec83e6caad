/**
 * Keeps a group's directory in step with its meetings: after a minutes document has committed
 * changes, the relay brings the meeting's directory entry up to date (title, date, status,
 * revision, categories) through the directory's own room, so the change is stored and forwarded
 * like any other. At most one such sync per minutes document waits at a time; the model's
 * `syncDirectoryEntry` writes only when the entry differs, so nothing churns.
 */
import { isMeetingCreated, syncDirectoryEntry } from '../../src/lib/model/index.ts';
import { parseDocumentName } from '../auth/documents.ts';
import type { Logger } from '../log.ts';
import type { Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

export const DIRECTORY_SYNC_ORIGIN = 'relay:directory-sync';

export function createDirectorySync(
	registry: () => RoomRegistry,
	logger: Logger
): (minutes: Room) => void {
	const waiting = new Set<string>();
	return (minutes) => {
		const { kind, groupId, meetingId, name } = minutes.name;
		if (kind !== 'minutes' || !meetingId || waiting.has(name)) return;
		if (!isMeetingCreated(minutes.doc)) return;
		const directoryName = parseDocumentName(groupId)!;
		waiting.add(name);
		// The minutes stay loaded until their entry is written.
		const release = minutes.hold();
		registry()
			.withRoom(directoryName, (directory) => {
				waiting.delete(name);
				if (minutes.isDestroyed) return;
				return directory.change(null, (doc) =>
					syncDirectoryEntry(doc, meetingId, minutes.doc, { origin: DIRECTORY_SYNC_ORIGIN })
				);
			})
			.catch((error: unknown) => logger.error('directory_sync_failed', { doc: name, error }))
			.finally(() => {
				waiting.delete(name);
				release();
			});
	};
}
