import { expect, it } from 'vitest';
import { isValidId } from './ids';

it('validates ids by length and alphabet', () => {
	expect(isValidId('a'.repeat(16))).toBe(true);
	expect(isValidId('a'.repeat(64))).toBe(true);
	expect(isValidId('a'.repeat(15))).toBe(false);
	expect(isValidId('a'.repeat(65))).toBe(false);
	expect(isValidId('a'.repeat(15) + '/')).toBe(false);
	expect(isValidId('a'.repeat(15) + 'é')).toBe(false);
	expect(isValidId(42)).toBe(false);
});
