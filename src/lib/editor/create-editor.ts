/**
 * Builds one notes editor: ProseMirror bound to an item's Y.XmlFragment by y-prosemirror, with
 * remote cursors from awareness. This module and everything it imports load lazily (the route
 * imports it with `import()`), so the first screen never pays for the editor.
 *
 * Undo is not ProseMirror's: the meeting's Y.UndoManager tracks y-prosemirror's origin, so one
 * undo stack covers titles, blocks and notes, and holds only this person's own changes.
 */
import { baseKeymap, chainCommands, setBlockType, toggleMark } from 'prosemirror-commands';
import { inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { Fragment, Slice, type Mark, type MarkType, type Node } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, Plugin, Selection, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { yCursorPlugin, ySyncPlugin, ySyncPluginKey } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { findUrls, loadLinkFinder, wholeUrl } from './links';
import { notesSchema as schema } from './schema';
import { linkBeforeCursor, typedLinks } from './typed-links';
import type { NotesEditorHandle, NotesFormat } from './types';

export { ySyncPluginKey as editorOrigin };

export interface NotesEditorOptions {
	fragment: Y.XmlFragment;
	awareness?: Awareness | null;
	/** The accessible name, e.g. "Notes for 1. Repairs campaign". */
	label: string;
	onUndo: () => void;
	onRedo: () => void;
	/** Fires where an undo step should end (a new point). Must not throw. */
	onBoundary?: () => void;
	/** Fires when the editor gains (a handle) or loses (null) focus. Must not throw. */
	onFocusChange?: (handle: NotesEditorHandle | null) => void;
	/** Fires after every state change, so a toolbar can refresh what is active. */
	onSelectionChange?: () => void;
}

const { strong, em, link } = schema.marks;
const { paragraph, heading, bullet_list, ordered_list, list_item, hard_break } = schema.nodes;

function isMarkActive(state: EditorState, type: MarkType): boolean {
	const { from, $from, to, empty } = state.selection;
	if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
	return state.doc.rangeHasMark(from, to, type);
}

/** The nearest list around the cursor, if any. */
function listAround(state: EditorState): Node | null {
	const { $from } = state.selection;
	for (let depth = $from.depth; depth > 0; depth--) {
		const node = $from.node(depth);
		if (node.type === bullet_list || node.type === ordered_list) return node;
	}
	return null;
}

const toggleList =
	(type: typeof bullet_list): Command =>
	(state, dispatch) => {
		const list = listAround(state);
		if (list && list.type === type) return liftListItem(list_item)(state, dispatch);
		if (list) {
			// Switch the kind of the enclosing list in place.
			const { $from } = state.selection;
			for (let depth = $from.depth; depth > 0; depth--) {
				if ($from.node(depth) === list) {
					if (dispatch) dispatch(state.tr.setNodeMarkup($from.before(depth), type));
					return true;
				}
			}
		}
		return wrapInList(type)(state, dispatch);
	};

const toggleHeading: Command = (state, dispatch) =>
	state.selection.$from.parent.type === heading
		? setBlockType(paragraph)(state, dispatch)
		: setBlockType(heading, { level: 3 })(state, dispatch);

function setLink(href: string | undefined): Command {
	return (state, dispatch) => {
		const { from, to, empty } = state.selection;
		if (isMarkActive(state, link)) {
			if (dispatch) {
				// Around an empty cursor, remove the link from the whole linked text it sits in.
				let start = from;
				let end = to;
				if (empty) {
					const $pos = state.selection.$from;
					$pos.parent.forEach((child, offset) => {
						const inside =
							offset <= $pos.parentOffset && offset + child.nodeSize >= $pos.parentOffset;
						if (inside && link.isInSet(child.marks)) {
							start = $pos.start() + offset;
							end = start + child.nodeSize;
						}
					});
				}
				dispatch(state.tr.removeMark(start, end, link));
			}
			return true;
		}
		if (!href) return false;
		if (dispatch) {
			const mark = link.create({ href });
			dispatch(
				empty
					? state.tr.replaceSelectionWith(schema.text(href, [mark]), false)
					: state.tr.addMark(from, to, mark)
			);
		}
		return true;
	};
}

/** Pasted text with every address in it turned into a link. */
function linkify(fragment: Fragment): Fragment {
	const nodes: Node[] = [];
	fragment.forEach((node) => {
		if (node.isText && !link.isInSet(node.marks)) {
			const text = node.text ?? '';
			let last = 0;
			for (const match of findUrls(text)) {
				if (match.from > last) nodes.push(node.cut(last, match.from));
				const marks: readonly Mark[] = link.create({ href: match.href }).addToSet(node.marks);
				nodes.push(schema.text(text.slice(match.from, match.to), marks));
				last = match.to;
			}
			if (last < text.length) nodes.push(last === 0 ? node : node.cut(last));
		} else {
			nodes.push(node.copy(linkify(node.content)));
		}
	});
	return Fragment.fromArray(nodes);
}

const pasteLinks = new Plugin({
	props: {
		handlePaste(view, event) {
			const href = wholeUrl(event.clipboardData?.getData('text/plain') ?? '');
			if (!href || event.clipboardData?.getData('text/html')) return false;
			return setLink(href)(view.state, view.dispatch);
		},
		transformPasted(slice) {
			return new Slice(linkify(slice.content), slice.openStart, slice.openEnd);
		}
	}
});

/** Marks an empty editor, so CSS can show a hint inside it. */
const emptyHint = new Plugin({
	props: {
		attributes: (state): Record<string, string> => {
			const { doc } = state;
			const isEmpty =
				doc.childCount === 1 &&
				doc.firstChild!.type === paragraph &&
				doc.firstChild!.content.size === 0;
			return isEmpty ? { class: 'is-empty' } : {};
		}
	}
});

const inList: Command = (state) => listAround(state) !== null;

function buildKeymap(options: NotesEditorOptions): Record<string, Command> {
	const undo: Command = () => (options.onUndo(), true);
	const redo: Command = () => (options.onRedo(), true);
	return {
		// Each new point starts a new undo step, so undo never takes back a minute of typing.
		// An address typed last becomes a link first, as a space would make it.
		Enter: (state, dispatch, view) => {
			options.onBoundary?.();
			const linked = dispatch && view ? linkBeforeCursor(state) : null;
			if (linked && dispatch && view) {
				dispatch(linked);
				return splitListItem(list_item)(view.state, dispatch);
			}
			return splitListItem(list_item)(state, dispatch);
		},
		// In a list Tab nests the point; elsewhere it moves focus on, so it is never a trap.
		Tab: (state, dispatch) => inList(state) && (sinkListItem(list_item)(state, dispatch) || true),
		'Shift-Tab': (state, dispatch) =>
			inList(state) && (liftListItem(list_item)(state, dispatch) || true),
		'Shift-Enter': chainCommands((state, dispatch) => {
			if (dispatch) dispatch(state.tr.replaceSelectionWith(hard_break.create()).scrollIntoView());
			return true;
		}),
		'Mod-b': toggleMark(strong),
		'Mod-i': toggleMark(em),
		'Mod-Shift-8': toggleList(bullet_list),
		'Mod-Shift-7': toggleList(ordered_list),
		'Mod-z': undo,
		'Mod-Shift-z': redo,
		'Mod-y': redo
	};
}

const rules = inputRules({
	rules: [
		wrappingInputRule(/^\s*([-+*•])\s$/, bullet_list),
		wrappingInputRule(
			/^(\d+)[.)]\s$/,
			ordered_list,
			(match) => ({ order: Number(match[1]) }),
			(match, node) => node.childCount + Number(node.attrs.order) === Number(match[1])
		),
		textblockTypeInputRule(/^(#{1,3})\s$/, heading, () => ({ level: 3 }))
	]
});

/**
 * Another person's caret. It holds no text: their name is drawn by CSS from `data-name`
 * (NotesEditor.svelte), so what the field says, to a script or a screen reader, is only what
 * was written; the avatar beside the item's title names them for assistive technology.
 */
function cursorBuilder(user: { name?: string; color?: string }): HTMLElement {
	const cursor = document.createElement('span');
	cursor.className = 'ProseMirror-yjs-cursor';
	cursor.setAttribute('aria-hidden', 'true');
	cursor.dataset.name = user.name ?? '';
	cursor.style.borderColor = user.color ?? '';
	cursor.style.setProperty('--who', user.color ?? '');
	return cursor;
}

export interface NotesEditor {
	view: EditorView;
	handle: NotesEditorHandle;
	destroy(): void;
}

export function createNotesEditor(mount: HTMLElement, options: NotesEditorOptions): NotesEditor {
	const plugins: Plugin[] = [ySyncPlugin(options.fragment)];
	if (options.awareness) plugins.push(yCursorPlugin(options.awareness, { cursorBuilder }));
	void loadLinkFinder();
	plugins.push(
		rules,
		typedLinks,
		pasteLinks,
		emptyHint,
		keymap(buildKeymap(options)),
		keymap(baseKeymap)
	);

	const view: EditorView = new EditorView(
		{ mount },
		{
			state: EditorState.create({ schema, plugins }),
			attributes: {
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': options.label,
				class: 'notes-editor',
				spellcheck: 'true',
				autocapitalize: 'sentences'
			},
			// Called with the view as `this`, also while the constructor still runs.
			dispatchTransaction(this: EditorView, tr) {
				// y-prosemirror may still dispatch (a remote change, a deferred rerender) after the
				// item was collapsed or deleted and its view destroyed.
				if (this.isDestroyed) return;
				this.updateState(this.state.apply(tr));
				options.onSelectionChange?.();
			},
			handleDOMEvents: {
				focus: () => (options.onFocusChange?.(handle), false),
				blur: () => (options.onFocusChange?.(null), false),
				// Android and iOS keyboards send undo as an input event, not as a key.
				beforeinput: (_view, event) => {
					const type = (event as InputEvent).inputType;
					if (type !== 'historyUndo' && type !== 'historyRedo') return false;
					event.preventDefault();
					if (type === 'historyUndo') options.onUndo();
					else options.onRedo();
					return true;
				}
			}
		}
	);

	const run = (command: Command) => {
		command(view.state, view.dispatch, view);
		view.focus();
	};

	const handle: NotesEditorHandle = {
		toggle(format: NotesFormat, href?: string) {
			switch (format) {
				case 'strong':
				case 'em':
					return run(toggleMark(schema.marks[format]));
				case 'bullet_list':
					return run(toggleList(bullet_list));
				case 'ordered_list':
					return run(toggleList(ordered_list));
				case 'heading':
					return run(toggleHeading);
				case 'link':
					return run(setLink(href));
			}
		},
		active() {
			const state = view.state;
			const active = new Set<NotesFormat>();
			if (isMarkActive(state, strong)) active.add('strong');
			if (isMarkActive(state, em)) active.add('em');
			if (isMarkActive(state, link)) active.add('link');
			if (state.selection.$from.parent.type === heading) active.add('heading');
			const list = listAround(state);
			if (list) active.add(list.type.name as NotesFormat);
			return active;
		},
		indent(deeper: boolean) {
			if (!inList(view.state)) return false;
			run(deeper ? sinkListItem(list_item) : liftListItem(list_item));
			return true;
		},
		focus(where?: 'end') {
			if (where === 'end') {
				view.dispatch(view.state.tr.setSelection(Selection.atEnd(view.state.doc)));
			}
			view.focus();
		}
	};

	return {
		view,
		handle,
		destroy() {
			options.onFocusChange?.(null);
			view.destroy();
		}
	};
}
