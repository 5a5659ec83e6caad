import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.ts';

const page = (bytes: number) => Buffer.alloc(bytes, 'x');

describe('PageCache', () => {
	it('keeps the most recently used pages within its count', () => {
		const cache = new PageCache({ entries: 2, bytes: 1_000 });
		cache.set('a', page(10));
		cache.set('b', page(10));
		expect(cache.get('a')).toBeDefined();
		cache.set('c', page(10));
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBeDefined();
		expect(cache.get('c')).toBeDefined();
		expect(cache.size).toBe(2);
	});

	it('keeps within its bytes, replacing a key without counting it twice', () => {
		const cache = new PageCache({ entries: 10, bytes: 100 });
		cache.set('a', page(20));
		cache.set('a', page(25));
		expect(cache.byteSize).toBe(25);
		cache.set('b', page(25));
		cache.set('c', page(25));
		cache.set('d', page(25));
		cache.set('e', page(25));
		expect(cache.byteSize).toBeLessThanOrEqual(100);
		expect(cache.get('a')).toBeUndefined();
		expect(cache.get('e')).toBeDefined();
	});

	it('does not keep a page larger than a quarter of it', () => {
		const cache = new PageCache({ entries: 10, bytes: 100 });
		cache.set('small', page(10));
		cache.set('huge', page(26));
		expect(cache.get('huge')).toBeUndefined();
		expect(cache.get('small')).toBeDefined();
	});
});
