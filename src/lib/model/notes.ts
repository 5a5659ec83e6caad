/**
 * Notes of an agenda item: a Y.XmlFragment in the shape y-prosemirror writes, so the editor binds
 * to it directly. Node names are those of prosemirror-schema-basic + prosemirror-schema-list:
 *
 *   Y.XmlFragment
 *   ├─ <paragraph>            Y.XmlText (marks as formatting attributes) and <hard_break/>
 *   ├─ <heading level=1..6>   same inline content
 *   ├─ <bullet_list>          <list_item> … each holds blocks (paragraph first, nested lists)
 *   └─ <ordered_list order=n> <list_item> …
 *
 * Marks are formatting attributes of the XmlText, as y-prosemirror stores them: the mark's name
 * with its attrs as value (`strong: {}`, `em: {}`, `link: { href }`). Unknown nodes and marks
 * (a newer editor, a foreign client) are read as their text and otherwise skipped.
 */
import * as Y from 'yjs';

export interface NotesMarks {
	strong?: boolean;
	em?: boolean;
	link?: string;
}

export type NotesInline = { text: string; marks?: NotesMarks } | { hardBreak: true };

export type NotesBlock =
	| { type: 'paragraph'; content: NotesInline[] }
	| { type: 'heading'; level: number; content: NotesInline[] }
	| { type: 'bullet_list'; items: NotesBlock[][] }
	| { type: 'ordered_list'; order: number; items: NotesBlock[][] };

/** Input for `writeNotes`: a string is one paragraph per line; blocks are taken as they are. */
export type NotesInput = string | Array<string | NotesBlock>;

/** Normalise input to blocks. */
export function notesBlocks(input: NotesInput): NotesBlock[] {
	const list = typeof input === 'string' ? input.split('\n').filter((l) => l.trim() !== '') : input;
	return list.map((b) =>
		typeof b === 'string' ? { type: 'paragraph', content: b ? [{ text: b }] : [] } : b
	);
}

function marksToAttributes(marks: NotesMarks | undefined): Record<string, unknown> | undefined {
	if (!marks) return undefined;
	const attrs: Record<string, unknown> = {};
	if (marks.strong) attrs.strong = {};
	if (marks.em) attrs.em = {};
	if (marks.link) attrs.link = { href: marks.link };
	return Object.keys(attrs).length ? attrs : undefined;
}

/**
 * Children into an empty element. One not yet in a document gets them in slices: Yjs spreads them
 * as arguments there, and a list of a hundred thousand items would overflow the stack.
 */
function insertNodes(parent: Y.XmlFragment, nodes: Array<Y.XmlText | Y.XmlElement>): void {
	if (parent.doc) parent.insert(0, nodes);
	else for (let i = 0; i < nodes.length; i += 10_000) parent.insert(i, nodes.slice(i, i + 10_000));
}

type TextOp = { insert: string; attributes: Record<string, unknown> };

/** Marks as one string, to join neighbouring text with the same marks into one run. */
const marksKey = (marks: NotesMarks | undefined) =>
	`${marks?.strong ? 1 : 0}${marks?.em ? 1 : 0}${marks?.link ?? ''}`;

/**
 * Inline content as nodes not yet in a document. Each run of text goes in as one delta: inserting
 * formatted text piece by piece at the end walks the whole text each time.
 */
function inlineNodes(content: NotesInline[]): Array<Y.XmlText | Y.XmlElement> {
	const nodes: Array<Y.XmlText | Y.XmlElement> = [];
	let ops: TextOp[] = [];
	let lastKey = '';
	const flush = () => {
		if (!ops.length) return;
		const text = new Y.XmlText();
		text.applyDelta(ops);
		nodes.push(text);
		ops = [];
	};
	for (const part of content) {
		if ('hardBreak' in part) {
			flush();
			nodes.push(new Y.XmlElement('hard_break'));
			continue;
		}
		if (!part.text) continue;
		const key = marksKey(part.marks);
		// Text with the same marks as the text before it is one run, as one insert after it makes.
		if (ops.length && key === lastKey) ops[ops.length - 1].insert += part.text;
		else ops.push({ insert: part.text, attributes: marksToAttributes(part.marks) ?? {} });
		lastKey = key;
	}
	flush();
	return nodes;
}

/** A block as a node not yet in a document, its content included, so it goes in with one insert. */
function blockNode(block: NotesBlock): Y.XmlElement | null {
	switch (block.type) {
		case 'paragraph':
		case 'heading': {
			const el = new Y.XmlElement(block.type);
			if (block.type === 'heading') {
				const level = Math.min(6, Math.max(1, Math.trunc(block.level) || 1));
				el.setAttribute('level', level as unknown as string);
			}
			insertNodes(el, inlineNodes(block.content));
			return el;
		}
		case 'bullet_list':
		case 'ordered_list': {
			const el = new Y.XmlElement(block.type);
			if (block.type === 'ordered_list') {
				el.setAttribute('order', (Math.trunc(block.order) || 1) as unknown as string);
			}
			insertNodes(
				el,
				block.items.map((item) => {
					const li = new Y.XmlElement('list_item');
					const content =
						item.length && item[0].type === 'paragraph' ? item : [emptyParagraph(), ...item];
					insertNodes(li, blockNodes(content));
					return li;
				})
			);
			return el;
		}
		default:
			return null;
	}
}

function blockNodes(blocks: NotesBlock[]): Y.XmlElement[] {
	const nodes: Y.XmlElement[] = [];
	for (const block of blocks) {
		const node = blockNode(block);
		if (node) nodes.push(node);
	}
	return nodes;
}

const emptyParagraph = (): NotesBlock => ({ type: 'paragraph', content: [] });

/**
 * Replace the notes with `input`. Runs in the caller's transaction when there is one (the model's
 * operations), else in one of its own. The blocks are built outside the document and inserted at
 * once, so writing them costs their size.
 */
export function writeNotes(fragment: Y.XmlFragment, input: NotesInput, origin?: unknown): void {
	const apply = () => {
		if (fragment.length) fragment.delete(0, fragment.length);
		insertNodes(fragment, blockNodes(notesBlocks(input)));
	};
	if (fragment.doc) fragment.doc.transact(apply, origin);
	else apply();
}

function readMarks(attributes: unknown): NotesMarks | undefined {
	if (!attributes || typeof attributes !== 'object') return undefined;
	const marks: NotesMarks = {};
	for (const [key, value] of Object.entries(attributes as Record<string, unknown>)) {
		// y-prosemirror may suffix a mark name with `--<hash>` for overlapping marks.
		const name = key.split('--')[0];
		if (name === 'strong') marks.strong = true;
		else if (name === 'em') marks.em = true;
		else if (name === 'link' && value && typeof value === 'object') {
			const href = (value as Record<string, unknown>).href;
			if (typeof href === 'string' && href) marks.link = href;
		}
	}
	return Object.keys(marks).length ? marks : undefined;
}

function readInline(el: Y.XmlElement | Y.XmlFragment): NotesInline[] {
	const out: NotesInline[] = [];
	for (const child of el.toArray()) {
		if (child instanceof Y.XmlText) {
			const delta = child.toDelta() as Array<{ insert?: unknown; attributes?: unknown }>;
			for (const op of delta) {
				if (typeof op.insert !== 'string' || !op.insert) continue;
				const marks = readMarks(op.attributes);
				out.push(marks ? { text: op.insert, marks } : { text: op.insert });
			}
		} else if (child instanceof Y.XmlElement) {
			if (child.nodeName === 'hard_break') out.push({ hardBreak: true });
			else out.push(...readInline(child));
		}
	}
	return out;
}

function readBlock(node: unknown, depth: number): NotesBlock[] {
	if (node instanceof Y.XmlText) {
		const content = readInline(wrapText(node));
		return content.length ? [{ type: 'paragraph', content }] : [];
	}
	if (!(node instanceof Y.XmlElement) || depth > 50) return [];
	switch (node.nodeName) {
		case 'paragraph':
			return [{ type: 'paragraph', content: readInline(node) }];
		case 'heading': {
			const level = Math.min(6, Math.max(1, Number(node.getAttribute('level')) || 1));
			return [{ type: 'heading', level, content: readInline(node) }];
		}
		case 'bullet_list':
		case 'ordered_list': {
			const items = node
				.toArray()
				.map((li) =>
					li instanceof Y.XmlElement && li.nodeName === 'list_item'
						? li.toArray().flatMap((c) => readBlock(c, depth + 1))
						: readBlock(li, depth + 1)
				);
			if (node.nodeName === 'bullet_list') return [{ type: 'bullet_list', items }];
			const order = Math.max(0, Math.trunc(Number(node.getAttribute('order'))) || 1);
			return [{ type: 'ordered_list', order, items }];
		}
		default:
			// Unknown node: keep its blocks if it holds any, else its text as a paragraph.
			if (node.toArray().some((c) => c instanceof Y.XmlElement && c.nodeName !== 'hard_break')) {
				return node.toArray().flatMap((c) => readBlock(c, depth + 1));
			}
			return [{ type: 'paragraph', content: readInline(node) }];
	}
}

function wrapText(text: Y.XmlText): Y.XmlFragment {
	return { toArray: () => [text] } as unknown as Y.XmlFragment;
}

/** The notes as plain blocks (for export); never throws, unknown parts are skipped. */
export function readNotes(fragment: unknown): NotesBlock[] {
	if (!(fragment instanceof Y.XmlFragment)) {
		return typeof fragment === 'string' ? notesBlocks(fragment) : [];
	}
	try {
		return fragment.toArray().flatMap((n) => readBlock(n, 0));
	} catch {
		return [];
	}
}

export function inlineText(content: NotesInline[]): string {
	return content.map((p) => ('hardBreak' in p ? '\n' : p.text)).join('');
}

function blocksToText(blocks: NotesBlock[], indent: string): string[] {
	const lines: string[] = [];
	for (const block of blocks) {
		if (block.type === 'paragraph' || block.type === 'heading') {
			const text = inlineText(block.content);
			if (text) lines.push(...text.split('\n').map((l) => indent + l));
		} else {
			block.items.forEach((item, i) => {
				const bullet = block.type === 'bullet_list' ? '- ' : `${block.order + i}. `;
				const inner = blocksToText(item, indent + ' '.repeat(bullet.length));
				if (inner.length)
					inner[0] = indent + bullet + inner[0].slice(indent.length + bullet.length);
				else inner.push(indent + bullet.trimEnd());
				lines.push(...inner);
			});
		}
	}
	return lines;
}

/** The notes as plain text (search, text export): one line per paragraph, lists marked. */
export function notesToPlainText(fragment: unknown): string {
	return blocksToText(readNotes(fragment), '').join('\n');
}

/** Plain blocks to lines, as `notesToPlainText` does. */
export function notesBlocksToText(blocks: NotesBlock[]): string {
	return blocksToText(blocks, '').join('\n');
}
