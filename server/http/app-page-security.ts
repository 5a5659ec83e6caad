/**
 * The security headers of the app's own HTML (`index.html`, the fallback page `200.html`, any
 * page the static handler serves), fitted to what the built app does:
 *
 * - script-src 'self' plus the sha256 hash of each inline script of that very page (SvelteKit's
 *   bootstrap in the fallback page), computed from the file served, so a rebuild needs no edit;
 *   no 'unsafe-inline', no 'unsafe-eval'.
 * - style-src 'self' 'unsafe-inline': the fallback page has a `style` attribute, and
 *   y-prosemirror draws collaborators' cursors with `setAttribute('style', …)`. Styles cannot
 *   run code, and with img-src and font-src kept to this origin an injected style has nowhere
 *   to send what it reads.
 * - connect-src 'self' http: https: ws: wss:: each group keeps the relay of its invite link, so
 *   one device syncs with several relays, on any host (docs/sharing.md). 'self' alone would
 *   cover this relay's websocket in CSP3 browsers but not in older WebKit, and the schemes cover
 *   it everywhere without building a source from the request's `Host` header.
 * - worker-src and manifest-src 'self' (the service worker and the web manifest), img-src
 *   'self' data: blob:, object-src 'none', base-uri 'self', form-action 'self',
 *   frame-ancestors 'none' (and X-Frame-Options for browsers without it).
 * - nosniff, and no Referer: invite tokens live in fragments, which are never sent, but the
 *   paths of groups and meetings need not travel either.
 */
import { createHash } from 'node:crypto';

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/** The headers for an HTML page of the app whose text is `html`. */
export function appPageSecurity(html: string): Record<string, string> {
	const hashes = inlineScriptHashes(html).map((hash) => `'sha256-${hash}'`);
	const policy = [
		"default-src 'self'",
		['script-src', "'self'", ...hashes].join(' '),
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"connect-src 'self' http: https: ws: wss:",
		"worker-src 'self'",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'"
	].join('; ');
	return {
		'Content-Security-Policy': policy,
		'X-Frame-Options': 'DENY',
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'no-referrer'
	};
}

/** Base64 sha256 of each inline script's text, as a browser hashes it (line ends as LF). */
export function inlineScriptHashes(html: string): string[] {
	const hashes = new Set<string>();
	for (const [, attributes, text] of html.matchAll(INLINE_SCRIPT)) {
		if (/\bsrc\s*=/i.test(attributes)) continue;
		// The HTML parser turns CR LF and lone CR into LF before the script is hashed.
		const normalised = text.replace(/\r\n?/g, '\n');
		hashes.add(createHash('sha256').update(normalised, 'utf8').digest('base64'));
	}
	return [...hashes];
}
