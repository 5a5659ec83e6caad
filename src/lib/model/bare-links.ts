/**
 * Addresses written as plain text ("see https://example.org/agenda"), found with linkify-it so
 * the editor, every export and the public page agree on where one starts and ends. Only what a
 * member clearly meant as a link is kept: an explicit http, https or mailto address, or one
 * starting with `www.` (linked as https). Domains without either ("node.js", "example.org") and
 * every other scheme stay text. Each href passes `safeLink`, so a bare `javascript:` never
 * becomes a link and an address holding a quote or angle bracket is cut before it or dropped.
 */
import LinkifyIt from 'linkify-it';
import { safeLink } from './safe-link';

export interface BareLink {
	/** Offset of the first character of the address in the text. */
	from: number;
	/** Offset just after it. */
	to: number;
	/** The address as written. */
	text: string;
	/** Where it links to: the text, or `https://` + the text for a `www.` address. */
	href: string;
}

// ftp and protocol-relative addresses are linkify-it's defaults; no export writes them.
const linkify = new LinkifyIt().add('ftp:', null).add('//', null).set({
	fuzzyEmail: false,
	fuzzyIP: false
});

const WWW = /^www\./i;

/** The addresses in `text`, in order; an empty list when there is none. */
export function findBareLinks(text: string): BareLink[] {
	if (typeof text !== 'string' || !text || !linkify.pretest(text)) return [];
	const out: BareLink[] = [];
	for (const match of linkify.match(text) ?? []) {
		const written = match.raw;
		const candidate = match.schema ? written : WWW.test(written) ? `https://${written}` : null;
		if (!candidate || safeLink(candidate) !== candidate) continue;
		out.push({ from: match.index, to: match.lastIndex, text: written, href: candidate });
	}
	return out;
}

/** A text cut into plain parts and addresses, in order; joined, the parts are the text. */
export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

export function splitBareLinks(text: string): TextPart[] {
	const parts: TextPart[] = [];
	let last = 0;
	for (const link of findBareLinks(text)) {
		if (link.from > last) parts.push({ text: text.slice(last, link.from) });
		parts.push({ text: link.text, href: link.href });
		last = link.to;
	}
	if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
	return parts;
}
