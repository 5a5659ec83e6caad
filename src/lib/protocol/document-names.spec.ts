import { describe, expect, it } from 'vitest';
import {
	canWrite,
	commentsDocumentName,
	floorDocumentName,
	formatDocumentName,
	isDocumentOfGroup,
	parseDocumentName,
	type DocumentKind
} from './document-names';

const G = 'group_id-0123456789';
const M = 'meeting-id_0123456789abc';
const KINDS: DocumentKind[] = ['directory', 'minutes', 'comments', 'floor'];

describe('document names', () => {
	it('reads the four kinds', () => {
		expect(parseDocumentName(G)).toEqual({ name: G, kind: 'directory', groupId: G });
		expect(parseDocumentName(`${G}/${M}`)).toEqual({
			name: `${G}/${M}`,
			kind: 'minutes',
			groupId: G,
			meetingId: M
		});
		expect(parseDocumentName(`${G}/${M}/comments`)).toEqual({
			name: `${G}/${M}/comments`,
			kind: 'comments',
			groupId: G,
			meetingId: M
		});
		expect(parseDocumentName(`${G}/${M}/floor`)).toEqual({
			name: `${G}/${M}/floor`,
			kind: 'floor',
			groupId: G,
			meetingId: M
		});
	});

	it('refuses anything else', () => {
		for (const bad of [
			'',
			'short',
			'x'.repeat(65),
			`${G}/`,
			`/${G}`,
			`${G}/comments`,
			`${G}/${M}/`,
			`${G}/${M}/notes`,
			`${G}/${M}/comments/x`,
			`${G}/floor`,
			`${G}/${M}/floor/x`,
			`${G}/${M}/Floor`,
			`${G}/${M}/${M}`,
			`${G}.${M}`,
			`${G}/../${M}`,
			`${G}/${'m'.repeat(200)}`,
			null,
			42
		]) {
			expect(parseDocumentName(bad)).toBeNull();
		}
	});

	it('formats what it parses', () => {
		for (const name of [G, `${G}/${M}`, `${G}/${M}/comments`, `${G}/${M}/floor`]) {
			expect(formatDocumentName(parseDocumentName(name)!)).toBe(name);
		}
		expect(commentsDocumentName(G, M)).toBe(`${G}/${M}/comments`);
		expect(floorDocumentName(G, M)).toBe(`${G}/${M}/floor`);
		expect(() => formatDocumentName({ kind: 'minutes', groupId: G, meetingId: 'x' })).toThrow();
	});

	it('tells a group’s documents from another group’s whose id begins the same', () => {
		expect(isDocumentOfGroup(G, G)).toBe(true);
		expect(isDocumentOfGroup(`${G}/${M}/comments`, G)).toBe(true);
		expect(isDocumentOfGroup(`${G}x/${M}`, G)).toBe(false);
	});

	it('follows the role table', () => {
		expect(KINDS.map((kind) => canWrite('edit', kind))).toEqual([true, true, true, true]);
		expect(KINDS.map((kind) => canWrite('comment', kind))).toEqual([false, false, true, true]);
		expect(KINDS.map((kind) => canWrite('view', kind))).toEqual([false, false, false, false]);
	});
});
