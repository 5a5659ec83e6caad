/**
 * Which links an export may write as links. A link comes from the document, so anyone with an
 * edit token chose it; browsers and Markdown renderers forgive a lot on the way to a scheme
 * (`JaVaScRiPt:`, ` javascript:`, `java\tscript:`, `&#106;avascript:`, `%6Aavascript:`). So a
 * link is kept only when its text literally starts with an allowed scheme (http and https with
 * a host), holds no whitespace, control or invisible formatting character, double quote, angle
 * bracket, backslash or backtick anywhere, and the URL parser agrees on the scheme. Anything
 * else is written as plain text, or left out.
 */

/** Schemes a link may have in HTML and Markdown. */
export const LINK_SCHEMES = ['http:', 'https:', 'mailto:'] as const;
/** Schemes of web pages (an event's link, a calendar's URL). */
export const WEB_SCHEMES = ['http:', 'https:'] as const;

/** Whitespace, control and invisible formatting characters (bidi, zero-width), " < > \ `. */
const FORBIDDEN = /[\s\p{Cc}\p{Cf}"<>\\`]/u;
const LITERAL_SCHEME = /^([a-z][a-z0-9+.-]*:)/i;

/** The link, trimmed, if it is safe to write as a link with one of `schemes`; else null. */
export function safeLink(href: string, schemes: readonly string[] = LINK_SCHEMES): string | null {
	if (typeof href !== 'string') return null;
	const url = href.trim();
	if (!url || url.length > 4096 || FORBIDDEN.test(url)) return null;
	const scheme = LITERAL_SCHEME.exec(url)?.[1].toLowerCase();
	if (!scheme || !schemes.includes(scheme)) return null;
	if (scheme !== 'mailto:' && !/^[a-z]+:\/\/[^/?#]/i.test(url)) return null;
	try {
		return new URL(url).protocol === scheme ? url : null;
	} catch {
		return null;
	}
}
