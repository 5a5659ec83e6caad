/**
 * Reading rows of the meetings index (db.ts) without loading the storage code: the meetings
 * list's first screen imports this.
 */
import type { MeetingIndexRecord } from './db';

/**
 * A row written only to hold a comment count because the comments document loaded before its
 * minutes or directory entry (meetings-index.ts); lists leave it out until its meeting is known.
 */
export function isPlaceholderRow(row: MeetingIndexRecord): boolean {
	return !row.isOnDevice && row.updatedAt === 0;
}
