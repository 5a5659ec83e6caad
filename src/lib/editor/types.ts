/**
 * What the rest of the screen may ask of a notes editor, without knowing ProseMirror or Yjs:
 * the formatting toolbar holds one of these for the editor that has focus.
 */
export type NotesFormat = 'strong' | 'em' | 'bullet_list' | 'ordered_list' | 'heading' | 'link';

export interface NotesEditorHandle {
	/** Apply or remove a format at the selection; `link` asks for an address when needed. */
	toggle(format: NotesFormat, href?: string): void;
	/** Which formats are active at the selection, for aria-pressed. */
	active(): Set<NotesFormat>;
	/** Indent (true) or outdent the list item at the cursor; false when not in a list. */
	indent(deeper: boolean): boolean;
	/** Focus the editor; `end` puts the caret after the last character. */
	focus(where?: 'end'): void;
}
