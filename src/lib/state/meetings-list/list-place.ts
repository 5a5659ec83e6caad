/**
 * Where someone was in the meetings list (its filters and how far down), kept for this tab's
 * session, so coming back from a meeting (Back, or the Meetings link) shows the same place.
 * Read and written as plain JSON in sessionStorage; anything unreadable is no place at all.
 */
import { NO_FILTER, type ListFilter } from './meetings-filter';

const KEY = 'plenary:meetings-list-place';

export interface ListPlace {
	groupId: string;
	filter: ListFilter;
	scrollY: number;
	/** The row at the top of the screen and its distance from it: rows change height, ids don't. */
	anchorId?: string;
	anchorOffset?: number;
	/** The meeting opened from the list: its link gets the focus back. */
	openedId?: string;
}

export function loadPlace(groupId: string): ListPlace | null {
	try {
		const raw = sessionStorage.getItem(KEY);
		if (!raw) return null;
		const o = JSON.parse(raw) as Partial<ListPlace>;
		if (o.groupId !== groupId || !o.filter || typeof o.scrollY !== 'number') return null;
		const filter = { ...NO_FILTER };
		for (const key of Object.keys(NO_FILTER) as (keyof ListFilter)[]) {
			const value = o.filter[key];
			if (typeof value === 'string') filter[key] = value.slice(0, 100);
		}
		return {
			groupId,
			filter,
			scrollY: Math.max(0, o.scrollY),
			...(typeof o.anchorId === 'string' ? { anchorId: o.anchorId } : {}),
			...(typeof o.anchorOffset === 'number' ? { anchorOffset: o.anchorOffset } : {}),
			...(typeof o.openedId === 'string' ? { openedId: o.openedId } : {})
		};
	} catch {
		return null;
	}
}

export function savePlace(place: ListPlace): void {
	try {
		sessionStorage.setItem(KEY, JSON.stringify(place));
	} catch {
		// Storage refused (private mode, full): the list opens at its top, nothing else breaks.
	}
}
