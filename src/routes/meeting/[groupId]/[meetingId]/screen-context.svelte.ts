/**
 * What the meeting screen's parts share besides the meeting itself: the notes editor that has
 * focus (for the formatting toolbar), moving focus after an item moves, and short spoken notices
 * about this person's own actions ("Moved to 2.a"). Remote changes are announced by the
 * MeetingState; this is only the screen's own chrome.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- snapshots in $state.raw are replaced whole, never mutated */
import { createContext, tick } from 'svelte';
import type { NotesEditorHandle, NotesFormat } from '$lib/editor/types';
import type { MeetingState } from '$lib/state/meeting.svelte';

export interface DeletedItem {
	/** What the notice says: "Deleted 2. Budget." or "Event removed." */
	message: string;
	/** Said once Undo has put it back. */
	restored: string;
	/** Puts focus on what Undo put back, as the Undo button it was on goes away. */
	focusRestored: () => void;
}

export class ScreenControls {
	editor: NotesEditorHandle | null = $state.raw(null);
	formats: ReadonlySet<NotesFormat> = $state.raw(new Set());
	/** Polite notice about this person's own action. */
	notice = $state('');
	deleted: DeletedItem | null = $state.raw(null);
	/** The "Jump to item" list (AgendaSection), opened from anywhere. */
	isJumpOpen = $state(false);
	/** While an item is dragged: which one, and where it would land. */
	draggingId: string | null = $state(null);
	drop: { id: string; place: 'before' | 'after' } | null = $state.raw(null);
	#meeting: MeetingState;
	#newItems = new Set<string>();
	#blurTimer: ReturnType<typeof setTimeout> | null = null;
	#deletedTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(meeting: MeetingState) {
		this.#meeting = meeting;
	}

	/** The editor that has focus, or null; a blur is delayed so a toolbar tap can use it. */
	setEditor(handle: NotesEditorHandle | null) {
		if (this.#blurTimer) clearTimeout(this.#blurTimer);
		this.#blurTimer = null;
		if (handle) {
			this.editor = handle;
			this.refreshFormats();
		} else {
			this.#blurTimer = setTimeout(() => {
				this.editor = null;
				this.formats = new Set();
			}, 150);
		}
	}

	refreshFormats() {
		if (this.editor) this.formats = this.editor.active();
	}

	/** Whether the item was just made by this person (Tab indents while they write it). */
	isNewItem(id: string) {
		return this.#newItems.has(id);
	}

	/** Focus an item's title once it is on screen, with the caret at `caret` (default: end). */
	async focusItem(id: string, options: { caret?: number; isNew?: boolean } = {}) {
		if (options.isNew) this.#newItems.add(id);
		await tick();
		const input = document.querySelector<HTMLInputElement>(`[data-item-title="${id}"]`);
		if (!input) return;
		input.focus();
		const at = options.caret ?? input.value.length;
		input.setSelectionRange(at, at);
	}

	/** Arrow keys on an item: up/down move it among its siblings, right/left indent/outdent. */
	keyMove(id: string, key: string, caret?: number) {
		const meeting = this.#meeting;
		const moved =
			key === 'ArrowUp'
				? meeting.moveBy(id, -1)
				: key === 'ArrowDown'
					? meeting.moveBy(id, 1)
					: key === 'ArrowRight'
						? meeting.indent(id)
						: key === 'ArrowLeft'
							? meeting.outdent(id)
							: false;
		if (!moved) {
			this.notice =
				key === 'ArrowRight'
					? 'Cannot indent: no item above at this level.'
					: key === 'ArrowLeft'
						? 'Already at the top level.'
						: 'Cannot move further.';
			return;
		}
		const verb = key === 'ArrowRight' ? 'indented' : key === 'ArrowLeft' ? 'outdented' : 'moved';
		this.said(id, verb);
		// An item that changed parent is drawn anew; put focus back where it was.
		const active = document.activeElement as HTMLElement | null;
		if (active?.dataset.itemTitle === id) void this.focusItem(id, { caret });
		else if (active?.dataset.dragHandle === id || !document.body.contains(active)) {
			void tick().then(() =>
				document.querySelector<HTMLElement>(`[data-drag-handle="${id}"]`)?.focus()
			);
		}
	}

	/** "Item Budget moved, now 2.a." */
	said(id: string, verb: string) {
		const row = this.#meeting.row(id);
		if (!row) return;
		const name = row.title.trim() || 'Untitled';
		this.notice = `${name} ${verb}, now ${row.number}.`;
	}

	deleteItem(id: string) {
		const row = this.#meeting.row(id);
		if (!row) return;
		const label = row.title.trim() ? `${row.number}. ${row.title.trim()}` : `Item ${row.number}`;
		// Focus goes to the item before, else after, else "Add agenda item".
		const rows = this.#meeting.visibleRows;
		const at = rows.findIndex((r) => r.id === id);
		const neighbour =
			rows.slice(0, at).findLast((r) => r.depth <= row.depth) ??
			rows.slice(at + 1).find((r) => r.depth <= row.depth);
		this.#meeting.deleteItem(id);
		this.#removed({
			message: `Deleted ${label}.`,
			restored: 'Item restored.',
			focusRestored: () => void this.focusItem(id)
		});
		if (neighbour && this.#meeting.row(neighbour.id)) void this.focusItem(neighbour.id);
		else void tick().then(() => document.querySelector<HTMLElement>('[data-add-item]')?.focus());
	}

	/**
	 * Remove a decision, action or event with the same notice and Undo as an item. Focus goes to
	 * the next block's first field (never its remove button, where a held key would remove the
	 * next one too), else the item's title, else "Add agenda item", so it is never lost.
	 */
	removeBlock(id: string, kind: string, itemId: string | null) {
		const card = document.querySelector(`[data-block-id="${id}"]`);
		const next = (card?.nextElementSibling ?? card?.previousElementSibling)?.getAttribute(
			'data-block-id'
		);
		this.#meeting.removeBlock(id);
		const name = kind[0].toUpperCase() + kind.slice(1);
		const firstField = (blockId: string) =>
			document.querySelector<HTMLElement>(
				`[data-block-id="${blockId}"] :is(input, textarea, select, [contenteditable="true"])`
			);
		this.#removed({
			message: `${name} removed.`,
			restored: `${name} restored.`,
			focusRestored: () => firstField(id)?.focus()
		});
		void tick().then(() => {
			const to = next && firstField(next);
			if (to) to.focus();
			else if (itemId && document.querySelector(`[data-item-title="${itemId}"]`))
				void this.focusItem(itemId);
			else document.querySelector<HTMLElement>('[data-add-item]')?.focus();
		});
	}

	#removed(deleted: DeletedItem) {
		this.deleted = deleted;
		// The toolbar's Undo stays; the notice only needs to be there while it is news.
		if (this.#deletedTimer) clearTimeout(this.#deletedTimer);
		this.#deletedTimer = setTimeout(() => (this.deleted = null), 10_000);
		this.notice = deleted.message;
	}

	undoDelete() {
		const deleted = this.deleted;
		this.#meeting.undo();
		this.notice = deleted?.restored ?? '';
		this.deleted = null;
		if (deleted) void tick().then(deleted.focusRestored);
	}

	destroy() {
		if (this.#blurTimer) clearTimeout(this.#blurTimer);
		if (this.#deletedTimer) clearTimeout(this.#deletedTimer);
	}
}

export const [getScreenContext, setScreenContext] = createContext<ScreenControls>();
