import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, test } from 'vitest';
import { loadLinkFinder } from './links';
import { notesSchema as schema } from './schema';
import { linkBeforeCursor } from './typed-links';

/** A state with one paragraph of `text` and the cursor at its end. */
function stateWith(text: string): EditorState {
	const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text(text)])]);
	const state = EditorState.create({ schema, doc });
	return state.apply(state.tr.setSelection(TextSelection.atEnd(state.doc)));
}

/** The linked texts of the first paragraph with their hrefs. */
function links(state: EditorState): [string, string][] {
	const out: [string, string][] = [];
	state.doc.firstChild!.forEach((node) => {
		const mark = node.marks.find((m) => m.type === schema.marks.link);
		if (mark) out.push([node.text ?? '', mark.attrs.href]);
	});
	return out;
}

describe('linkBeforeCursor', () => {
	test('links the address that ends at the cursor, without the punctuation after it', async () => {
		await loadLinkFinder();
		const state = stateWith('Agenda at https://example.org/agenda.');
		expect(links(state.apply(linkBeforeCursor(state)!))).toEqual([
			['https://example.org/agenda', 'https://example.org/agenda']
		]);
		const www = stateWith('see www.example.org');
		expect(links(www.apply(linkBeforeCursor(www)!))).toEqual([
			['www.example.org', 'https://www.example.org']
		]);
	});

	test('leaves words, scripts and existing links alone', async () => {
		await loadLinkFinder();
		for (const text of [
			'plain words',
			'node.js',
			'javascript:alert(1)',
			'https://example.org/a then more'
		]) {
			expect(linkBeforeCursor(stateWith(text)), text).toBeNull();
		}
		const state = stateWith('see https://example.org');
		const linked = state.apply(linkBeforeCursor(state)!);
		expect(linkBeforeCursor(linked)).toBeNull();
		const hostile = stateWith('http://x"onmouseover=alert(1)');
		expect(linkBeforeCursor(hostile)).toBeNull();
	});
});
