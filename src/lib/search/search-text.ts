/**
 * How search cuts text into words and compares them, shared by the index (MiniSearch's
 * `tokenize` and `processTerm`) and the highlighting of matches, so a word marked on screen is
 * exactly a word that matched.
 */

/** MiniSearch's default separators (white space, line breaks, punctuation) and symbols (<, +, €). */
const SEPARATORS = /[\n\r\p{Z}\p{P}\p{S}]+/u;
const SEPARATORS_KEPT = /([\n\r\p{Z}\p{P}\p{S}]+)/u;

export function tokenize(text: string): string[] {
	return text.split(SEPARATORS).filter(Boolean);
}

/** Lower case, accents dropped: "Café" finds "cafe" and the other way round. */
export function normalizeTerm(term: string): string {
	return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface Segment {
	text: string;
	isMatch: boolean;
}

/**
 * The text as plain segments, words whose normalized form is one of `terms` marked: the screen
 * renders each as text inside `<mark>` or not, never as HTML.
 */
export function highlight(text: string, terms: ReadonlySet<string>): Segment[] {
	const out: Segment[] = [];
	for (const [i, part] of text.split(SEPARATORS_KEPT).entries()) {
		if (!part) continue;
		// split() with a capturing group alternates words (even) and separators (odd).
		const isMatch = i % 2 === 0 && terms.has(normalizeTerm(part));
		const last = out.at(-1);
		if (last && last.isMatch === isMatch && !isMatch) last.text += part;
		else out.push({ text: part, isMatch });
	}
	return out;
}

const CONTEXT_WORDS = 8;

/**
 * A short excerpt of `text` around its first matching word (the whole text when short), with
 * "…" where it was cut, highlighted; empty when `text` is.
 */
export function excerpt(text: string, terms: ReadonlySet<string>, maxWords = 24): Segment[] {
	const parts = text.replace(/\s+/g, ' ').trim().split(SEPARATORS_KEPT);
	const words = Math.ceil(parts.length / 2);
	if (words <= maxWords) return highlight(parts.join(''), terms);
	let first = 0;
	for (let i = 0; i < parts.length; i += 2) {
		if (terms.has(normalizeTerm(parts[i]))) {
			first = i;
			break;
		}
	}
	const start = Math.max(0, first - CONTEXT_WORDS * 2);
	const end = Math.min(parts.length, start + maxWords * 2);
	const segments = highlight(parts.slice(start, end).join(''), terms);
	if (start > 0) segments.unshift({ text: '… ', isMatch: false });
	if (end < parts.length) segments.push({ text: ' …', isMatch: false });
	return segments;
}
