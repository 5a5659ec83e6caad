/**
 * The ProseMirror schema of an agenda item's notes. Node and mark names are those the model
 * stores in the notes Y.XmlFragment (see `$lib/model/notes.ts`): prosemirror-schema-basic's
 * paragraph, heading, hard_break, strong, em, link and prosemirror-schema-list's lists.
 */
import { Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { safeHref } from './links';

const nodes: Record<string, NodeSpec> = {
	doc: { content: 'block+' },
	paragraph: {
		content: 'inline*',
		group: 'block',
		parseDOM: [{ tag: 'p' }],
		toDOM: () => ['p', 0]
	},
	heading: {
		attrs: { level: { default: 3 } },
		content: 'inline*',
		group: 'block',
		defining: true,
		parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
		// Headings inside notes sit under the item's own heading level, so they are drawn as
		// styled paragraphs with role="heading" and a level below the item's.
		toDOM: (node) => ['h' + Math.min(6, Math.max(3, Number(node.attrs.level) || 3)), 0]
	},
	bullet_list: {
		content: 'list_item+',
		group: 'block',
		parseDOM: [{ tag: 'ul' }],
		toDOM: () => ['ul', 0]
	},
	ordered_list: {
		attrs: { order: { default: 1 } },
		content: 'list_item+',
		group: 'block',
		parseDOM: [
			{
				tag: 'ol',
				getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute('start')) || 1 })
			}
		],
		toDOM: (node) =>
			node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0]
	},
	list_item: {
		content: 'paragraph block*',
		defining: true,
		parseDOM: [{ tag: 'li' }],
		toDOM: () => ['li', 0]
	},
	text: { group: 'inline' },
	hard_break: {
		inline: true,
		group: 'inline',
		selectable: false,
		parseDOM: [{ tag: 'br' }],
		toDOM: () => ['br']
	}
};

const marks: Record<string, MarkSpec> = {
	link: {
		attrs: { href: {} },
		inclusive: false,
		parseDOM: [
			{
				tag: 'a[href]',
				getAttrs: (dom) => ({ href: (dom as HTMLElement).getAttribute('href') })
			}
		],
		toDOM: (mark) => {
			const href = safeHref(mark.attrs.href);
			return href
				? ['a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, 0]
				: ['span', 0];
		}
	},
	em: {
		parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
		toDOM: () => ['em', 0]
	},
	strong: {
		parseDOM: [
			{ tag: 'strong' },
			{
				tag: 'b',
				getAttrs: (node) => (node as HTMLElement).style.fontWeight !== 'normal' && null
			},
			{
				style: 'font-weight',
				getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value as string) && null
			}
		],
		toDOM: () => ['strong', 0]
	}
};

export const notesSchema = new Schema({ nodes, marks });
