/**
 * The request target as the relay routes it: the path exactly as the client sent it, never a
 * normalised one. Were `//x/metrics` or `/a/../metrics` resolved to `/metrics`, they would
 * reach it past a proxy rule that matched the text; so a path that is not in normal form is
 * refused (400) instead, and each route sees the same bytes a proxy saw.
 *
 * A path is in normal form when it starts with `/` and has no empty segment (`//`), no `.` or
 * `..` segment, no backslash, no encoded slash, backslash or dot (`%2f`, `%5c`, `%2e`), no
 * malformed percent-encoding, no encoded control character or invalid UTF-8, and it is what a
 * URL parser (a browser) would send for itself. The query is not part of the path.
 */

export interface RequestTarget {
	/** The raw path, without the query. */
	path: string;
	/** The whole target parsed; its `pathname` is `path`, byte for byte. */
	url: URL;
}

const NOT_NORMAL = /\/\/|\\|%(?![0-9A-Fa-f]{2})|%2[EeFf]|%5[Cc]/;
const CONTROL = /\p{Cc}/u;

/** The target of a request or an upgrade, or null when its path is not in normal form. */
export function parseRequestTarget(target: string | undefined): RequestTarget | null {
	if (!target) return null;
	const queryAt = target.indexOf('?');
	const path = queryAt < 0 ? target : target.slice(0, queryAt);
	if (!path.startsWith('/') || NOT_NORMAL.test(path)) return null;
	if (path.split('/').some((segment) => segment === '.' || segment === '..')) return null;
	let decoded: string;
	try {
		decoded = decodeURIComponent(path);
	} catch {
		return null;
	}
	if (CONTROL.test(decoded)) return null;
	let url: URL;
	try {
		url = new URL(target, 'http://relay');
	} catch {
		return null;
	}
	// Anything the URL parser would spell differently (a raw space, quote or `#`, a byte
	// outside ASCII) is not what a browser sends.
	if (url.pathname !== path) return null;
	return { path, url };
}
