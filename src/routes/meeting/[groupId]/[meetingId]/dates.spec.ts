import { expect, test } from 'vitest';
import { parseDate } from './dates';

test('reads the dates people type into the meeting header', () => {
	expect(parseDate('2026-03-12')).toBe('2026-03-12');
	expect(parseDate('12/03/2026')).toBe('2026-03-12');
	expect(parseDate('Thursday 12 March 2026')).toBe('2026-03-12');
	expect(parseDate('1st Apr, 2026')).toBe('2026-04-01');
	expect(parseDate('  ')).toBe('');
	expect(parseDate('31/02/2026')).toBeNull();
	expect(parseDate('next week')).toBeNull();
});
