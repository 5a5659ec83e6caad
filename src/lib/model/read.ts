/**
 * Defensive readers. A document may have been written by an older or foreign client, so every
 * value read from it is checked here and replaced by a neutral fallback when it has the wrong
 * type. None of these throw.
 */
import * as Y from 'yjs';

export function asString(value: unknown, fallback = ''): string {
	return typeof value === 'string' ? value : fallback;
}

/** A Y.Text or (older schema) a plain string, as a string. */
export function asText(value: unknown): string {
	if (value instanceof Y.Text) return value.toString();
	return typeof value === 'string' ? value : '';
}

/** A non-negative integer, or null. */
export function asCount(value: unknown): number | null {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

export function asBool(value: unknown, fallback = false): boolean {
	return typeof value === 'boolean' ? value : fallback;
}

export function asStringArray(value: unknown): string[] {
	const list = value instanceof Y.Array ? value.toArray() : value;
	return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
}

export function asMap(value: unknown): Y.Map<unknown> | null {
	return value instanceof Y.Map ? value : null;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return typeof value === 'string' && (allowed as readonly string[]).includes(value)
		? (value as T)
		: fallback;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `YYYY-MM-DD` naming a real calendar day. */
export function isValidDate(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	const m = DATE.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `HH:MM`, 24-hour clock. */
export function isValidTime(value: unknown): value is string {
	return typeof value === 'string' && TIME.test(value);
}

/** A date field as read: valid or ''. */
export function asDate(value: unknown): string {
	return isValidDate(value) ? value : '';
}

/** A time field as read: valid or ''. */
export function asTime(value: unknown): string {
	return isValidTime(value) ? value : '';
}

/** For writers: '' or a valid date, else RangeError. */
export function checkDate(value: string, field: string): string {
	if (value !== '' && !isValidDate(value)) throw new RangeError(`${field}: expected YYYY-MM-DD`);
	return value;
}

/** For writers: '' or a valid time, else RangeError. */
export function checkTime(value: string, field: string): string {
	if (value !== '' && !isValidTime(value)) throw new RangeError(`${field}: expected HH:MM`);
	return value;
}

/** For writers: null or a non-negative integer, else RangeError. */
export function checkCount(value: number | null, field: string): number | null {
	if (value !== null && !(Number.isInteger(value) && value >= 0)) {
		throw new RangeError(`${field}: expected a non-negative integer or null`);
	}
	return value;
}

export function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
