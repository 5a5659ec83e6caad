/**
 * What the meetings list shows of a group's rows in the meetings index: the filters (status,
 * category, date range), split into upcoming meetings (today and later, soonest first) and past
 * ones (newest first; undated ones last), and the categories there are to filter by.
 */
import type { MeetingIndexRecord } from '$lib/storage/db';
import { isPlaceholderRow } from '$lib/storage/index-rows';

export type { MeetingIndexRecord };

export interface ListFilter {
	/** '' for any */
	status: string;
	/** '' for any */
	category: string;
	/** 'YYYY-MM-DD' or '' (open) */
	from: string;
	to: string;
}

export const NO_FILTER: ListFilter = { status: '', category: '', from: '', to: '' };

export function isFiltered(filter: ListFilter): boolean {
	return Boolean(filter.status || filter.category || filter.from || filter.to);
}

export interface ListSections {
	upcoming: MeetingIndexRecord[];
	past: MeetingIndexRecord[];
	/** rows before filtering (placeholders left out) */
	total: number;
}

export function filterMeetings(
	rows: readonly MeetingIndexRecord[],
	filter: ListFilter,
	today: string
): ListSections {
	const upcoming: MeetingIndexRecord[] = [];
	const past: MeetingIndexRecord[] = [];
	let total = 0;
	for (const row of rows) {
		if (isPlaceholderRow(row)) continue;
		total++;
		if (filter.status && row.status !== filter.status) continue;
		if (filter.category && !row.categories.includes(filter.category)) continue;
		// A date range leaves out undated meetings: they are in no range.
		if (filter.from && !(row.date && row.date >= filter.from)) continue;
		if (filter.to && !(row.date && row.date <= filter.to)) continue;
		(row.date && row.date >= today ? upcoming : past).push(row);
	}
	upcoming.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
	past.sort(
		(a, b) =>
			Number(!a.date) - Number(!b.date) ||
			b.date.localeCompare(a.date) ||
			b.updatedAt - a.updatedAt ||
			a.title.localeCompare(b.title)
	);
	return { upcoming, past, total };
}

/** Every category of the group's meetings, in alphabetical order. */
export function categoriesOf(rows: readonly MeetingIndexRecord[]): string[] {
	const all = new Set<string>();
	for (const row of rows) for (const c of row.categories) all.add(c);
	return [...all].sort((a, b) => a.localeCompare(b));
}

/** "2 open actions · 1 open comment", or what is not known on this device, in words. */
export function openCounts(row: MeetingIndexRecord): string {
	if (!row.isOnDevice) return 'minutes not on this device yet';
	const plural = (n: number, word: string) => `${n} open ${word}${n === 1 ? '' : 's'}`;
	const actions = plural(row.openActions, 'action');
	const comments =
		row.openComments === undefined
			? 'comments not on this device yet'
			: plural(row.openComments, 'comment');
	return `${actions} · ${comments}`;
}
