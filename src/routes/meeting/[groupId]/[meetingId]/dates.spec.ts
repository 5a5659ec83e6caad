import { describe, expect, it, test } from 'vitest';
import { formatDate, parseDate } from './dates';

test('reads the dates people type into the meeting header', () => {
	expect(parseDate('2026-03-12')).toBe('2026-03-12');
	expect(parseDate('12/03/2026', 'en-GB')).toBe('2026-03-12');
	expect(parseDate('Thursday 12 March 2026')).toBe('2026-03-12');
	expect(parseDate('1st Apr, 2026')).toBe('2026-04-01');
	expect(parseDate('March 12, 2026')).toBe('2026-03-12');
	expect(parseDate('  ')).toBe('');
	expect(parseDate('31/02/2026', 'en-GB')).toBeNull();
	expect(parseDate('next week')).toBeNull();
});

test('reads an all-number date in the locale’s order', () => {
	expect(parseDate('03/12/2026', 'en-US')).toBe('2026-03-12');
	expect(parseDate('12.03.2026', 'de-DE')).toBe('2026-03-12');
});

describe.each(['en-GB', 'en-US', 'de-DE', 'fr-FR', 'nl-NL'])('in %s', (locale) => {
	test('a date shown reads back as the date stored', () => {
		for (const iso of ['2025-03-14', '2026-12-01', '2024-02-29']) {
			const shown = formatDate(iso, locale);
			expect(shown).not.toBe(iso);
			expect(parseDate(shown, locale)).toBe(iso);
		}
	});
});

test('the locale’s own form', () => {
	expect(formatDate('2025-03-14', 'en-GB')).toBe('14 Mar 2025');
	expect(formatDate('2025-03-14', 'en-US')).toBe('Mar 14, 2025');
	expect(formatDate('', 'en-GB')).toBe('');
});

describe('every locale', () => {
	it('shows a date it can read back, else the ISO date', () => {
		const locales = ['en-GB', 'en-US', 'de', 'fr', 'ja', 'zh', 'ko', 'hu', 'cs', 'ru', 'pt-BR'];
		for (const locale of [...locales, 'fa-IR', 'th-TH', 'ar', 'he', 'hi']) {
			const shown = formatDate('2025-03-14', locale);
			expect(parseDate(shown, locale), `${locale}: ${shown}`).toBe('2025-03-14');
		}
	});
});
