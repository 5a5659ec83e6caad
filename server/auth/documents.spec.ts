import { describe, expect, it } from 'vitest';
import { canWrite, parseDocumentName } from './documents.ts';

const g = 'group_id-0123456789';
const m = 'meeting-id_0123456789abc';

describe('document names', () => {
	it('reads the three kinds', () => {
		expect(parseDocumentName(g)).toEqual({ name: g, kind: 'directory', groupId: g });
		expect(parseDocumentName(`${g}/${m}`)).toMatchObject({ kind: 'minutes', meetingId: m });
		expect(parseDocumentName(`${g}/${m}/comments`)).toMatchObject({ kind: 'comments' });
	});

	it('refuses anything else', () => {
		for (const bad of [
			'',
			'short',
			'x'.repeat(65),
			`${g}/`,
			`/${g}`,
			`${g}/${m}/`,
			`${g}/${m}/notes`,
			`${g}/${m}/comments/x`,
			`${g}/${m}/${m}`,
			`${g}.${m}`,
			`${g}/../${m}`
		]) {
			expect(parseDocumentName(bad)).toBeNull();
		}
	});

	it('follows the role table', () => {
		expect(['directory', 'minutes', 'comments'].map((k) => canWrite('edit', k as never))).toEqual([
			true,
			true,
			true
		]);
		expect(
			['directory', 'minutes', 'comments'].map((k) => canWrite('comment', k as never))
		).toEqual([false, false, true]);
		expect(['directory', 'minutes', 'comments'].map((k) => canWrite('view', k as never))).toEqual([
			false,
			false,
			false
		]);
	});
});
