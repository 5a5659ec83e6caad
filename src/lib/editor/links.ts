/**
 * Links in notes: which pasted text becomes a link, and which hrefs are ever put in the DOM.
 * Notes come from other people's devices, so an href is checked on the way to the screen too.
 */

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+|\bmailto:[^\s<>"']+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,;:!?)\]}'"]+$/;

export interface UrlMatch {
	from: number;
	to: number;
	href: string;
}

/** Addresses in `text` with their offsets and the href to link them to. */
export function findUrls(text: string): UrlMatch[] {
	const found: UrlMatch[] = [];
	for (const match of text.matchAll(URL_PATTERN)) {
		let raw = match[0];
		const trailing = TRAILING.exec(raw);
		// Keep a closing parenthesis that closes one opened inside the address (Wikipedia links).
		if (trailing) {
			let cut = trailing[0];
			if (cut.startsWith(')') && raw.includes('(')) cut = cut.slice(1);
			raw = raw.slice(0, raw.length - cut.length);
		}
		if (raw.length < 5) continue;
		const href = raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw;
		if (!safeHref(href)) continue;
		found.push({ from: match.index, to: match.index + raw.length, href });
	}
	return found;
}

/** `href` when it is http(s) or mailto, else null: never a `javascript:` link on screen. */
export function safeHref(href: unknown): string | null {
	if (typeof href !== 'string') return null;
	const trimmed = href.trim();
	return /^(https?:\/\/|mailto:)/i.test(trimmed) ? trimmed : null;
}

/** The whole of `text` when it is one address and nothing else (a pasted link). */
export function wholeUrl(text: string): string | null {
	const trimmed = text.trim();
	const [first] = findUrls(trimmed);
	return first && first.from === 0 && first.to === trimmed.length ? first.href : null;
}
