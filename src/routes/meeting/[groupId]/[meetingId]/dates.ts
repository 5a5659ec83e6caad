/**
 * Dates typed by hand into the meeting's date fields, and shown back in the person's locale.
 * The model stores `YYYY-MM-DD`; people type "12 March 2026", "March 12, 2026", "12/03/2026" or
 * "2026-03-12", so all of those are read. All-number dates follow the locale's order (day first
 * in en-GB, month first in en-US), the way the person reads the dates shown to them.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | null {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return null;
	if (date.getUTCDate() !== day) return null;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 1–12 for a month's English name or its name in the locale (short or long), else 0. */
function monthOf(name: string, locale?: string): number {
	const english = MONTHS.indexOf(name.slice(0, 3)) + 1;
	if (english) return english;
	for (const width of ['short', 'long'] as const) {
		const format = new Intl.DateTimeFormat(locale, { month: width, timeZone: 'UTC' });
		for (let i = 0; i < 12; i++) {
			const local = format
				.format(Date.UTC(2026, i, 1))
				.toLowerCase()
				.replace(/\.$/, '');
			if (local === name) return i + 1;
		}
	}
	return 0;
}

/** Whether the locale writes the day before the month in an all-number date. */
export function isDayFirst(locale?: string): boolean {
	const parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric' }).formatToParts(
		Date.UTC(2026, 2, 12)
	);
	return parts.findIndex((p) => p.type === 'day') < parts.findIndex((p) => p.type === 'month');
}

/** `YYYY-MM-DD` for a date typed in one of the accepted forms, '' for empty, null if unreadable. */
export function parseDate(text: string, locale?: string): string | null {
	const value = text.trim().toLowerCase().replace(/,/g, ' ');
	if (!value) return '';
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
	if (m) return iso(+m[1], +m[2], +m[3]);
	m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
	if (m) return isDayFirst(locale) ? iso(+m[3], +m[2], +m[1]) : iso(+m[3], +m[1], +m[2]);
	// A month's name in the locale may have letters beyond a–z ("März", "févr.").
	m = /^(?:\p{L}+\.?\s+)?(\d{1,2})(?:st|nd|rd|th|\.)?\s+(\p{L}+)\.?\s+(\d{4})$/u.exec(value);
	let month = m ? monthOf(m[2], locale) : 0;
	if (m) return month ? iso(+m[3], month, +m[1]) : null;
	m = /^(?:\p{L}+\.?\s+)?(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})$/u.exec(value);
	month = m ? monthOf(m[1], locale) : 0;
	return m && month ? iso(+m[3], month, +m[2]) : null;
}

/**
 * A stored `YYYY-MM-DD` as the locale writes it ("14 Mar 2025", "Mar 14, 2025"); as is when it
 * is not a date, or when `parseDate` could not read the locale's form back (2025年3月14日), so
 * that what is shown can always be edited.
 */
export function formatDate(value: string, locale?: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) return value;
	const shown = new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC',
		calendar: 'gregory',
		numberingSystem: 'latn'
	}).format(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return parseDate(shown, locale) === value ? shown : value;
}
