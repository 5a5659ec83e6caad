import { describe, expect, it } from 'vitest';
import { isValidId } from '../protocol/ids';
import { newId, newMeetingId, setIdGenerator } from './ids';

describe('ids', () => {
	it('makes meeting ids of 22 characters from the id alphabet', () => {
		const ids = new Set(Array.from({ length: 200 }, newMeetingId));
		expect(ids.size).toBe(200);
		for (const id of ids) {
			expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
			expect(isValidId(id)).toBe(true);
		}
	});

	it('takes an injected generator and restores the default', () => {
		setIdGenerator(() => 'fixed-id-0000000');
		expect(newId()).toBe('fixed-id-0000000');
		setIdGenerator();
		expect(newId()).toMatch(/^[A-Za-z0-9_-]{16}$/);
	});
});
