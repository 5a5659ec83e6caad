import { expect, test } from 'vitest';
import { forgetRevoked, isGroupRevoked, onRefusal, reportRefusal, type Refusal } from './refusals';

const GROUP = 'group-aaaaaaaaaaaaaaaa';

test('refusals reach every listener with their document and group; revoked groups are kept', () => {
	const seen: Refusal[] = [];
	const stop = onRefusal((refusal) => seen.push(refusal));
	const stopThrowing = onRefusal(() => {
		throw new Error('a broken listener');
	});
	const errors: unknown[] = [];
	const original = console.error;
	console.error = (...args: unknown[]) => errors.push(args);
	try {
		reportRefusal('permission-denied', `${GROUP}/meeting-1111111111111111`, 'permission denied');
		reportRefusal('revoked', GROUP, '4401');
		reportRefusal('revoked', 'not a document name!', '4401');
	} finally {
		console.error = original;
		stop();
		stopThrowing();
	}
	expect(seen.map((r) => [r.kind, r.groupId, r.reason])).toEqual([
		['permission-denied', GROUP, 'permission denied'],
		['revoked', GROUP, '4401']
	]);
	expect(errors).toHaveLength(2);
	expect(isGroupRevoked(GROUP)).toBe(true);
	forgetRevoked(GROUP);
	expect(isGroupRevoked(GROUP)).toBe(false);
	reportRefusal('revoked', GROUP, '4401');
	expect(seen).toHaveLength(2);
});
