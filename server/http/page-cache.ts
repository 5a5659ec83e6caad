/**
 * A small least-recently-used cache of rendered pages, bounded by count and by bytes, so that a
 * popular public page is rendered once per state of what it shows rather than once per request.
 * The caller makes the key from everything the page depends on; an entry is never invalidated,
 * only pushed out, since a new state makes a new key.
 */
export interface PageCacheLimits {
	entries: number;
	bytes: number;
}

export class PageCache {
	/** Insertion order is recency: the first key is the least recently used. */
	private readonly pages = new Map<string, Buffer>();
	private bytes = 0;

	constructor(private readonly limits: PageCacheLimits) {}

	get(key: string): Buffer | undefined {
		const page = this.pages.get(key);
		if (page) {
			this.pages.delete(key);
			this.pages.set(key, page);
		}
		return page;
	}

	set(key: string, page: Buffer): void {
		// A page larger than a quarter of the cache would push out most others for one reader.
		if (page.length > this.limits.bytes / 4 || this.limits.entries < 1) return;
		this.delete(key);
		this.pages.set(key, page);
		this.bytes += page.length;
		for (const [oldest, old] of this.pages) {
			if (this.pages.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
			this.pages.delete(oldest);
			this.bytes -= old.length;
		}
	}

	get size(): number {
		return this.pages.size;
	}

	get byteSize(): number {
		return this.bytes;
	}

	private delete(key: string): void {
		const page = this.pages.get(key);
		if (!page) return;
		this.pages.delete(key);
		this.bytes -= page.length;
	}
}
