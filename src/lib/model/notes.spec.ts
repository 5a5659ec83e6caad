import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readNotes, notesToPlainText, writeNotes, type NotesBlock } from './notes';
import { setText } from './text';

describe('setText', () => {
	it('applies the smallest edit', () => {
		const doc = new Y.Doc();
		const t = doc.getText('t');
		const deltas: unknown[] = [];
		t.observe((e) => deltas.push(e.delta));
		setText(t, 'Repairs');
		setText(t, 'Repairs');
		setText(t, 'Rent repairs');
		setText(t, 'Rent rep');
		setText(t, 'Rent strike');
		expect(t.toString()).toBe('Rent strike');
		expect(deltas.slice(0, 3)).toEqual([
			[{ insert: 'Repairs' }],
			[{ retain: 2 }, { insert: 'nt re' }],
			[{ retain: 8 }, { delete: 4 }]
		]);
		expect(deltas[3]).toEqual(
			expect.arrayContaining([{ retain: 5 }, { insert: 'strike' }, { delete: 3 }])
		);
	});

	it('merges two people typing in one title', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		setText(a.getText('t'), 'Repairs');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		setText(a.getText('t'), 'Urgent repairs');
		setText(b.getText('t'), 'Repairs campaign');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(a.getText('t').toString()).toBe('Urgent repairs campaign');
		expect(b.getText('t').toString()).toBe('Urgent repairs campaign');
	});

	it('never splits a surrogate pair', () => {
		const doc = new Y.Doc();
		const t = doc.getText('t');
		setText(t, 'a😀b');
		setText(t, 'a😃b');
		expect(t.toString()).toBe('a😃b');
		setText(t, '😃');
		setText(t, '😃😃');
		expect(t.toString()).toBe('😃😃');
	});
});

describe('notes', () => {
	const rich: NotesBlock[] = [
		{ type: 'heading', level: 2, content: [{ text: 'Repairs' }] },
		{
			type: 'paragraph',
			content: [
				{ text: 'Mould in ' },
				{ text: '23 flats', marks: { strong: true } },
				{ hardBreak: true },
				{ text: 'see ', marks: { em: true } },
				{ text: 'report', marks: { link: 'https://example.org/r' } }
			]
		},
		{
			type: 'bullet_list',
			items: [
				[{ type: 'paragraph', content: [{ text: 'photos' }] }],
				[
					{ type: 'paragraph', content: [{ text: 'letter' }] },
					{
						type: 'ordered_list',
						order: 1,
						items: [
							[{ type: 'paragraph', content: [{ text: 'draft' }] }],
							[{ type: 'paragraph', content: [{ text: 'send' }] }]
						]
					}
				]
			]
		}
	];

	it('writes the y-prosemirror shape and reads it back', () => {
		const doc = new Y.Doc();
		const f = doc.getXmlFragment('notes');
		writeNotes(f, rich);
		expect(f.toString()).toContain('<heading level="2">Repairs</heading>');
		expect(f.toString()).toContain('<bullet_list><list_item><paragraph>photos</paragraph>');
		const p = f.get(1) as Y.XmlElement;
		expect(p.nodeName).toBe('paragraph');
		expect((p.get(0) as Y.XmlText).toDelta()).toEqual([
			{ insert: 'Mould in ' },
			{ insert: '23 flats', attributes: { strong: {} } }
		]);
		expect((p.get(1) as Y.XmlElement).nodeName).toBe('hard_break');
		expect(readNotes(f)).toEqual(rich);
		expect(notesToPlainText(f)).toBe(
			'Repairs\nMould in 23 flats\nsee report\n- photos\n- letter\n  1. draft\n  2. send'
		);
	});

	it('writes plain strings as paragraphs and replaces old content', () => {
		const doc = new Y.Doc();
		const f = doc.getXmlFragment('notes');
		writeNotes(f, 'one\n\ntwo');
		writeNotes(f, 'three\nfour');
		expect(notesToPlainText(f)).toBe('three\nfour');
	});

	it('reads unknown nodes and marks of a foreign editor as text', () => {
		const doc = new Y.Doc();
		const f = doc.getXmlFragment('notes');
		const box = new Y.XmlElement('callout');
		f.insert(0, [box]);
		const t = new Y.XmlText();
		box.insert(0, [t]);
		t.insert(0, 'hello', { underline: {}, 'link--abc': { href: 'https://x' } });
		f.insert(1, [new Y.XmlText('stray')]);
		expect(readNotes(f)).toEqual([
			{ type: 'paragraph', content: [{ text: 'hello', marks: { link: 'https://x' } }] },
			{ type: 'paragraph', content: [{ text: 'stray' }] }
		]);
		expect(readNotes('plain')).toEqual([{ type: 'paragraph', content: [{ text: 'plain' }] }]);
		expect(readNotes(42)).toEqual([]);
	});
});
