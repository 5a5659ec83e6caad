import { expect, test } from 'vitest';
import { reportRefusal } from '$lib/sync/refusals';
import { revokedGroups } from './revoked-groups.svelte';

const GROUP = 'group_0123456789AB';
const OTHER = 'other_0123456789AB';

test('a revoked link is remembered for its group until new tokens are stored', () => {
	expect(revokedGroups.has(GROUP)).toBe(false);
	reportRefusal('revoked', `${GROUP}/meeting_0123456789ABCDEF`, 'token revoked');
	expect(revokedGroups.has(GROUP)).toBe(true);
	expect(revokedGroups.has(OTHER)).toBe(false);
	reportRefusal('permission-denied', OTHER, 'permission denied');
	expect(revokedGroups.has(OTHER)).toBe(false);
	revokedGroups.forget(GROUP);
	expect(revokedGroups.has(GROUP)).toBe(false);
});
