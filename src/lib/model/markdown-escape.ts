/**
 * Escaping for the Markdown export (markdown.ts). A character is escaped only where a plain one
 * would read differently: in CommonMark/GFM as marked reads it, or in the dialect's strict
 * reading (import-markdown/dialect.ts), which reads no prose, so dates, tallies and colons in
 * running text need nothing. Each paragraph and value is escaped by the rules here and checked
 * by reading it back with marked; one that does not read back as its fully escaped form (every
 * syntax character backslash-escaped) is written in that form instead. docs/markdown.md,
 * "Export rules that keep the round trip stable", lists what remains escaped and why.
 */
import { oneLine } from './clean-text';
import { isDialectKeyLine } from './import-markdown/lines';
import { inlineOf, lex, plain } from './import-markdown/tokens';
import { safeLink } from './safe-link';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/**
 * Text as it reads in running Markdown, escaped where it would make syntax: a backslash before
 * punctuation, backticks, `*` and `_` runs that could open or close emphasis (not `5 * 3`, not
 * `a_b`), `~` when two could pair, `<` that could open HTML or an autolink, `&` that would
 * start a character reference, `]` that could end a link's text; in a link's text
 * (`isLinkText`) every bracket.
 */
function escapeRun(text: string, isLinkText: boolean): string {
	const tildes = text.split('~').length - 1;
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		const next = text[i + 1] ?? '';
		switch (c) {
			case '\\':
				out += !next || ASCII_PUNCTUATION.test(next) ? '\\\\' : c;
				break;
			case '`':
				out += '\\`';
				break;
			case '*':
			case '_': {
				let end = i;
				while (text[end] === c) end++;
				const before = text[i - 1] ?? '';
				const after = text[end] ?? '';
				// Spaces on both sides, or (for `_`) letters on both: no emphasis can open or close.
				const isInert =
					(SPACE.test(before) && SPACE.test(after)) ||
					(c === '_' && WORD.test(before) && WORD.test(after));
				const run = text.slice(i, end);
				out += isInert ? run : run.replace(/[*_]/g, '\\$&');
				i = end - 1;
				break;
			}
			case '~':
				out += tildes > 1 ? '\\~' : c;
				break;
			case '<':
				out += /[A-Za-z/!?]/.test(next) ? '\\<' : c;
				break;
			case '&':
				out += /^&#?[a-z0-9]+;/i.test(text.slice(i)) ? '\\&' : c;
				break;
			case '[':
				out += isLinkText ? '\\[' : c;
				break;
			case ']':
				out += isLinkText || next === '(' || next === '[' ? '\\]' : c;
				break;
			default:
				out += c;
		}
	}
	return out;
}

/** Every syntax character backslash-escaped: the form a run falls back to. */
function escapeFully(text: string, isLinkText: boolean): string {
	const escaped = text
		.replace(/([\\`*_[\]<>~#|])/g, '\\$1')
		.replace(/!(?=\\\[)/g, '\\!')
		// marked would not end a link's text at `\](`; `\]\(` reads back the same everywhere.
		.replace(/\\\]\(/g, '\\]\\(')
		.replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
	if (isLinkText) return escaped;
	// marked finds an address anywhere, also right after a letter ("5http://").
	return escaped.replace(/(https?):(?=\/\/)/gi, '$1\\:').replace(/(www)\./gi, '$1\\.');
}

const BARE_URL = /((?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,:;"')\]*_~!?])/;

/** Whether every `)` closes an earlier `(`, as CommonMark needs to keep them in a destination. */
export function hasBalancedParens(href: string): boolean {
	let depth = 0;
	for (const c of href) {
		if (c === '(') depth++;
		else if (c === ')' && --depth < 0) return false;
	}
	return depth === 0;
}

/**
 * Whether a renderer's autolink (GFM's, which runs to the next space or `<`) would end where
 * the bare URL does: else it would swallow the text after it, backslashes and all.
 */
function endsAutolink(url: string, after: string): boolean {
	// GFM leaves out trailing punctuation, and a `)` that no `(` in the address opened.
	return (
		/^[?!.,:]*(\s|$)/.test(after) || (hasBalancedParens(url) && /^[?!.,:)]*(\s|$)/.test(after))
	);
}

/**
 * Text with the bare addresses in it. An address stays bare where an autolink would end where
 * it does; else, when it is a safe http(s) link, it is written `<…>`, which reads back as the
 * same text in a value. Only one that is not a safe link (a quote, a backslash, a bracket in
 * it) is escaped, `://` too, so that no renderer links it.
 */
function escapeWithAddresses(text: string, isMinimal: boolean): string {
	const parts = text.split(BARE_URL);
	return parts
		.map((part, i) => {
			if (i % 2 === 0) return isMinimal ? escapeRun(part, false) : escapeFully(part, false);
			const after = parts[i + 1] ?? '';
			// A character reference in it reads as its character where marked links nothing.
			const isPlain = !/[[\]\\`]|&#?[a-z0-9]+;/i.test(part);
			if (isPlain && endsAutolink(part, after)) return part;
			const isSafe = /^https?:\/\//i.test(part) && safeLink(part) === part;
			if (isMinimal && isSafe && !/[[\]\\`]/.test(part)) return `<${part}>`;
			// A `;` after it would end a character reference the address starts ("…&amp" + ";").
			const escaped = escapeFully(part, false);
			return after.startsWith(';') ? escaped.replace(/&(?=#?[a-z0-9]+$)/i, '\\&') : escaped;
		})
		.join('');
}

const flatten = (text: string) => oneLine(text).replace(/\s+/g, ' ');

/**
 * A value (title, name, field, a block's text) on one line, escaped minimally where that reads
 * back as the same plain text, else fully.
 */
export function escapeMarkdown(text: string): string {
	const flat = flatten(text);
	const minimal = escapeWithAddresses(flat, true);
	const full = escapeWithAddresses(flat, false);
	if (minimal === full) return minimal;
	const read = plain(minimal);
	return read === flat.trim() || read === plain(full) ? minimal : full;
}

/**
 * A value that must hold no address a reader could take for a link (an event's title or place,
 * where the line's link is found bare): every syntax character escaped, `://` too.
 */
export function escapeWithoutAddresses(text: string): string {
	return escapeFully(flatten(text), false);
}

/** Runs written one after another; a `!` before a link would make it an image. */
export function joinRuns(runs: string[]): string {
	return runs.reduce(
		(out, run) =>
			run.startsWith('[') && /(?<!\\)(?:\\\\)*!$/.test(out)
				? `${out.slice(0, -1)}\\!${run}`
				: out + run,
		''
	);
}

/** The three ways a notes run is escaped, minimally or fully. */
export interface RunEscaper {
	/** Plain text that holds no address. */
	text: (text: string) => string;
	/** Text with bare addresses, which stay text. */
	withAddresses: (text: string) => string;
	/** A link's text. */
	linkText: (text: string) => string;
}

export const MINIMAL: RunEscaper = {
	text: (text) => escapeRun(flatten(text), false),
	withAddresses: (text) => escapeWithAddresses(flatten(text), true),
	linkText: (text) => escapeRun(flatten(text), true)
};

export const FULL: RunEscaper = {
	text: (text) => escapeFully(flatten(text), false),
	withAddresses: (text) => escapeWithAddresses(flatten(text), false),
	linkText: (text) => escapeFully(flatten(text), true)
};

/**
 * Escape the start of a line that would start structure: a heading, quote, list item, thematic
 * break, setext underline, table delimiter row, link definition or task box in Markdown; a
 * keyed line ("Decision: …", "Presenter: …") in the strict reading, whose colon is escaped.
 * Every line, also one after a hard break, which becomes a paragraph's first line as soon as a
 * person deletes the backslash before it.
 */
export function escapeLineStart(line: string): string {
	let escaped = line
		.replace(
			/^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|[=+*_-](?=[\s=+*_-]*$)|[|:](?=[\s|:-]*-[\s|:-]*$)|\[(?=[^\]]*\]:|[ xX]\]))/,
			'$1\\$2'
		)
		.replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
	while (isDialectKeyLine(escaped)) {
		const colon = /(?<!\\)(?:\\\\)*:/.exec(escaped);
		if (!colon) break;
		const at = colon.index + colon[0].length - 1;
		escaped = `${escaped.slice(0, at)}\\${escaped.slice(at)}`;
	}
	return escaped;
}

/** A heading's text whose trailing `#`s Markdown would take for a closing sequence. */
export function headingText(text: string): string {
	return text.replace(/(^|\s)(#+)$/, (_m, space: string, hashes: string) => {
		return `${space}${hashes.slice(0, -1)}\\#`;
	});
}

/** How marked reads a block of Markdown: its tokens' kinds, and a paragraph's inline text. */
function reading(markdown: string): string {
	return JSON.stringify(
		lex(markdown)
			.filter((t) => t.type !== 'space')
			.map((t) => (t.type === 'paragraph' ? inlineOf(String(t.raw).trim()) : t.type))
	);
}

/** `minimal` where it reads as `full` does, else `full`. */
export function preferMinimal(minimal: string, full: string): string {
	return minimal === full || reading(minimal) === reading(full) ? minimal : full;
}
