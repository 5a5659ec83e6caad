import { describe, expect, test } from 'vitest';
import { findUrls, loadLinkFinder, safeHref, wholeUrl } from './links';

describe('findUrls', () => {
	test('finds addresses in a sentence without the punctuation after them', () => {
		const text = 'Details: https://example.org/events/market-stall. See www.example.org, too';
		expect(findUrls(text)).toEqual([
			{ from: 9, to: 48, href: 'https://example.org/events/market-stall' },
			{ from: 54, to: 69, href: 'https://www.example.org' }
		]);
	});

	test('keeps a parenthesis that belongs to the address', () => {
		const [match] = findUrls('(see https://en.wikipedia.org/wiki/Rent_strike_(1915))');
		expect(match.href).toBe('https://en.wikipedia.org/wiki/Rent_strike_(1915)');
	});

	test('finds nothing in plain text', () => {
		expect(findUrls('Repairs vs. rent levels: which to lead with')).toEqual([]);
	});
});

describe('safeHref and wholeUrl', () => {
	test('never lets a script address through', () => {
		expect(safeHref('javascript:alert(1)')).toBeNull();
		expect(safeHref(' https://example.org ')).toBe('https://example.org');
		expect(safeHref(42)).toBeNull();
	});

	test('tells a pasted link from text that contains one', () => {
		expect(wholeUrl(' https://example.org/a \n')).toBe('https://example.org/a');
		expect(wholeUrl('see https://example.org/a')).toBeNull();
	});
});

describe('findUrls with the model’s finder loaded', () => {
	test('finds what every export links, and no other scheme', async () => {
		await loadLinkFinder();
		expect(findUrls('see www.example.org, node.js').map((m) => m.href)).toEqual([
			'https://www.example.org'
		]);
		expect(findUrls('javascript:alert(1) ftp://example.org')).toEqual([]);
		expect(findUrls('http://x"onmouseover=alert(1)').map((m) => m.href)).toEqual(['http://x']);
	});
});
