import { describe, expect, it } from 'vitest';
import { formatToken, formatTokenPayload, isAccessRole, parseToken } from './token-format';

const groupId = 'abcdefghijklmnop_-QR';
const signature = 'A'.repeat(42) + 'w';

describe('token format', () => {
	it('round-trips the plain parts', () => {
		const token = formatToken({ groupId, role: 'comment', generation: 3 }, signature);
		expect(token).toBe(`p1.${groupId}.comment.3.${signature}`);
		expect(parseToken(token)).toEqual({
			groupId,
			role: 'comment',
			generation: 3,
			payload: `p1.${groupId}.comment.3`,
			signature
		});
	});

	it('is URL-safe', () => {
		const token = formatToken({ groupId, role: 'edit', generation: 12 }, signature);
		expect(encodeURIComponent(token)).toBe(token);
	});

	it('refuses what is not a token', () => {
		for (const bad of [
			undefined,
			42,
			'',
			'p1',
			`p2.${groupId}.edit.1.${signature}`,
			`p1.short.edit.1.${signature}`,
			`p1.${groupId}.admin.1.${signature}`,
			`p1.${groupId}.edit.0.${signature}`,
			`p1.${groupId}.edit.01.${signature}`,
			`p1.${groupId}.edit.1.${signature}x`,
			`p1.${groupId}.edit.1.${signature}.x`,
			`p1.${groupId}.edit.1.${'+'.repeat(43)}`
		]) {
			expect(parseToken(bad)).toBeNull();
		}
	});

	it('refuses to format bad claims', () => {
		expect(() => formatTokenPayload({ groupId: 'x', role: 'edit', generation: 1 })).toThrow();
		expect(() => formatTokenPayload({ groupId, role: 'edit', generation: 0 })).toThrow();
		expect(isAccessRole('view')).toBe(true);
		expect(isAccessRole('owner')).toBe(false);
	});
});
