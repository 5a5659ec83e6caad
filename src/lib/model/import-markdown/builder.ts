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
import { recogniseBlock, recogniseBlocks, type BlockFinding } from './prose';
import {
	actionListItem,
	actionTable,
	dueAtNextMeeting,
	isActionsLabel,
	prefixedAction,
	recogniseAction
} from './prose/actions';
import { recogniseDecision, recogniseMotion } from './prose/decisions';
import { numberedItemTitle, partLetter, sectionLabel } from './prose/agenda';
import { attendanceInProse, attendanceLine } from './prose/attendance';
import { meetingInProse, meetingWhereLine, type MeetingWhere } from './prose/header';
import { whenInLine } from './prose/meeting-when';
import { nextMeetingLine, nextMeetingWhen } from './prose/next-meeting';
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
	/** The depth of the headings that open top-level items: `###` where minutes use no `##`. */
	private readonly itemDepth: number;
	/** Minutes people wrote, not Plenary's export: the prose recognisers apply (prose/). */
	private readonly free: boolean;
	/** Per list of blocks: how many of each (kept?, JSON) have no twin of the other source yet. */
	private readonly unpairedBlocks = new WeakMap<DraftBlock[], Map<string, number>>();
	/** Under an "Actions" heading, or just after an "Actions:" line: list items are actions. */
	private actionsList: 'heading' | 'line' | null = null;
	/** Header lines read whose words the header cannot all hold: notes of the first item. */
	private headerKept: string[] = [];
	/** The item whose title names the next meeting ("Date of next meeting"): its lines give it. */
	private nextItem: DraftItem | null = null;
	/** The meeting date is only the title's year so far ("… — March 2026"). */
	private yearOnly = false;

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
		const depths = tokens
			.filter((t) => t.type === 'heading' && (t as Tokens.Heading).depth >= 2)
			.map((t) => (t as Tokens.Heading).depth);
		this.itemDepth = this.free && depths.length ? Math.min(...depths) : 2;
	}

	build(): Draft {
		for (const token of this.tokens) this.token(token);
		if (this.headerKept.length) {
			// The meeting has no notes of its own: the words go first in its first item.
			const first = this.leading ?? this.draft.items[0] ?? this.current();
			first.notes.unshift(
				...this.headerKept.map((line): NotesBlock => ({
					type: 'paragraph',
					content: inlineOf(line)
				}))
			);
		}
		if (this.free) this.dueAtNextMeeting();
		return this.draft;
	}

	/** "… before the next meeting": due on the next meeting's date when the minutes give it. */
	private dueAtNextMeeting(): void {
		const date = this.draft.next.get('date') ?? '';
		if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
		const walk = (blocks: DraftBlock[]) => {
			for (const b of blocks) {
				const what = b.kind === 'action' && !b.due ? dueAtNextMeeting(b.what) : null;
				if (b.kind === 'action' && what) [b.what, b.due] = [what, date];
			}
		};
		const items = (list: DraftItem[]): void =>
			list.forEach((item) => {
				walk(item.blocks);
				items(item.children);
			});
		walk(this.draft.meetingBlocks);
		items(this.draft.items);
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
		const item = this.free ? this.freeItem(title, depth) : itemLine(title, depth);
		this.noteNextItem(item);
		this.stack.length = depth;
		if (depth === 0) this.draft.items.push(item);
		else this.stack[depth - 1].children.push(item);
		this.stack.push(item);
		this.target = item;
		this.section = 'items';
	}

	/**
	 * A heading's item in the free reading: "Item 3: Budget" is numbered; a part labelled "A)",
	 * "Part B:" or "Section C –" keeps its letter where Plenary's lettering gives the same one,
	 * else its label stays in the title as written, so it never reads as another letter.
	 */
	private freeItem(title: string, depth: number): DraftItem {
		const section = sectionLabel(plain(title));
		if (section) {
			const siblings = depth === 0 ? this.draft.items : this.stack[depth - 1].children;
			const due = partLetter(siblings.filter((s) => !s.numbered).length);
			const item = itemLine(section.title, depth, 0, true);
			item.numbered = false;
			if (section.letter !== due) item.title = `${section.label} ${item.title}`;
			return item;
		}
		const numbered = numberedItemTitle(title);
		return itemLine(numbered ?? title, depth);
	}

	/** "Date of next meeting", "Next": an item whose lines give the next meeting. */
	private noteNextItem(item: DraftItem): void {
		const named =
			/^(?:(?:date|time|day)\s+(?:(?:and|&)\s+\w+\s+)?(?:of|for)\s+(?:the\s+)?)?next(?:\s+(?:meeting|mtg|check-in|call|session))?$/i;
		if (this.free && named.test(item.title)) this.nextItem = item;
	}

	/** The meeting date found: it replaces a year taken from the title. */
	private setMeetingDate(date: string): void {
		if (!this.draft.context.meetingDate || this.yearOnly) {
			this.draft.context.meetingDate = date;
			this.yearOnly = false;
		}
	}

	/**
	 * "Date: 10/08/2024" in the group's date order, "Date: Tue 3rd March" in the title's year:
	 * what the free reading reads where the dialect's date reader does not.
	 */
	private freeDateKey(value: string, isNext = false): void {
		const text = plain(value);
		// The next meeting's yearless date falls after this one's.
		const when = whenInLine(text, this.draft.context, isNext);
		if (when?.date && when.date !== parseWhen(text).date) {
			const time = when.start ? (when.end ? `${when.start}–${when.end}` : when.start) : '';
			const into = isNext ? this.draft.next : this.draft.header;
			into.set('date', [when.date, time].filter(Boolean).join(', '));
		}
		if (!isNext) this.learnDate(value);
	}

	/** The meeting's date from the header or title, for dates without a year after it. */
	private learnDate(text: string): void {
		if (this.draft.context.meetingDate && !this.yearOnly) return;
		const when = whenInLine(plain(text), this.draft.context);
		if (when?.date) this.setMeetingDate(when.date);
	}

	/** Adds to a header value: "Present:" and "Also present:" are one list. */
	private addHeader(key: string, value: string): void {
		const had = this.draft.header.get(key);
		this.draft.header.set(key, had && value ? `${had}, ${value}` : had || value);
	}

	/**
	 * A line before the first item in the free reading: attendance, or the meeting's date,
	 * times and venue. False when it is neither.
	 */
	private freeHeaderLine(line: string): boolean {
		const text = plain(line);
		if (this.isNextLine(text)) return false;
		// "Chr: Bea. Mins: Col.": keyed lines run together.
		const parts = text.split(/(?<=\.)\s+(?=[A-Za-z][A-Za-z -]{0,24}:)/);
		if (parts.length > 1 && parts.every((p) => attendanceLine(p)?.kind === 'key')) {
			for (const part of parts) this.freeHeaderLine(part.replace(/\.$/, ''));
			return true;
		}
		const attendance = attendanceLine(text);
		if (attendance?.kind === 'key') {
			// "Present: Judith, Clive, Pam (7)": the count after the names.
			const counted = /^(.*\S)\s*\((\d{1,4})\)\.?$/.exec(attendance.value);
			if (attendance.key === 'present' && counted && !/\(/.test(counted[1])) {
				this.draft.presentCount ??= Number(counted[2]);
				this.addHeader('present', counted[1]);
			} else this.addHeader(attendance.key, attendance.value);
			return true;
		}
		if (attendance?.kind === 'count') {
			if (this.draft.presentCount === undefined) this.draft.presentCount = attendance.count;
			if (attendance.rest) {
				const where = meetingWhereLine(attendance.rest, this.draft.context);
				if (where) this.setWhere(where, line);
				else if (!this.draft.header.has('venue')) this.draft.header.set('venue', attendance.rest);
				else this.headerKept.push(line);
			}
			return true;
		}
		if (attendance?.kind === 'roles') {
			for (const name of attendance.facilitator) this.addHeader('facilitator', name);
			for (const name of attendance.minutes) this.addHeader('minutes', name);
			if (attendance.keepWords) this.headerKept.push(line);
			return true;
		}
		const where = meetingWhereLine(text, this.draft.context);
		if (where) {
			this.setWhere(where, line);
			return true;
		}
		// Sentences that give the count, roles, date or place in passing stay as written.
		const people = attendanceInProse(text);
		const h = this.draft.header;
		const when = h.has('date') && h.has('time') ? null : meetingInProse(text, this.draft.context);
		if (!people && !when) return false;
		if (people) {
			if (people.count !== null && this.draft.presentCount === undefined) {
				this.draft.presentCount = people.count;
			}
			for (const name of people.facilitator) this.addHeader('facilitator', name);
			for (const name of people.minutes) this.addHeader('minutes', name);
		}
		if (when) this.setWhere({ ...when, keepWords: false }, line);
		this.headerKept.push(line);
		return true;
	}

	private setWhere(where: MeetingWhere, line: string): void {
		const h = this.draft.header;
		if (where.date && !h.has('date')) {
			h.set('date', where.date);
			this.setMeetingDate(where.date);
		}
		if (where.start && !h.has('time')) {
			h.set('time', where.end ? `${where.start}–${where.end}` : where.start);
		}
		if (where.venue && !h.has('venue')) h.set('venue', where.venue);
		if (where.keepWords) this.headerKept.push(line);
	}

	private isNextLine(line: string): boolean {
		return nextMeetingLine(plain(line), { ...this.draft.context, notices: [] }) !== null;
	}

	/** A next meeting named in prose anywhere; true when the line's words all went into it. */
	private freeNextMeeting(line: string): boolean {
		const found = nextMeetingLine(plain(line), this.draft.context);
		if (!found) return false;
		this.setNext(found);
		return !found.keepWords;
	}

	private setNext(found: {
		date: string;
		start: string;
		end: string;
		venue: string;
		topic?: string;
	}): void {
		const n = this.draft.next;
		if (n.has('date') || n.has('time')) return;
		if (found.date) n.set('date', found.date);
		if (found.start) n.set('time', found.end ? `${found.start}–${found.end}` : found.start);
		if (found.venue && !n.has('venue')) n.set('venue', found.venue);
		if (found.topic && !n.has('topic')) n.set('topic', found.topic);
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
					if (this.free) this.learnTitleDate(text);
					return;
				}
				if (/^next\s+meeting\b/i.test(text)) {
					this.section = 'next';
					this.target = null;
					const rest = text.replace(/^next\s+meeting\b[\s:—–-]*/i, '');
					if (rest && !(this.free && this.nextSectionLine(rest))) this.draft.nextFree.push(rest);
					return;
				}
				this.openItem(h.text, h.depth === 1 ? 0 : Math.max(0, h.depth - this.itemDepth));
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

	/** "Minutes of the meeting of 3 March 2024": the title keeps its words, the header the date. */
	private learnTitleDate(title: string): void {
		const when = whenInLine(title, this.draft.context);
		const year = /\b(19|20)\d{2}\b/.exec(title);
		if (!when?.date && year && !this.draft.context.meetingDate) {
			// "ETA cttee mtg — March 2026": the year for a header date written without one.
			this.draft.context.meetingDate = `${year[0]}-01-01`;
			this.yearOnly = true;
		}
		if (!when?.date || this.draft.header.has('date')) return;
		this.draft.header.set('date', when.date);
		if (when.start && !this.draft.header.has('time')) {
			this.draft.header.set('time', when.end ? `${when.start}–${when.end}` : when.start);
		}
		this.setMeetingDate(when.date);
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

	/**
	 * `kept`: read from a sentence that stays in the notes. Such a block and a keyed line giving
	 * the same block in the same place ("It was agreed that X. …" then "Decision: X. …", as in
	 * an older export read freely) are one block.
	 */
	private addBlock(block: DraftBlock, kept = false): void {
		const blocks =
			this.section === 'header' && !this.target ? this.draft.meetingBlocks : this.current().blocks;
		if (this.free) {
			const key = JSON.stringify(block);
			let unpaired = this.unpairedBlocks.get(blocks);
			if (!unpaired) this.unpairedBlocks.set(blocks, (unpaired = new Map()));
			const other = unpaired.get(`${!kept}${key}`) ?? 0;
			if (other > 0) {
				unpaired.set(`${!kept}${key}`, other - 1);
				return;
			}
			unpaired.set(`${kept}${key}`, (unpaired.get(`${kept}${key}`) ?? 0) + 1);
		}
		blocks.push(block);
	}

	private paragraph(raw: string): void {
		const lines = raw.replace(/\r\n?/g, '\n').split('\n');
		if (this.freeMotion(lines)) return;
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
				if (kv) {
					this.draft.next.set(kv.key, plain(kv.value));
					if (kv.key === 'date' && this.free) this.freeDateKey(kv.value, true);
				} else if (!this.free || !this.nextSectionLine(line)) this.draft.nextFree.push(plain(line));
				continue;
			}
			if (this.section === 'header' && !this.target) {
				const attendance = this.free ? attendanceLine(plain(line)) : null;
				const kv = attendance ? null : keyLine(line);
				if (kv && kv.key !== 'topic') {
					this.draft.header.set(kv.key, kv.value);
					if (kv.key === 'date' && this.free) this.freeDateKey(kv.value);
					continue;
				}
				// Pasted minutes often start with their title on a line of its own.
				if (
					this.free &&
					this.isFirstLine &&
					!kv &&
					!attendance &&
					!blockLine(line, true) &&
					plain(line).length <= 150
				) {
					this.isFirstLine = false;
					this.draft.title = plain(line);
					if (this.free) this.learnTitleDate(this.draft.title);
					continue;
				}
				if (this.free && !blockLine(line) && !this.isNextLine(line) && this.freeHeaderLine(line)) {
					this.isFirstLine = false;
					continue;
				}
			}
			if (this.free && this.freeNextMeeting(line)) {
				this.isFirstLine = false;
				continue;
			}
			if (this.nextItem && this.target === this.nextItem && this.nextSectionLine(line)) {
				continue;
			}
			this.isFirstLine = false;
			const block = this.keyedBlock(line);
			if (block) {
				flush();
				this.addBlock(block);
				continue;
			}
			if (this.itemMeta(line)) continue;
			const found = this.free ? recogniseBlocks(plain(line), this.draft.context) : [];
			if (found.length) {
				if (!found[0].keepWords) flush();
				for (const f of found) this.addBlock(f.block, f.keepWords);
				if (!found[0].keepWords) continue;
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

	/** "Motion 1: …" then its proposer and outcome on lines of their own: one decision. */
	private freeMotion(lines: string[]): boolean {
		if (!this.free || this.section === 'next' || lines.length < 2) return false;
		if (!/^\s*(?:\*\*|__)?\s*(?:motion\b|moved by\b)/i.test(lines[0])) return false;
		const motion = recogniseMotion(plain(lines.join(' ')));
		if (!motion) return false;
		this.isFirstLine = false;
		this.addBlock(motion, true);
		// Who proposed and seconded it has no field: the words stay in the notes.
		this.addNotes([{ type: 'paragraph', content: inlineOf(lines.join('\n')) }]);
		return true;
	}

	/** A line under "Next meeting" in the free reading: its date, times and venue, if any. */
	private nextSectionLine(line: string): boolean {
		if (this.draft.next.has('date')) return false;
		// Only a line that is the date, times, place and topic: a sentence mentioning a date
		// stays text.
		const found = nextMeetingWhen(plain(line), this.draft.context);
		if (!found || found.hasRest) return false;
		this.setNext(found);
		return !found.keepWords;
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
		// Any sentence of the paragraph: "… on the piano. Helen gave a 10 minute run-through …"
		const found = line
			.split(/(?<=[.!?])\s+/)
			.map(presentationLine)
			.find((f) => f !== null);
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
		// "i. Tariq and Lou will go through the list": a sub-point that is a task or a decision
		// keeps its words as its title and holds the block too (a dated one is no event).
		const line = plain(text);
		const found =
			recogniseDecision(line, this.draft.context) ?? recogniseAction(line, this.draft.context);
		if (found) item.blocks.push(found.block);
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
		const kept = this.listItems(list);
		if (kept.length) this.addNotes([listToNotes({ ...list, items: kept })]);
	}

	/** The items of a list left for the notes once their blocks are read. */
	private listItems(list: Tokens.List, depth = 0): Tokens.ListItem[] {
		const kept: Tokens.ListItem[] = [];
		for (const item of list.items) {
			// Lines of one item are one paragraph, as the export writes it again.
			// A task's checkbox is part of the action the free reading makes of it.
			const content = item.tokens.filter(
				(t) => t.type !== 'space' && !(this.free && t.type === 'checkbox')
			);
			const simple =
				content.length === 1 && (content[0].type === 'text' || content[0].type === 'paragraph');
			if (!simple) {
				kept.push(this.free && depth < 20 ? this.nestedItems(item, depth) : item);
				continue;
			}
			const text = item.text.replace(/\s*\n\s*/g, ' ');
			// A nested bullet is never the meeting's own date or place.
			if (this.free && (depth ? this.freeNextMeeting(text) : this.freeListLine(text))) continue;
			if (this.free && !item.task && !this.actionsList && /\n\s*\S/.test(item.text.trim())) {
				const read = this.itemLines(item.text);
				if (read) {
					if (read === 'kept') kept.push(item);
					continue;
				}
			}
			const block = this.keyedBlock(text) ?? (this.free ? eventListItem(text) : null);
			const found = !block && this.free ? this.listItemBlock(item, text) : null;
			if (block) this.addBlock(block);
			else if (found) {
				this.addBlock(found.block, found.keepWords);
				if (found.keepWords) kept.push(item);
			} else kept.push(item);
		}
		return kept;
	}

	/**
	 * An item of several lines ("1. Fall Festival" then its details, each on a line): each line
	 * read as a line of a paragraph. 'kept' when some words stay in the notes, null for none.
	 */
	private itemLines(text: string): 'kept' | 'read' | null {
		const found: BlockFinding[] = [];
		let unread = false;
		for (const line of text.split('\n').map((l) => l.trim())) {
			if (!line) continue;
			const block = this.keyedBlock(line);
			const blocks = block
				? [{ block, keepWords: false }]
				: recogniseBlocks(plain(line), this.draft.context);
			if (!blocks.length) unread = true;
			found.push(...blocks);
		}
		if (!found.length) return null;
		const isKept = unread || found.some((f) => f.keepWords);
		for (const f of found) this.addBlock(f.block, isKept);
		return isKept ? 'kept' : 'read';
	}

	/** A pad's nested bullets ("* finances" then "* we agreed …"): the sub-items read too. */
	private nestedItems(item: Tokens.ListItem, depth: number): Tokens.ListItem {
		const tokens: Token[] = [];
		for (const t of item.tokens) {
			if (t.type !== 'list') tokens.push(t);
			else {
				const items = this.listItems(t as Tokens.List, depth + 1);
				if (items.length) tokens.push({ ...(t as Tokens.List), items });
			}
		}
		return { ...item, tokens };
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

	/** A list item the free reading takes whole: attendance near the title, a next meeting. */
	private freeListLine(text: string): boolean {
		if (this.section === 'header' && !this.target && this.freeHeaderLine(text)) return true;
		return this.freeNextMeeting(text);
	}

	/** Pasted pad minutes without headings: "1. Repairs" lists are the agenda. */
	private outlineList(list: Tokens.List, depth: number, parent: DraftItem | null): void {
		for (const li of list.items) {
			const [first, ...rest] = li.text.split('\n');
			const item = itemLine(first, depth);
			this.noteNextItem(item);
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
