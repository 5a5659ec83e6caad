/**
 * How numeric dates (3/4/2026) are written: the words a screen shows for each order, and the
 * order of a browser's locale, which is a new group's date order and the reading device's
 * default for a group that has none.
 */
import type { DateOrder } from '$lib/model/import-markdown/context';

export type { DateOrder };

export interface DateOrderChoice {
	order: DateOrder;
	/** "31/12/2026 (day first)", as the settings list it. */
	label: string;
	/** "day first" */
	words: string;
}

export const DATE_ORDER_CHOICES: readonly DateOrderChoice[] = [
	{ order: 'dmy', label: '31/12/2026 (day first)', words: 'day first' },
	{ order: 'mdy', label: '12/31/2026 (month first)', words: 'month first' },
	{ order: 'ymd', label: '2026-12-31 (year first)', words: 'year first' }
];

export function dateOrderWords(order: DateOrder): string {
	return DATE_ORDER_CHOICES.find((c) => c.order === order)?.words ?? order;
}

/** The order of day, month and year in `locale`'s numeric dates; day first when unknown. */
export function localeDateOrder(locale: string | undefined): DateOrder {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat(locale, {
			year: 'numeric',
			month: 'numeric',
			day: 'numeric'
		}).formatToParts(new Date(Date.UTC(2026, 11, 31, 12)));
	} catch {
		return 'dmy';
	}
	const order = parts
		.map((p) => p.type)
		.filter((t) => t === 'day' || t === 'month' || t === 'year')
		.map((t) => t[0])
		.join('');
	return order === 'mdy' || order === 'ymd' ? order : 'dmy';
}

/** This browser's date order (its first language). */
export function deviceDateOrder(): DateOrder {
	return localeDateOrder(typeof navigator === 'undefined' ? undefined : navigator.language);
}
