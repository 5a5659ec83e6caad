/**
 * Where review threads (comments.ts) are shown: beside the agenda item they name, or under the
 * whole meeting. A thread whose item no longer exists (deleted, here or on another device) goes
 * under the whole meeting, marked, and is never attached to another item; when the item comes
 * back (undo), so does the thread. Items keep their id when moved, so their threads follow them.
 */
import type { CommentThread } from './comments';

export interface PlacedThread extends CommentThread {
	/** The thread names an item that is not in the minutes (any more). */
	isItemDeleted: boolean;
}

export interface ReviewPlaces {
	/** itemId → that item's threads, oldest first */
	byItem: Map<string, PlacedThread[]>;
	/** threads on the whole meeting, then those whose item was deleted */
	meeting: PlacedThread[];
	/** itemId → how many of its threads are open; items with none are left out */
	openByItem: Map<string, number>;
	/** open review threads anywhere, the deleted items' included */
	openTotal: number;
	/** open threads shown under the whole meeting */
	openOnMeeting: number;
}

/** Sort review threads (kind `review`) by where they belong among the items that exist. */
export function placeReviewThreads(
	threads: readonly CommentThread[],
	itemIds: ReadonlySet<string>
): ReviewPlaces {
	const byItem = new Map<string, PlacedThread[]>();
	const openByItem = new Map<string, number>();
	const onMeeting: PlacedThread[] = [];
	const orphans: PlacedThread[] = [];
	let openTotal = 0;
	let openOnMeeting = 0;
	for (const thread of threads) {
		if (thread.kind !== 'review') continue;
		const open = thread.resolved ? 0 : 1;
		openTotal += open;
		if (thread.itemId !== null && itemIds.has(thread.itemId)) {
			const list = byItem.get(thread.itemId) ?? [];
			list.push({ ...thread, isItemDeleted: false });
			byItem.set(thread.itemId, list);
			if (open) openByItem.set(thread.itemId, (openByItem.get(thread.itemId) ?? 0) + 1);
		} else {
			const isItemDeleted = thread.itemId !== null;
			(isItemDeleted ? orphans : onMeeting).push({ ...thread, isItemDeleted });
			openOnMeeting += open;
		}
	}
	return { byItem, meeting: [...onMeeting, ...orphans], openByItem, openTotal, openOnMeeting };
}

/** "2 open", "1 resolved", "3, all resolved": a thread list's count in words. */
export function openCountWords(threads: readonly Pick<CommentThread, 'resolved'>[]): string {
	const open = threads.filter((t) => !t.resolved).length;
	if (open > 0) return `${open} open`;
	return threads.length ? `${threads.length} resolved` : 'none yet';
}
