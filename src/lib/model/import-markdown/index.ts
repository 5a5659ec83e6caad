/**
 * Markdown minutes → a new meeting. Reads Plenary's own dialect (markdown.ts) and minutes as
 * people write them, like shared/fixtures/sample-minutes.md or plain text pasted from a pad:
 * header lines ("Date: …", "Present: 11 (…)"), numbered headings, lettered sub-points
 * ("a.", "i."), "Decision: …", votes ("7 for, 3 against, 1 abstention. Carried."),
 * "Action: Ahmed — …, due 2026-03-31", dated event lines and a "Next meeting" section.
 *
 * Markdown syntax is parsed by `marked`; this file only reads the meaning of its tokens and
 * lines. Nothing here throws: bad input gives `{ ok: false, error }` or a best-effort meeting
 * with `warnings`. The dialect is described in docs/markdown.md.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import * as Y from 'yjs';
import { addAgendaItem } from '../agenda';
import { addAction, addEvent, recordDecision, type DecisionOutcome } from '../blocks';
import { parseDate, parseDateAt, parseTimeRange, parseWhen } from '../dates';
import { isValidId } from '../../protocol/ids';
import {
	addPerson,
	createMeeting,
	setHeader,
	setNextMeeting,
	setPresentCount,
	type NextMeeting
} from '../minutes';
import { inlineText, type NotesBlock, type NotesInline, type NotesMarks } from '../notes';
import { transact, type Role } from '../schema';

export const MAX_MARKDOWN_LENGTH = 2_000_000;

interface DraftDecision {
	kind: 'decision';
	text: string;
	method: 'consensus' | 'vote';
	votesFor: number | null;
	votesAgainst: number | null;
	abstentions: number | null;
	presentCount: number | null;
	outcome: DecisionOutcome | null;
}
interface DraftAction {
	kind: 'action';
	what: string;
	owners: string[];
	due: string;
	done: boolean;
}
interface DraftEvent {
	kind: 'event';
	title: string;
	date: string;
	time: string;
	place: string;
	link: string;
}
type DraftBlock = DraftDecision | DraftAction | DraftEvent;

interface DraftItem {
	title: string;
	numbered: boolean;
	isPrivate: boolean;
	presenter: string;
	timeBox: number | null;
	notes: NotesBlock[];
	blocks: DraftBlock[];
	children: DraftItem[];
	depth: number;
	/** Indentation of the outline line that made it ("a." at 0, "i." at 3). */
	indent: number;
}

interface Draft {
	title: string;
	header: Map<string, string>;
	meetingBlocks: DraftBlock[];
	items: DraftItem[];
	next: Map<string, string>;
	nextFree: string[];
	warnings: string[];
}

export type ImportResult =
	{ ok: true; doc: Y.Doc; meetingId: string; warnings: string[] } | { ok: false; error: string };

export interface ImportOptions {
	meetingId?: string;
	/** ISO time of creation. */
	createdAt?: string;
	origin?: unknown;
}

// ---------------------------------------------------------------- inline text

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

function inlineOf(text: string): NotesInline[] {
	const out: NotesInline[] = [];
	try {
		inlineFromTokens(Lexer.lexInline(text), {}, out);
	} catch {
		push(out, text, {});
	}
	return out;
}

/** Markdown inline text as plain text ("**Sam**" → "Sam", "a\\*b" → "a*b"). */
function plain(text: string): string {
	return inlineOf(text)
		.map((p) => ('hardBreak' in p ? ' ' : p.text))
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
}

const stripEnd = (t: string) => t.trim().replace(/[.\s]+$/, '');

// ---------------------------------------------------------------- lines

const HEADER_KEYS: Record<string, string> = {
	date: 'date',
	when: 'date',
	time: 'time',
	venue: 'venue',
	place: 'venue',
	location: 'venue',
	where: 'venue',
	facilitator: 'facilitator',
	facilitation: 'facilitator',
	chair: 'facilitator',
	minutes: 'minutes',
	'minute taker': 'minutes',
	'minute-taker': 'minutes',
	'minutes by': 'minutes',
	'minutes taken by': 'minutes',
	'note taker': 'minutes',
	secretary: 'minutes',
	present: 'present',
	attendance: 'present',
	attendees: 'present',
	absent: 'absent',
	apologies: 'absent',
	categories: 'categories',
	category: 'categories',
	tags: 'categories',
	'written by': 'writtenBy',
	author: 'writtenBy',
	published: 'publishedOn',
	'published on': 'publishedOn',
	topic: 'topic'
};

/** "**Decision:** …" and "__Date__: …" read as "Decision: …" and "Date: …". */
function unbold(line: string): string {
	return line.replace(/^(\s*)(\*\*|__|\*|_)([A-Za-z][A-Za-z ()-]{0,30}:?)\2(?=\s*:?\s)/, '$1$3');
}

function keyLine(raw: string): { key: string; value: string } | null {
	const line = unbold(raw);
	const m = /^\s*([A-Za-z][A-Za-z -]{0,24}?)\s*:\s*(.*)$/.exec(line);
	if (!m) return null;
	const key = HEADER_KEYS[m[1].toLowerCase()];
	return key ? { key, value: m[2].trim() } : null;
}

const TALLY =
	/\b(agreed by consensus|by consensus|no consensus|agreed unanimously|unanimously agreed|\d+\s+for\s*,\s*\d+\s+against|vote\s*(?:\(|\.|$))/i;

function parseDecision(text: string, vote: boolean): DraftDecision {
	const d: DraftDecision = {
		kind: 'decision',
		text: '',
		method: vote ? 'vote' : 'consensus',
		votesFor: null,
		votesAgainst: null,
		abstentions: null,
		presentCount: null,
		outcome: null
	};
	const m = TALLY.exec(text);
	const tail = m ? text.slice(m.index) : '';
	d.text = plain(stripEnd(m ? text.slice(0, m.index) : text));
	const counts = /(\d+)\s+for\s*,\s*(\d+)\s+against(?:\s*,\s*(\d+)\s+abstentions?)?/i.exec(tail);
	if (counts) {
		d.method = 'vote';
		d.votesFor = Number(counts[1]);
		d.votesAgainst = Number(counts[2]);
		d.abstentions = counts[3] !== undefined ? Number(counts[3]) : null;
	} else if (/^vote/i.test(tail)) d.method = 'vote';
	const present = /\((\d+)\s+(?:present|members present|people present)\)/i.exec(tail);
	if (present) d.presentCount = Number(present[1]);
	if (/no consensus/i.test(tail)) d.outcome = 'defeated';
	const word = /\b(carried|defeated|deferred|withdrawn|rejected|not carried|lost)\b\.?\s*$/i.exec(
		tail
	);
	if (word) {
		const w = word[1].toLowerCase();
		d.outcome =
			w === 'carried'
				? 'carried'
				: w === 'deferred'
					? 'deferred'
					: w === 'withdrawn'
						? 'withdrawn'
						: 'defeated';
	}
	return d;
}

const URL_RE = /<?(https?:\/\/[^\s<>]+[^\s<>.,;:!?)])>?/i;

function parseEventText(markdown: string): DraftEvent | null {
	// [title](url) and <url> as "title url" and "url", so the link is found like a bare one.
	const text = markdown
		.replace(/\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g, (_m, t: string, u: string) =>
			t === u ? u : `${t} ${u}`
		)
		.replace(/<(https?:\/\/[^>\s]+)>/g, '$1');
	const parts = text.split(/\s+[—–]\s+|\s+-\s+/).map((p) => p.trim());
	const e: DraftEvent = { kind: 'event', title: '', date: '', time: '', place: '', link: '' };
	const when = parseWhen(parts[0].replace(/[()]/g, ' ').replace(/\s+/g, ' '));
	if ((when.date || when.start) && !when.rest) {
		e.date = when.date;
		e.time = when.start;
		parts.shift();
	}
	// Plenary writes the link last, on its own; free text has it anywhere ("details: <url>").
	const last = parts.length > 1 ? /^<?(https?:\/\/\S+?)>?$/.exec(parts[parts.length - 1]) : null;
	if (last) {
		e.link = last[1];
		parts.pop();
	}
	const rest: string[] = [];
	for (const part of parts) {
		const url = URL_RE.exec(part);
		if (url && !e.link) {
			e.link = url[1];
			const before = part
				.slice(0, url.index)
				.replace(/[\s,;:]*(details|more|info|link|see)?[\s,;:]*$/i, '');
			if (before.trim()) rest.push(before);
		} else rest.push(part);
	}
	e.title = plain(stripEnd(rest[0] ?? ''));
	e.place = plain(stripEnd(rest.slice(1).join(' — ')));
	return e.title || e.date ? e : null;
}

function parseAction(text: string, done: boolean): DraftAction {
	let rest = text.trim();
	let due = '';
	const dueMatch = /[,;(]?\s*\bdue(?:\s+(?:by|on))?\s*:?\s+([^,;()]+?)\)?\s*\.?$/i.exec(rest);
	if (dueMatch) {
		due = parseDate(dueMatch[1].trim());
		if (due) rest = rest.slice(0, dueMatch.index);
	}
	let owners: string[] = [];
	// Owners end at the first dash: an em or en dash, else a spaced hyphen.
	const dash = /(?:^|\s+)[—–]\s+/.exec(rest) ?? /\s+-\s+/.exec(rest);
	if (dash) {
		owners = rest
			.slice(0, dash.index)
			.split(/\s*,\s*|\s+(?:&|and)\s+/)
			.map(plain)
			.filter(Boolean);
		rest = rest.slice(dash.index + dash[0].length);
	}
	return { kind: 'action', what: plain(stripEnd(rest)), owners, due, done };
}

/** A line that is a block: "Decision: …", "Action: …", "Event: …", "Vote on …: …". */
function blockLine(line: string): DraftBlock | null {
	const t = unbold(line).trim();
	let m = /^decision\s*:\s*(.*)$/i.exec(t);
	if (m) return parseDecision(m[1], false);
	m = /^(?:action|todo|to do)(\s*\((?:done|completed)\)|\s*\[x\])?\s*:\s*(.*)$/i.exec(t);
	if (m) return parseAction(m[2], Boolean(m[1]));
	m = /^(?:event|announcement)\s*:\s*(.*)$/i.exec(t);
	if (m) return parseEventText(m[1]);
	m = /^vote\s+(?:on\s+)?([^:\\]+?)\s*:\s*(.*)$/i.exec(t);
	if (m && TALLY.test(m[2])) return parseDecision(`${m[1]}. ${m[2]}`, true);
	if (/^\d+\s+for\s*,\s*\d+\s+against/i.test(t) || /^agreed by consensus/i.test(t)) {
		return parseDecision(t, false);
	}
	return null;
}

/** A list item that reads as an event: "21 March 2026 (11am) — Stall at the market". */
function eventListItem(text: string): DraftEvent | null {
	const found = parseDateAt(text);
	if (!found) return null;
	if (
		!/^\s*(\([^)]*\)|,?\s*[\d:.apm\s–-]+)?\s*[—–]\s/i.test(text.slice(found.length)) &&
		!/\s[—–]\s/.test(text)
	) {
		return null;
	}
	return parseEventText(text);
}

const OUTLINE = /^(\s*)(\d{1,3}|[a-z]|[ivxlcdm]{2,6})[.)]\s+(.+)$/;
const ROMAN = /^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

// ---------------------------------------------------------------- building the draft

/** An item from a heading or outline line, its Markdown `raw`: label stripped, text made plain. */
function newItem(raw: string, depth: number, indent = 0): DraftItem {
	let t = raw.trim();
	let numbered = true;
	const unnumbered = /^([A-Z])\)\s+/.exec(t);
	if (unnumbered) {
		numbered = false;
		t = t.slice(unnumbered[0].length);
	} else {
		// Labels as Plenary writes them (1. a. i. aa. xiv. 3.a.i) or people do (1) a) IV.);
		// words like "A new", "Misc." or "St." stay part of the title.
		t = t.replace(
			/^(?:\d+(?:\.[A-Za-z0-9]{1,6})+\.?|\d+[.)]|[A-Za-z][.)]|[a-z]{2}[.)]|[ivxlcdmIVXLCDM]{2,6}[.)])\s+(?=\S)/,
			(label) => {
				const core = label.trim().slice(0, -1);
				const isRoman = ROMAN.test(core.toLowerCase());
				if (/^[A-Za-z]{3,6}$/.test(core) && !isRoman) return label;
				if (/^[A-Z]{2}$/.test(core) && !isRoman) return label;
				return '';
			}
		);
	}
	t = plain(t);
	let isPrivate = false;
	const priv = /\s*\((?:not for publication|private|confidential)\)\s*$/i;
	if (priv.test(t)) {
		isPrivate = true;
		t = t.replace(priv, '');
	}
	return {
		title: t,
		numbered,
		isPrivate,
		presenter: '',
		timeBox: null,
		notes: [],
		blocks: [],
		children: [],
		depth,
		indent
	};
}

class Builder {
	readonly draft: Draft = {
		title: '',
		header: new Map(),
		meetingBlocks: [],
		items: [],
		next: new Map(),
		nextFree: [],
		warnings: []
	};
	/** Items opened by headings, by depth. */
	private stack: DraftItem[] = [];
	/** Where notes and blocks go now (a heading item or an outline item under it). */
	private target: DraftItem | null = null;
	private section: 'header' | 'items' | 'next' = 'header';
	private leading: DraftItem | null = null;
	/** No content seen yet: a first line without a key can be the title. */
	private isFirstLine = true;
	readonly outlineMode: boolean;

	constructor(private readonly tokens: Token[]) {
		this.outlineMode = !tokens.some(
			(t) => t.type === 'heading' && (t as Tokens.Heading).depth >= 2
		);
	}

	build(): Draft {
		for (const token of this.tokens) this.token(token);
		return this.draft;
	}

	private current(): DraftItem {
		if (this.target) return this.target;
		if (!this.leading) {
			this.leading = newItem('Notes', 0);
			this.leading.numbered = false;
			this.draft.items.unshift(this.leading);
		}
		return this.leading;
	}

	private openItem(title: string, level: number): void {
		const depth = Math.max(0, Math.min(level, this.stack.length));
		const item = newItem(title, depth);
		this.stack.length = depth;
		if (depth === 0) this.draft.items.push(item);
		else this.stack[depth - 1].children.push(item);
		this.stack.push(item);
		this.target = item;
		this.section = 'items';
	}

	private token(token: Token): void {
		switch (token.type) {
			case 'space':
			case 'hr':
			case 'def':
				return;
			case 'heading': {
				const h = token as Tokens.Heading;
				this.isFirstLine = false;
				const text = plainHeading(h.text);
				if (h.depth === 1 && !this.draft.title && this.section === 'header') {
					this.draft.title = text;
					return;
				}
				if (/^next\s+meeting\b/i.test(text)) {
					this.section = 'next';
					this.target = null;
					const rest = text.replace(/^next\s+meeting\b[\s:—–-]*/i, '');
					if (rest) this.draft.nextFree.push(rest);
					return;
				}
				this.openItem(h.text, h.depth === 1 ? 0 : h.depth - 2);
				return;
			}
			case 'paragraph':
			case 'text':
				this.paragraph(String(token.raw ?? ''));
				return;
			case 'list':
				this.isFirstLine = false;
				this.list(token as Tokens.List);
				return;
			case 'code':
				this.addNotes([
					{ type: 'paragraph', content: [{ text: String((token as Tokens.Code).text) }] }
				]);
				return;
			case 'blockquote':
				for (const t of (token as Tokens.Blockquote).tokens) this.token(t);
				return;
			default: {
				// HTML, tables and the like: their text, read like any other line.
				const text = plain(String(token.raw ?? '').replace(/<[^>]*>/g, ' '));
				if (text) this.paragraph(text);
			}
		}
	}

	private addNotes(blocks: NotesBlock[]): void {
		if (this.section === 'next') {
			for (const b of blocks) {
				if (b.type === 'paragraph')
					this.draft.nextFree.push(b.content.map((p) => ('text' in p ? p.text : ' ')).join(''));
			}
			return;
		}
		for (const b of blocks) {
			if (b.type === 'paragraph') this.presentation(inlineText(b.content));
		}
		this.current().notes.push(...blocks);
	}

	private addBlock(block: DraftBlock): void {
		if (this.section === 'header' && !this.target) this.draft.meetingBlocks.push(block);
		else this.current().blocks.push(block);
	}

	private paragraph(raw: string): void {
		const lines = raw.replace(/\r\n?/g, '\n').split('\n');
		let buffer: string[] = [];
		const flush = () => {
			if (!buffer.length) return;
			const content = inlineOf(buffer.join('\n'));
			if (content.length) this.addNotes([{ type: 'paragraph', content }]);
			buffer = [];
		};
		for (const line of lines) {
			if (!line.trim()) {
				flush();
				continue;
			}
			// A line after a hard break (backslash) continues the paragraph.
			if (buffer.length && /\\$/.test(buffer[buffer.length - 1])) {
				buffer.push(line);
				continue;
			}
			if (this.section === 'next') {
				const kv = keyLine(line);
				if (kv) this.draft.next.set(kv.key, plain(kv.value));
				else this.draft.nextFree.push(plain(line));
				continue;
			}
			if (this.section === 'header' && !this.target) {
				const kv = keyLine(line);
				if (kv && kv.key !== 'topic') {
					this.draft.header.set(kv.key, kv.value);
					continue;
				}
				// Pasted minutes often start with their title on a line of its own.
				if (this.isFirstLine && !kv && !blockLine(line) && plain(line).length <= 150) {
					this.isFirstLine = false;
					this.draft.title = plain(line);
					continue;
				}
			}
			this.isFirstLine = false;
			const block = blockLine(line);
			if (block) {
				flush();
				this.addBlock(block);
				continue;
			}
			if (this.itemMeta(line)) continue;
			const outline = OUTLINE.exec(line);
			if (
				outline &&
				(this.target || this.outlineMode) &&
				!/^\d/.test(outline[2]) &&
				(outline[2].length === 1 || ROMAN.test(outline[2])) &&
				this.isOutlineMarker(outline[2])
			) {
				flush();
				this.outlineLine(outline[1].length, outline[2], outline[3]);
				continue;
			}
			buffer.push(line);
		}
		flush();
	}

	private itemMeta(line: string): boolean {
		const m = /^\s*(presenter|presented by|speaker|time ?box|duration)\s*:\s*(.*)$/i.exec(
			unbold(line)
		);
		if (!m) return false;
		const target = this.current();
		if (/^(presenter|presented by|speaker)$/i.test(m[1])) {
			target.presenter = plain(m[2]);
			return true;
		}
		const minutes = /^(\d{1,4})\s*(?:min(?:ute)?s?|m|')?\.?$/i.exec(m[2].trim());
		const hours = /^(\d{1,2})\s*(?:h|hours?)\.?$/i.exec(m[2].trim());
		if (minutes) target.timeBox = Number(minutes[1]);
		else if (hours) target.timeBox = Number(hours[1]) * 60;
		else return false;
		return true;
	}

	/** "Joy gave a 20 minute talk …": the presenter and time box of a presentation. */
	private presentation(line: string): void {
		const m =
			/^\s*([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s+(?:gave|presented|led)\s+an?\s+(\d{1,3})[- ]min(?:ute)?s?\s+(?:talk|presentation|session|introduction|workshop)/.exec(
				line
			);
		if (!m) return;
		const target = this.current();
		if (!target.presenter) target.presenter = m[1];
		if (target.timeBox === null) target.timeBox = Number(m[2]);
	}

	/** "ii." counts as a sub-point only under a lettered one ("mix. of things" is text). */
	private isOutlineMarker(marker: string): boolean {
		if (marker.length === 1) return true;
		const base = this.stack[this.stack.length - 1] ?? this.leading;
		return (base?.children.length ?? 0) > 0;
	}

	/** "a. …" under the heading's item, "i. …" under the last lettered one. */
	private outlineLine(indent: number, marker: string, text: string): void {
		const base = this.stack[this.stack.length - 1] ?? this.current();
		const letters = base.children;
		const lastLetter = letters[letters.length - 1];
		// "i." is a letter only where "i" is the next letter due ("h." came before it).
		const isNextLetter = marker.length === 1 && marker.charCodeAt(0) - 96 === letters.length + 1;
		const isRoman =
			ROMAN.test(marker) &&
			lastLetter !== undefined &&
			(indent > lastLetter.indent || !isNextLetter);
		if (isRoman && lastLetter) {
			const item = newItem(text, base.depth + 2, indent);
			lastLetter.children.push(item);
			this.target = item;
		} else {
			const item = newItem(text, base.depth + 1, indent);
			letters.push(item);
			this.target = item;
		}
	}

	private list(list: Tokens.List): void {
		if (this.section === 'next') {
			for (const item of list.items) this.paragraph(item.text);
			return;
		}
		if (this.outlineMode && list.ordered) {
			this.outlineList(list, 0, null);
			return;
		}
		const kept: Tokens.ListItem[] = [];
		for (const item of list.items) {
			// Lines of one item are one paragraph, as the export writes it again.
			const content = item.tokens.filter((t) => t.type !== 'space');
			const simple =
				content.length === 1 && (content[0].type === 'text' || content[0].type === 'paragraph');
			const text = item.text.replace(/\s*\n\s*/g, ' ');
			const block = simple ? (blockLine(text) ?? eventListItem(text)) : null;
			if (block) this.addBlock(block);
			else kept.push(item);
		}
		if (kept.length) this.addNotes([listToNotes({ ...list, items: kept }, 0)]);
	}

	/** Pasted pad minutes without headings: "1. Repairs" lists are the agenda. */
	private outlineList(list: Tokens.List, depth: number, parent: DraftItem | null): void {
		for (const li of list.items) {
			const [first, ...rest] = li.text.split('\n');
			const item = newItem(first, depth);
			if (parent) parent.children.push(item);
			else this.draft.items.push(item);
			this.stack = [item];
			this.target = item;
			this.section = 'items';
			const restText = rest.filter((l) => !/^\s*([-*+]|\d+[.)])\s/.test(l)).join('\n');
			if (restText.trim()) this.paragraph(restText);
			for (const t of li.tokens) {
				if (t.type === 'list') {
					const sub = t as Tokens.List;
					if (sub.ordered) this.outlineList(sub, depth + 1, item);
					else {
						this.target = item;
						this.list(sub);
					}
				}
			}
		}
	}
}

function plainHeading(text: string): string {
	return plain(text);
}

function listToNotes(list: Tokens.List, depth: number): NotesBlock {
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

// ---------------------------------------------------------------- writing the meeting

function splitNames(value: string): string[] {
	return value
		.split(/\s*(?:,|;|\band\b)\s*/)
		.map((n) => plain(n).replace(/\.$/, ''))
		.filter(Boolean);
}

function applyAttendance(doc: Y.Doc, header: Map<string, string>, origin: unknown): void {
	const people: { name: string; present: boolean; roles: Role[] }[] = [];
	const present = header.get('present');
	if (present !== undefined) {
		const m = /^(\d+)\s*(?:people|members|persons|present)?\s*(?:\((.*)\))?\s*[.:]?\s*(.*)$/i.exec(
			present
		);
		if (m) {
			setPresentCount(doc, Number(m[1]), origin);
			for (const name of splitNames([m[2], m[3]].filter(Boolean).join(', '))) {
				people.push({ name, present: true, roles: [] });
			}
		} else {
			for (const name of splitNames(present)) people.push({ name, present: true, roles: [] });
		}
	}
	for (const name of splitNames(header.get('absent') ?? '')) {
		people.push({ name, present: false, roles: [] });
	}
	const giveRole = (role: Role, value: string | undefined) => {
		for (const name of splitNames(value ?? '')) {
			const lower = name.toLowerCase();
			let person = people.find((p) => p.name.toLowerCase() === lower);
			if (!person) {
				const first = lower.split(/\s+/)[0];
				const candidates = people.filter((p) => p.name.toLowerCase() === first);
				if (candidates.length === 1) {
					person = candidates[0];
					person.name = name;
				}
			}
			if (!person) {
				person = { name, present: true, roles: [] };
				people.push(person);
			}
			if (!person.roles.includes(role)) person.roles.push(role);
		}
	};
	giveRole('facilitator', header.get('facilitator'));
	giveRole('minute-taker', header.get('minutes'));
	for (const p of people) addPerson(doc, p, origin);
}

function applyHeader(doc: Y.Doc, draft: Draft, origin: unknown): void {
	const h = draft.header;
	const patch: Parameters<typeof setHeader>[1] = {};
	const when = parseWhen(plain(h.get('date') ?? ''));
	if (when.date) patch.date = when.date;
	if (when.start) patch.startTime = when.start;
	if (when.end) patch.endTime = when.end;
	if (h.has('date') && !when.date)
		draft.warnings.push(`could not read the date "${h.get('date')}"`);
	const time = h.get('time');
	if (time !== undefined) {
		const range = parseTimeRange(plain(time));
		if (range) {
			patch.startTime = range.start;
			patch.endTime = range.end;
		}
	}
	if (h.has('venue')) patch.venue = plain(h.get('venue')!);
	if (h.has('categories')) patch.categories = splitNames(h.get('categories')!);
	if (h.has('writtenBy')) patch.writtenBy = plain(h.get('writtenBy')!);
	if (h.has('publishedOn')) {
		const published = parseWhen(plain(h.get('publishedOn')!)).date;
		if (published) patch.publishedOn = published;
	}
	setHeader(doc, patch, origin);
	applyAttendance(doc, h, origin);
}

function applyNext(doc: Y.Doc, draft: Draft, origin: unknown): void {
	const n = draft.next;
	const patch: Partial<NextMeeting> = {};
	const when = parseWhen(plain(n.get('date') ?? ''));
	if (when.date) patch.date = when.date;
	if (when.start) patch.startTime = when.start;
	if (when.end) patch.endTime = when.end;
	const time = n.get('time');
	const range = time ? parseTimeRange(time) : null;
	if (range) {
		patch.startTime = range.start;
		patch.endTime = range.end;
	}
	for (const line of draft.nextFree) {
		const free = parseWhen(line);
		if (!patch.date && (free.date || free.start)) {
			if (free.date) patch.date = free.date;
			if (free.start) patch.startTime = free.start;
			if (free.end) patch.endTime = free.end;
			if (free.rest && !n.has('venue')) patch.venue = stripEnd(free.rest);
		} else if (!patch.topic && line.trim()) patch.topic = stripEnd(line);
	}
	if (n.has('venue')) patch.venue = stripEnd(n.get('venue')!);
	if (n.has('topic')) patch.topic = stripEnd(n.get('topic')!);
	if (n.has('facilitator')) patch.facilitator = n.get('facilitator')!;
	if (n.has('minutes')) patch.minuteTaker = n.get('minutes')!;
	setNextMeeting(doc, patch, origin);
}

function writeBlocks(
	doc: Y.Doc,
	itemId: string | null,
	blocks: DraftBlock[],
	origin: unknown
): void {
	for (const b of blocks) {
		const { kind, ...fields } = b;
		if (kind === 'decision')
			recordDecision(doc, { itemId, ...(fields as Omit<DraftDecision, 'kind'>) }, origin);
		else if (kind === 'action')
			addAction(doc, { itemId, ...(fields as Omit<DraftAction, 'kind'>) }, origin);
		else addEvent(doc, { itemId, ...(fields as Omit<DraftEvent, 'kind'>) }, origin);
	}
}

function writeItems(
	doc: Y.Doc,
	items: DraftItem[],
	parentId: string | null,
	origin: unknown,
	depth: number
): void {
	for (const item of items) {
		const id = addAgendaItem(
			doc,
			{
				parentId,
				title: item.title,
				presenter: item.presenter,
				timeBox: item.timeBox,
				isPrivate: item.isPrivate,
				numbered: item.numbered,
				notes: item.notes
			},
			origin
		);
		writeBlocks(doc, id, item.blocks, origin);
		if (depth < 50) writeItems(doc, item.children, id, origin, depth + 1);
	}
}

/** Drop C0 control characters other than tab, line feed and carriage return. */
function withoutControlCharacters(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.charCodeAt(0);
		if (code >= 32 || code === 9 || code === 10 || code === 13) out += ch;
	}
	return out;
}

/** Build a meeting from Markdown into `doc`, which must be empty. */
export function importMarkdownInto(
	doc: Y.Doc,
	markdown: unknown,
	options: ImportOptions = {}
): { ok: true; meetingId: string; warnings: string[] } | { ok: false; error: string } {
	if (typeof markdown !== 'string') return { ok: false, error: 'the Markdown must be text' };
	if (markdown.length > MAX_MARKDOWN_LENGTH) {
		return { ok: false, error: `the Markdown is longer than ${MAX_MARKDOWN_LENGTH} characters` };
	}
	const text = withoutControlCharacters(markdown.replace(/^\uFEFF/, ''));
	if (!text.trim()) return { ok: false, error: 'the Markdown is empty' };
	if (options.meetingId !== undefined && !isValidId(options.meetingId)) {
		return { ok: false, error: 'invalid meeting id' };
	}
	let draft: Draft;
	try {
		draft = new Builder(new Lexer({ gfm: true }).lex(text)).build();
	} catch (error) {
		return { ok: false, error: `the Markdown could not be read: ${(error as Error).message}` };
	}
	// Built in a scratch document first, so a failure leaves `doc` untouched.
	const scratch = new Y.Doc();
	try {
		const origin = options.origin;
		let meetingId = '';
		if (doc.getMap('meta').has('schemaVersion')) {
			return { ok: false, error: 'the document already holds a meeting' };
		}
		transact(scratch, origin, () => {
			meetingId = createMeeting(
				scratch,
				{
					meetingId: options.meetingId,
					createdAt: options.createdAt,
					title: draft.title.slice(0, 500)
				},
				origin
			);
			applyHeader(scratch, draft, origin);
			writeBlocks(scratch, null, draft.meetingBlocks, origin);
			writeItems(scratch, draft.items, null, origin, 0);
			applyNext(scratch, draft, origin);
		});
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch), origin);
		if (!draft.title) draft.warnings.push('no title found (expected a "# Title" line)');
		return { ok: true, meetingId, warnings: draft.warnings };
	} catch (error) {
		return { ok: false, error: `the Markdown could not be imported: ${(error as Error).message}` };
	} finally {
		scratch.destroy();
	}
}

/** A new meeting document built from Markdown minutes. Never throws. */
export function importMarkdown(markdown: unknown, options: ImportOptions = {}): ImportResult {
	const doc = new Y.Doc();
	const result = importMarkdownInto(doc, markdown, options);
	if (!result.ok) {
		doc.destroy();
		return result;
	}
	return { ok: true, doc, meetingId: result.meetingId, warnings: result.warnings };
}
