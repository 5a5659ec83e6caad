import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.ts';

describe('request targets', () => {
	it.each([
		'/',
		'/healthz',
		'/healthz?x=//..%2f',
		'/join',
		'/join/',
		'/p/abcdefghijklmnop/abcdefghijklmnopq/2',
		'/sync/abcdefghijklmnop/abcdefghijklmnop/comments?token=p1.a.b.1.c',
		'/_app/immutable/chunks/x.AbC123.js',
		'/.well-known/assetlinks.json',
		'/a%20b',
		'/%C3%A9t%C3%A9',
		'/a..b/c.'
	])('takes %s as it is', (target) => {
		const parsed = parseRequestTarget(target);
		expect(parsed?.path).toBe(target.split('?')[0]);
		expect(parsed?.url.pathname).toBe(parsed?.path);
	});

	it.each([
		'',
		'*',
		'healthz',
		'http://relay/healthz',
		'//x/metrics',
		'/a//b',
		'/a/../metrics',
		'/./metrics',
		'/metrics/.',
		'/metrics/..',
		'/..%2f..%2fetc/passwd',
		'/%2e%2e/x',
		'/x%2Ejs',
		'/a%2Fb',
		'/a%5cb',
		'/a\\b',
		'/%zz',
		'/a%2',
		'/%ff',
		'/%c0%af',
		'/a%00b',
		'/a%0ab',
		'/a b',
		'/a#b',
		'/a"b',
		'/é'
	])('refuses %s', (target) => {
		expect(parseRequestTarget(target)).toBeNull();
	});
});
