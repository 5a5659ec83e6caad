/**
 * What reading one text needs to know beyond the line in hand: which reading applies
 * (dialect.ts), how the group writes numeric dates, the meeting's date once it is known (for
 * dates without a year and relative dates), and what the preview should point out.
 */

/** The order of day, month and year in a numeric date such as 3/4/2026. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export const DATE_ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];

/** Something the import read but a person should check, shown in the import preview. */
export interface ImportNotice {
	kind: 'ambiguous-date';
	/** The words as written ("3/4"). */
	text: string;
	/** How they were read (ISO date). */
	read: string;
}

export interface ReadContext {
	/** 'dialect': Plenary's own export, read strictly; 'free': minutes as people write them. */
	mode: 'dialect' | 'free';
	dateOrder: DateOrder;
	/** The meeting's ISO date, '' until the header has given it. */
	meetingDate: string;
	notices: ImportNotice[];
}

export function readContext(mode: ReadContext['mode'], dateOrder: DateOrder = 'dmy'): ReadContext {
	return { mode, dateOrder, meetingDate: '', notices: [] };
}
