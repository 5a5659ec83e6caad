/**
 * The one module that runs `marked`: Markdown as tokens, inline tokens as notes text with
 * marks, lists as notes lists, and inline Markdown as plain text for titles, names and fields.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import type { NotesBlock, NotesInline, NotesMarks } from '../notes';

/** The block tokens of a Markdown text; throws what marked throws. */
export function lex(text: string): Token[] {
	return new Lexer({ gfm: true }).lex(text);
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' '
};

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
		if (name[0] === '#') {
			const code =
				name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
			return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return ENTITIES[name.toLowerCase()] ?? whole;
	});
}

function inlineFromTokens(
	tokens: Token[] | undefined,
	marks: NotesMarks,
	out: NotesInline[]
): void {
	for (const t of tokens ?? []) {
		switch (t.type) {
			case 'strong':
				inlineFromTokens(t.tokens, { ...marks, strong: true }, out);
				break;
			case 'em':
				inlineFromTokens(t.tokens, { ...marks, em: true }, out);
				break;
			case 'link':
				// A bare URL in the text stays text; [text](url) and <url> are links.
				if (!/^[[<]/.test(String(t.raw ?? ''))) push(out, String(t.raw ?? ''), marks);
				else inlineFromTokens(t.tokens, { ...marks, link: String(t.href ?? '') }, out);
				break;
			case 'br':
				out.push({ hardBreak: true });
				break;
			case 'text':
				if ('tokens' in t && t.tokens?.length) inlineFromTokens(t.tokens, marks, out);
				else push(out, decodeEntities(String(t.text ?? '')), marks);
				break;
			case 'escape':
			case 'codespan':
				push(out, decodeEntities(String(t.text ?? '')), marks);
				break;
			case 'del':
				inlineFromTokens(t.tokens, marks, out);
				break;
			case 'image':
				push(out, String(t.text ?? ''), marks);
				break;
			default:
				push(out, String(t.raw ?? ''), marks);
		}
	}
}

function push(out: NotesInline[], text: string, marks: NotesMarks): void {
	const clean = text.replace(/\s*\n\s*/g, ' ');
	if (!clean) return;
	const hasMarks = marks.strong || marks.em || marks.link;
	const last = out[out.length - 1];
	if (
		last &&
		!('hardBreak' in last) &&
		JSON.stringify(last.marks ?? {}) === JSON.stringify(hasMarks ? marks : {})
	) {
		last.text += clean;
		return;
	}
	out.push(hasMarks ? { text: clean, marks: { ...marks } } : { text: clean });
}

/** Inline Markdown as notes text; never throws (unreadable text stays as it is). */
export function inlineOf(text: string): NotesInline[] {
	const out: NotesInline[] = [];
	try {
		inlineFromTokens(Lexer.lexInline(text), {}, out);
	} catch {
		push(out, text, {});
	}
	return out;
}

/** Markdown inline text as plain text ("**Sam**" → "Sam", "a\\*b" → "a*b"). */
export function plain(text: string): string {
	return inlineOf(text)
		.map((p) => ('hardBreak' in p ? ' ' : p.text))
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Without the full stops minutes end their fields with. */
export const stripEnd = (t: string) => t.trim().replace(/[.\s]+$/, '');

/** A Markdown list as a notes list; nesting stops at 20 levels. */
export function listToNotes(list: Tokens.List, depth = 0): NotesBlock {
	const items: NotesBlock[][] = list.items.map((li) => {
		const blocks: NotesBlock[] = [];
		for (const t of li.tokens) {
			if (t.type === 'list' && depth < 20) blocks.push(listToNotes(t as Tokens.List, depth + 1));
			else if (t.type === 'text' || t.type === 'paragraph') {
				const content: NotesInline[] = [];
				inlineFromTokens((t as Tokens.Text).tokens ?? Lexer.lexInline(String(t.text)), {}, content);
				blocks.push({ type: 'paragraph', content });
			} else if (t.type !== 'space') {
				const text = plain(String(t.raw ?? ''));
				if (text) blocks.push({ type: 'paragraph', content: [{ text }] });
			}
		}
		return blocks.length ? blocks : [{ type: 'paragraph', content: [] }];
	});
	if (list.ordered) {
		const start = typeof list.start === 'number' ? list.start : 1;
		return { type: 'ordered_list', order: start, items };
	}
	return { type: 'bullet_list', items };
}
