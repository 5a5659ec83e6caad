/**
 * An address typed into notes becomes a link when the word ends: on a space (this plugin) or on
 * Enter (the editor's keymap calls `linkBeforeCursor` first). Only the address itself is
 * linked, never the punctuation after it, and never text that is already a link.
 */
import { Plugin, type EditorState, type Transaction } from 'prosemirror-state';
import { findUrls } from './links';
import { notesSchema } from './schema';

const { link } = notesSchema.marks;

/** A transaction linking the address that ends just before the cursor, or null. */
export function linkBeforeCursor(state: EditorState): Transaction | null {
	const { $from, empty } = state.selection;
	if (!empty || !$from.parent.isTextblock) return null;
	// One character for each leaf (a hard break), so offsets stay positions.
	const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
	const word = /\S+$/.exec(before);
	if (!word) return null;
	const match = findUrls(word[0]).at(-1);
	// The address must end the word (but for closing punctuation): `http://x"onmouseover=…`
	// is not an address being typed.
	if (!match || !/^[.,;:!?)\]}'"]*$/.test(word[0].slice(match.to))) return null;
	const start = $from.pos - word[0].length;
	const from = start + match.from;
	const to = start + match.to;
	if (state.doc.rangeHasMark(from, to, link)) return null;
	return state.tr.addMark(from, to, link.create({ href: match.href }));
}

export const typedLinks = new Plugin({
	props: {
		handleTextInput(view, from, to, text) {
			// Not while an input method is composing: the word is not final yet.
			if (view.composing || !/^\s$/.test(text)) return false;
			const linked = linkBeforeCursor(view.state);
			if (!linked) return false;
			view.dispatch(linked.insertText(text, from, to));
			return true;
		}
	}
});
