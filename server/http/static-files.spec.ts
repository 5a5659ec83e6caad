import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentTypeFor } from './static-files.ts';

describe('static file headers', () => {
	it('caches hashed assets for good and never caches the shell', () => {
		expect(cacheControlFor('/_app/immutable/chunks/a.js')).toBe(
			'public, max-age=31536000, immutable'
		);
		for (const path of [
			'/index.html',
			'/200.html',
			'/service-worker.js',
			'/manifest.webmanifest'
		]) {
			expect(cacheControlFor(path)).toBe('no-cache, no-store, must-revalidate');
		}
		expect(cacheControlFor('/_app/version.json')).toBe('no-cache');
		expect(cacheControlFor('/icons/icon-192.png')).toBe('no-cache');
	});

	it('names content types', () => {
		expect(contentTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
		expect(contentTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
		expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
	});
});
