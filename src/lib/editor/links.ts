/**
 * Links in notes: which pasted or typed text becomes a link, and which hrefs are ever put in the
 * DOM. Notes come from other people's devices, so an href is checked on the way to the screen
 * too. Addresses are found by the model's `findBareLinks` (linkify-it), as every export finds
 * them; it is loaded with `import()` when an editor opens, to keep it out of the meeting
 * screen's first load, and until then a plain pattern stands in.
 */
import type { BareLink } from '$lib/model/bare-links';

let finder: ((text: string) => BareLink[]) | null = null;
let loading: Promise<void> | null = null;

/** Loads the model's address finder once; resolves when it is in use (or failed to load). */
export function loadLinkFinder(): Promise<void> {
	loading ??= import('$lib/model/bare-links').then(
		(module) => {
			finder = module.findBareLinks;
		},
		() => {
			// Offline with a chunk missing: the plain pattern carries on; try again next time.
			loading = null;
		}
	);
	return loading;
}

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
	if (finder) return finder(text).map(({ from, to, href }) => ({ from, to, href }));
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
