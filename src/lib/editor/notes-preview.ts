/**
 * An agenda item's notes as plain HTML, for the items whose editor is not mounted yet (most of a
 * long meeting's). Built with DOM calls in one pass per item, not as Svelte blocks: a 3-hour
 * meeting has hundreds of paragraphs, and a block per paragraph, mark and link was a large part
 * of drawing it. Text goes in as text nodes and hrefs through `safeHref`: nothing is parsed as
 * HTML. The elements are those ProseMirror draws for the same notes.
 */
import type { NotesBlock, NotesInline } from '$lib/model/notes';
import { safeHref } from './links';

/** Replaces `target`'s children with `blocks`. */
export function renderNotes(target: HTMLElement, blocks: NotesBlock[]): void {
	const fragment = document.createDocumentFragment();
	appendBlocks(fragment, blocks);
	target.replaceChildren(fragment);
}

function appendBlocks(parent: Node, blocks: NotesBlock[]): void {
	for (const block of blocks) {
		if (block.type === 'paragraph' || block.type === 'heading') {
			const element = document.createElement(block.type === 'paragraph' ? 'p' : 'h3');
			appendInline(element, block.content);
			parent.appendChild(element);
			continue;
		}
		const list = document.createElement(block.type === 'bullet_list' ? 'ul' : 'ol');
		if (block.type === 'ordered_list' && block.order !== 1) {
			list.setAttribute('start', String(block.order));
		}
		for (const item of block.items) {
			const li = document.createElement('li');
			appendBlocks(li, item);
			list.appendChild(li);
		}
		parent.appendChild(list);
	}
}

function appendInline(parent: Node, content: NotesInline[]): void {
	for (const part of content) {
		if ('hardBreak' in part) {
			parent.appendChild(document.createElement('br'));
			continue;
		}
		let node: Node = document.createTextNode(part.text);
		if (part.marks?.em) node = wrap('em', node);
		if (part.marks?.strong) node = wrap('strong', node);
		const href = safeHref(part.marks?.link);
		if (href) {
			const link = wrap('a', node);
			link.setAttribute('href', href);
			link.setAttribute('rel', 'noopener noreferrer nofollow');
			link.setAttribute('target', '_blank');
			node = link;
		}
		parent.appendChild(node);
	}
}

function wrap<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	child: Node
): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	element.appendChild(child);
	return element;
}
