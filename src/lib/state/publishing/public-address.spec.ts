import { expect, test } from 'vitest';
import { publicPageAddress } from './public-address';

const g = 'group_0123456789abcdef';
const m = 'meeting_0123456789abcdef';

test('the public page is a path on the group relay, or its full address elsewhere', () => {
	expect(publicPageAddress(null, g, m)).toBeNull();
	expect(publicPageAddress('not a url', g, m)).toBeNull();
	expect(publicPageAddress('https://relay.example.org/sync', g, m)).toBe(
		`https://relay.example.org/p/${g}/${m}`
	);
	expect(publicPageAddress('https://relay.example.org', g, m, 2)).toBe(
		`https://relay.example.org/p/${g}/${m}/2`
	);
});
