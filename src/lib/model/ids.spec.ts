import { describe, expect, it } from 'vitest';
import {
	commentsDocumentName,
	formatDocumentName,
	isValidId,
	newId,
	newMeetingId,
	parseDocumentName,
	setIdGenerator
} from './ids';

const G = 'group_0123456789AB';
const M = 'meet-0123456789abcd';

describe('ids', () => {
	it('makes meeting ids of 22 characters from the id alphabet', () => {
		const ids = new Set(Array.from({ length: 200 }, newMeetingId));
		expect(ids.size).toBe(200);
		for (const id of ids) {
			expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
			expect(isValidId(id)).toBe(true);
		}
	});

	it('validates ids by length and alphabet', () => {
		expect(isValidId('a'.repeat(16))).toBe(true);
		expect(isValidId('a'.repeat(64))).toBe(true);
		expect(isValidId('a'.repeat(15))).toBe(false);
		expect(isValidId('a'.repeat(65))).toBe(false);
		expect(isValidId('a'.repeat(15) + '/')).toBe(false);
		expect(isValidId('a'.repeat(15) + 'é')).toBe(false);
		expect(isValidId(42)).toBe(false);
	});

	it('takes an injected generator and restores the default', () => {
		setIdGenerator(() => 'fixed-id-0000000');
		expect(newId()).toBe('fixed-id-0000000');
		setIdGenerator();
		expect(newId()).toMatch(/^[A-Za-z0-9_-]{16}$/);
	});

	it('parses and formats document names', () => {
		expect(parseDocumentName(G)).toEqual({ kind: 'directory', groupId: G });
		expect(parseDocumentName(`${G}/${M}`)).toEqual({ kind: 'minutes', groupId: G, meetingId: M });
		expect(parseDocumentName(`${G}/${M}/comments`)).toEqual({
			kind: 'comments',
			groupId: G,
			meetingId: M
		});
		for (const bad of [
			'',
			'short',
			`${G}/`,
			`${G}/${M}/other`,
			`${G}/${M}/comments/x`,
			`/${G}`,
			`${G}/comments`,
			null
		]) {
			expect(parseDocumentName(bad)).toBeNull();
		}
		for (const name of [G, `${G}/${M}`, `${G}/${M}/comments`]) {
			expect(formatDocumentName(parseDocumentName(name)!)).toBe(name);
		}
		expect(commentsDocumentName(G, M)).toBe(`${G}/${M}/comments`);
		expect(() => formatDocumentName({ kind: 'minutes', groupId: G, meetingId: 'x' })).toThrow();
	});
});
