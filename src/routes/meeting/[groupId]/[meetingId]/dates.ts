/**
 * Dates typed by hand into the meeting's "Date" field. The model stores `YYYY-MM-DD`; people
 * type "12 March 2026", "12/03/2026" or "2026-03-12", so all of those are read (day before month,
 * as in the minutes this is for).
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | null {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return null;
	if (date.getUTCDate() !== day) return null;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` for a date typed in one of the accepted forms, '' for empty, null if unreadable. */
export function parseDate(text: string): string | null {
	const value = text.trim().toLowerCase().replace(/,/g, ' ');
	if (!value) return '';
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
	if (m) return iso(+m[1], +m[2], +m[3]);
	m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
	if (m) return iso(+m[3], +m[2], +m[1]);
	m = /^(?:[a-z]+\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})$/.exec(value);
	if (m) {
		const month = MONTHS.indexOf(m[2].slice(0, 3)) + 1;
		return month ? iso(+m[3], month, +m[1]) : null;
	}
	return null;
}
