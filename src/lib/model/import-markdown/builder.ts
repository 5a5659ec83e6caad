/**
 * Marked's tokens, in reading order, into a draft meeting: which heading or outline line opens
 * an item, where notes and blocks go, and when the header and next-meeting sections begin.
 */
import type { Token, Tokens } from 'marked';
import { parseWhen } from '../dates';
import { inlineText, type NotesBlock } from '../notes';
import type { ReadContext } from './context';
import type { Draft, DraftBlock, DraftItem } from './draft';
import {
	blockLine,
	eventListItem,
	itemLine,
	itemMetaLine,
	keyLine,
	OUTLINE,
	presentationLine,
	ROMAN
} from './lines';
import { recogniseBlock, type BlockFinding } from './prose';
import { actionListItem, actionTable, isActionsLabel, prefixedAction } from './prose/actions';
import { inlineOf, listToNotes, plain } from './tokens';

class Builder {
	readonly draft: Draft;
	/** Items opened by headings, by depth. */
	private stack: DraftItem[] = [];
	/** Where notes and blocks go now (a heading item or an outline item under it). */
	private target: DraftItem | null = null;
	private section: 'header' | 'items' | 'next' = 'header';
	private leading: DraftItem | null = null;
	/** No content seen yet: a first line without a key can be the title. */
	private isFirstLine = true;
	readonly outlineMode: boolean;
	/** Minutes people wrote, not Plenary's export: the prose recognisers apply (prose/). */
	private readonly free: boolean;
	/** The blocks of each list as JSON, so that a block read twice is kept once. */
	private readonly blocksSeen = new WeakMap<DraftBlock[], Set<string>>();
	/** Under an "Actions" heading, or just after an "Actions:" line: list items are actions. */
	private actionsList: 'heading' | 'line' | null = null;

	constructor(
		private readonly tokens: Token[],
		context: ReadContext
	) {
		this.draft = {
			title: '',
			header: new Map(),
			meetingBlocks: [],
			items: [],
			next: new Map(),
			nextFree: [],
			warnings: [],
			context
		};
		this.free = context.mode === 'free';
		// The dialect's agenda is its headings; an ordered list there is notes.
		this.outlineMode =
			this.free && !tokens.some((t) => t.type === 'heading' && (t as Tokens.Heading).depth >= 2);
	}

	build(): Draft {
		for (const token of this.tokens) this.token(token);
		return this.draft;
	}

	private current(): DraftItem {
		if (this.target) return this.target;
		if (!this.leading) {
			this.leading = itemLine('Notes', 0);
			this.leading.numbered = false;
			this.draft.items.unshift(this.leading);
		}
		return this.leading;
	}

	private openItem(title: string, level: number): void {
		const depth = Math.max(0, Math.min(level, this.stack.length));
		const item = itemLine(title, depth);
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
				const text = plain(h.text);
				this.actionsList = this.free && isActionsLabel(text) ? 'heading' : null;
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
				this.actionsLabel(String(token.raw ?? ''));
				this.paragraph(String(token.raw ?? ''));
				return;
			case 'list':
				this.isFirstLine = false;
				this.list(token as Tokens.List);
				if (this.actionsList === 'line') this.actionsList = null;
				return;
			case 'table':
				if (this.actionTable(token as Tokens.Table)) return;
				break;
			case 'code':
				this.addNotes([
					{ type: 'paragraph', content: [{ text: String((token as Tokens.Code).text) }] }
				]);
				return;
			case 'blockquote':
				for (const t of (token as Tokens.Blockquote).tokens) this.token(t);
				return;
		}
		// HTML, tables and the like: their text, read like any other line.
		const text = plain(String(token.raw ?? '').replace(/<[^>]*>/g, ' '));
		if (text) this.paragraph(text);
	}

	/** A paragraph ending in "Actions:" makes the list after it a list of actions. */
	private actionsLabel(raw: string): void {
		if (!this.free) return;
		const last = raw.trim().split('\n').pop() ?? '';
		if (isActionsLabel(last)) {
			if (this.actionsList !== 'heading') this.actionsList = 'line';
		} else if (this.actionsList === 'line') this.actionsList = null;
	}

	/** A table with Who / What / When columns: its rows as actions (free reading only). */
	private actionTable(table: Tokens.Table): boolean {
		if (!this.free) return false;
		const actions = actionTable(
			table.header.map((c) => plain(c.text)),
			table.rows.map((row) => row.map((c) => plain(c.text))),
			this.draft.context
		);
		if (!actions) return false;
		this.isFirstLine = false;
		for (const a of actions) this.addBlock(a);
		return true;
	}

	/** "Action: …" and the like; the free reading finds owners and dates in prose there too. */
	private keyedBlock(line: string): DraftBlock | null {
		const block = blockLine(line, this.free);
		if (block?.kind !== 'action' || !this.free) return block;
		return prefixedAction(plain(line), this.draft.context) ?? block;
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
			if (b.type === 'paragraph' && this.free) this.presentation(inlineText(b.content));
		}
		this.current().notes.push(...blocks);
	}

	private addBlock(block: DraftBlock): void {
		const blocks =
			this.section === 'header' && !this.target ? this.draft.meetingBlocks : this.current().blocks;
		// A sentence kept in the notes and its block written out again ("It was agreed that X.
		// …" then "Decision: X. …") are one block, as in an older export read freely.
		if (this.free) {
			const key = JSON.stringify(block);
			let seen = this.blocksSeen.get(blocks);
			if (!seen) this.blocksSeen.set(blocks, (seen = new Set()));
			if (seen.has(key)) return;
			seen.add(key);
		}
		blocks.push(block);
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
					// Relative dates in the minutes ("by Friday") count from the meeting's.
					if (kv.key === 'date' && !this.draft.context.meetingDate) {
						this.draft.context.meetingDate = parseWhen(plain(kv.value)).date;
					}
					continue;
				}
				// Pasted minutes often start with their title on a line of its own.
				if (
					this.free &&
					this.isFirstLine &&
					!kv &&
					!blockLine(line, true) &&
					plain(line).length <= 150
				) {
					this.isFirstLine = false;
					this.draft.title = plain(line);
					continue;
				}
			}
			this.isFirstLine = false;
			const block = this.keyedBlock(line);
			if (block) {
				flush();
				this.addBlock(block);
				continue;
			}
			if (this.itemMeta(line)) continue;
			const found = this.free ? recogniseBlock(plain(line), this.draft.context) : null;
			if (found) {
				if (!found.keepWords) flush();
				this.addBlock(found.block);
				if (!found.keepWords) continue;
			}
			const outline = OUTLINE.exec(line);
			if (
				this.free &&
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
		const meta = itemMetaLine(line);
		if (!meta) return false;
		const target = this.current();
		if ('presenter' in meta) target.presenter = meta.presenter;
		else if (meta.timeBox !== null) target.timeBox = meta.timeBox;
		else return false;
		return true;
	}

	private presentation(line: string): void {
		const found = presentationLine(line);
		if (!found) return;
		const target = this.current();
		if (!target.presenter) target.presenter = found.presenter;
		if (target.timeBox === null) target.timeBox = found.timeBox;
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
		const parent = isRoman && lastLetter ? lastLetter : null;
		const item = itemLine(text, base.depth + (parent ? 2 : 1), indent);
		(parent ? parent.children : letters).push(item);
		this.target = item;
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
			// A task's checkbox is part of the action the free reading makes of it.
			const content = item.tokens.filter(
				(t) => t.type !== 'space' && !(this.free && t.type === 'checkbox')
			);
			const simple =
				content.length === 1 && (content[0].type === 'text' || content[0].type === 'paragraph');
			const text = item.text.replace(/\s*\n\s*/g, ' ');
			const block = simple
				? (this.keyedBlock(text) ?? (this.free ? eventListItem(text) : null))
				: null;
			const found = simple && !block && this.free ? this.listItemBlock(item, text) : null;
			if (block) this.addBlock(block);
			else if (found) {
				this.addBlock(found.block);
				if (found.keepWords) kept.push(item);
			} else kept.push(item);
		}
		if (kept.length) this.addNotes([listToNotes({ ...list, items: kept })]);
	}

	/** A free list item's block: any item of a task or actions list is an action. */
	private listItemBlock(item: Tokens.ListItem, text: string): BlockFinding | null {
		const context = this.draft.context;
		if (item.task || this.actionsList) {
			const action = actionListItem(plain(text), context);
			if (action) {
				if (item.checked) action.done = true;
				return { block: action, keepWords: false };
			}
		}
		return recogniseBlock(plain(text), context);
	}

	/** Pasted pad minutes without headings: "1. Repairs" lists are the agenda. */
	private outlineList(list: Tokens.List, depth: number, parent: DraftItem | null): void {
		for (const li of list.items) {
			const [first, ...rest] = li.text.split('\n');
			const item = itemLine(first, depth);
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

/** The draft meeting that `tokens` (of the whole text) describe, read as `context` says. */
export function buildDraft(tokens: Token[], context: ReadContext): Draft {
	return new Builder(tokens, context).build();
}
