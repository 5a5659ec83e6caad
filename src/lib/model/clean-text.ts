/**
 * Text from a document as exports may write it. Any member's client can put any string in a
 * document, so before a format escapes its own syntax, every value loses what no format
 * should carry: control characters (C0 but tab and line feed, DEL, C1) are removed, every line
 * break (CR LF, CR, NEL, LINE and PARAGRAPH SEPARATOR) becomes one line feed, and a lone
 * surrogate becomes U+FFFD.
 */

const LINE_BREAKS = /\r\n|[\r\u0085\u2028\u2029]/g;
/** Control characters but tab and line feed (CR is gone by then). */
const CONTROLS = /[^\P{Cc}\t\n]/gu;
/** In a `u` regular expression only an unpaired surrogate is a code point of its own. */
const LONE_SURROGATE = /\p{Cs}/gu;

/** `text` without control characters, with `\n` for every line break. */
export function cleanText(text: string): string {
	return text.replace(LINE_BREAKS, '\n').replace(CONTROLS, '').replace(LONE_SURROGATE, '\ufffd');
}

/** `text` cleaned and on one line: runs of whitespace holding a line break become one space. */
export function oneLine(text: string): string {
	return cleanText(text).replace(/[^\S\n]*\n\s*/g, ' ');
}
