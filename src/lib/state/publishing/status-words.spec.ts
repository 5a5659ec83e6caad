import { expect, test } from 'vitest';
import { MANUAL_STEPS, STATUS_WORDS, statusEventLabel, statusLabel } from './status-words';

test('each status reads in the words of the screens', () => {
	expect(statusLabel('draft')).toBe('draft');
	expect(statusLabel('review')).toBe('in review');
	expect(statusLabel('approved')).toBe('approved');
	expect(statusLabel('published')).toBe('published');
	expect(statusLabel('nonsense')).toBe('draft');
	expect(statusLabel('toString')).toBe('draft');
	expect(statusEventLabel('withdrawn')).toBe('public page withdrawn');
});

test('each step says what it means and who takes it; publishing is not a manual step', () => {
	for (const words of Object.values(STATUS_WORDS)) {
		expect(words.means.length).toBeGreaterThan(10);
		expect(words.who).toMatch(/editor/i);
	}
	expect(STATUS_WORDS.review.means).toMatch(/comment link can comment; editors correct/);
	expect(MANUAL_STEPS).toEqual(['draft', 'review', 'approved']);
});
