import { describe, expect, it } from 'vitest';
import { OutgoingBound } from './outgoing-bound.ts';

describe('OutgoingBound', () => {
	it('lets one answer to a sync step 1 over the bound, and no more than the bound on top of it', () => {
		const bound = new OutgoingBound(100);
		expect(bound.mayQueue(90, 20)).toBe(false);
		expect(bound.mayQueue(10, 500, true)).toBe(true);
		// The answer waits (the reader does not read): the bound is raised by its size only.
		expect(bound.mayQueue(510, 90)).toBe(true);
		expect(bound.mayQueue(600, 20)).toBe(false);
		// A second answer while the first waits gets no allowance of its own.
		expect(bound.mayQueue(560, 500, true)).toBe(false);
	});

	it('drops the allowance once the buffer is back under the bound', () => {
		const bound = new OutgoingBound(100);
		expect(bound.mayQueue(0, 500, true)).toBe(true);
		expect(bound.mayQueue(80, 30)).toBe(false);
		expect(bound.mayQueue(0, 500, true)).toBe(true);
	});
});
