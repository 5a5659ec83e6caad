/**
 * The built PWA (adapter-static output) from `staticDir`.
 *
 * - Hashed assets under `/_app/immutable/` are cached for a year as immutable; every `.html`
 *   page (`index.html`, the fallback `200.html`), the service worker and the web manifest are
 *   never cached, so a new version is picked up at once; everything else is revalidated.
 * - An unknown path that is not a file name (no extension, outside `/_app/`) and accepts HTML
 *   gets the SPA fallback page `200.html` with status 200; anything else unknown gets 404.
 * - GET and HEAD (405 otherwise); ETag and If-None-Match (304); `.br` / `.gz` siblings served
 *   when the client accepts them; no path outside `staticDir` and no dotfile is ever served.
 * - Every HTML page carries the app's Content-Security-Policy (`app-page-security.ts`), with
 *   the hashes of that page's inline scripts, computed once per version of the file.
 *
 * The relay hands over only paths in normal form (`request-target.ts`); the checks here hold
 * on their own all the same.
 */
import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { appPageSecurity } from './app-page-security.ts';
import { READ_METHODS } from './respond.ts';

export const FALLBACK_PAGE = '200.html';

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.md': 'text/markdown; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf',
	'.otf': 'font/otf',
	'.wasm': 'application/wasm',
	'.pdf': 'application/pdf'
};

const NEVER_CACHE = 'no-cache, no-store, must-revalidate';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function cacheControlFor(urlPath: string): string {
	if (urlPath.startsWith('/_app/immutable/')) return IMMUTABLE;
	const name = urlPath.slice(urlPath.lastIndexOf('/') + 1);
	if (
		name.endsWith('.html') ||
		name === 'service-worker.js' ||
		name.endsWith('.webmanifest') ||
		name === 'manifest.json'
	) {
		return NEVER_CACHE;
	}
	return REVALIDATE;
}

export function contentTypeFor(path: string): string {
	const extension = extname(path).toLowerCase();
	return Object.hasOwn(CONTENT_TYPES, extension)
		? CONTENT_TYPES[extension]
		: 'application/octet-stream';
}

interface Found {
	/** The URL path the file answers to (decides its caching). */
	urlPath: string;
	file: string;
	stats: Stats;
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The security headers of one version of an HTML file. */
interface PageHeaders {
	version: string;
	headers: Record<string, string>;
}

export function createStaticHandler(staticDir: string): StaticHandler {
	const root = resolve(staticDir);
	// One entry per HTML file of the build: bounded by the build, not by requests.
	const pageHeaders = new Map<string, PageHeaders>();

	async function securityOf(found: Found): Promise<Record<string, string>> {
		const version = `${found.stats.size}-${found.stats.mtimeMs}`;
		const known = pageHeaders.get(found.file);
		if (known?.version === version) return known.headers;
		const headers = appPageSecurity(await readFile(found.file, 'utf8'));
		pageHeaders.set(found.file, { version, headers });
		return headers;
	}

	async function fileAt(urlPath: string): Promise<Found | null> {
		const file = resolve(root, '.' + normalize('/' + urlPath));
		if (file !== root && !file.startsWith(root + sep)) return null;
		try {
			const stats = await stat(file);
			if (stats.isFile()) return { urlPath, file, stats };
			if (stats.isDirectory()) {
				return fileAt(join(urlPath, 'index.html').replaceAll(sep, '/'));
			}
		} catch {
			// not there
		}
		return null;
	}

	async function lookup(urlPath: string): Promise<Found | null> {
		const found = await fileAt(urlPath);
		if (found) return found;
		// Prerendered pages are written as `about.html` for `/about`.
		if (!extname(urlPath) && !urlPath.endsWith('/')) return fileAt(urlPath + '.html');
		return null;
	}

	return async (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { Allow: READ_METHODS, 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: 'method not allowed' }));
			return;
		}
		const urlPath = decodePath(req.url ?? '/');
		if (urlPath === null) return notFound(res, 400, 'bad path');
		let found = isServable(urlPath) ? await lookup(urlPath) : null;
		if (!found && wantsFallback(req, urlPath)) found = await fileAt('/' + FALLBACK_PAGE);
		if (!found) return notFound(res, 404, 'not found');
		const security = found.file.endsWith('.html') ? await securityOf(found) : {};
		await sendFile(req, res, found, security);
	};
}

function decodePath(url: string): string | null {
	const path = url.split('?', 1)[0].split('#', 1)[0];
	try {
		const decoded = decodeURIComponent(path);
		if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
		return decoded;
	} catch {
		return null;
	}
}

/** No dotfiles (but `/.well-known/`), no parent segments. */
function isServable(urlPath: string): boolean {
	return urlPath
		.split('/')
		.every(
			(segment, index, all) =>
				segment === '' ||
				(segment !== '..' &&
					(!segment.startsWith('.') ||
						(index === 1 && segment === '.well-known' && all.length > 2)))
		);
}

function wantsFallback(req: IncomingMessage, urlPath: string): boolean {
	if (urlPath.startsWith('/_app/')) return false;
	const ext = extname(urlPath.slice(urlPath.lastIndexOf('/') + 1));
	if (ext && ext !== '.html') return false;
	const accept = req.headers.accept;
	return !accept || accept.includes('text/html') || accept.includes('*/*');
}

function notFound(res: ServerResponse, status: number, error: string): void {
	res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
	res.end(JSON.stringify({ error }));
}

async function precompressed(
	req: IncomingMessage,
	found: Found
): Promise<{ file: string; stats: Stats; encoding: string } | null> {
	const accepted = String(req.headers['accept-encoding'] ?? '');
	for (const [encoding, suffix] of [
		['br', '.br'],
		['gzip', '.gz']
	] as const) {
		if (!new RegExp(`\\b${encoding}\\b`).test(accepted)) continue;
		try {
			const stats = await stat(found.file + suffix);
			if (stats.isFile()) return { file: found.file + suffix, stats, encoding };
		} catch {
			// no such variant
		}
	}
	return null;
}

async function sendFile(
	req: IncomingMessage,
	res: ServerResponse,
	found: Found,
	security: Record<string, string>
): Promise<void> {
	const variant = await precompressed(req, found);
	const { file, stats } = variant ?? found;
	const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}${variant ? '-' + variant.encoding : ''}"`;
	const headers: Record<string, string | number> = {
		'Content-Type': contentTypeFor(found.file),
		'Cache-Control': cacheControlFor(found.urlPath),
		ETag: etag,
		'Last-Modified': stats.mtime.toUTCString(),
		'X-Content-Type-Options': 'nosniff',
		Vary: 'Accept-Encoding',
		...security
	};
	if (variant) headers['Content-Encoding'] = variant.encoding;
	const ifNoneMatch = req.headers['if-none-match'];
	if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((tag) => tag === etag || tag === '*')) {
		res.writeHead(304, headers);
		res.end();
		return;
	}
	headers['Content-Length'] = stats.size;
	res.writeHead(200, headers);
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	await new Promise<void>((done) => {
		const stream = createReadStream(file);
		stream.on('error', () => {
			res.destroy();
			done();
		});
		res.on('close', () => {
			stream.destroy();
			done();
		});
		stream.pipe(res);
	});
}
