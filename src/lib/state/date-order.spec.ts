import { describe, expect, it } from 'vitest';
import { dateOrderWords, localeDateOrder } from './date-order';

describe('localeDateOrder', () => {
	it('reads the order of day, month and year from the locale', () => {
		expect(localeDateOrder('en-GB')).toBe('dmy');
		expect(localeDateOrder('de-DE')).toBe('dmy');
		expect(localeDateOrder('fr-CA')).toBe('ymd');
		expect(localeDateOrder('en-US')).toBe('mdy');
		expect(localeDateOrder('ja-JP')).toBe('ymd');
		expect(localeDateOrder('sv-SE')).toBe('ymd');
	});

	it('falls back to day first for a locale it cannot use', () => {
		expect(localeDateOrder('not a locale!')).toBe('dmy');
	});

	it('names each order in words', () => {
		expect(dateOrderWords('mdy')).toBe('month first');
	});
});
