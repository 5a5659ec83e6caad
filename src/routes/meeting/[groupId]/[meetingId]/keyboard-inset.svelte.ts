/**
 * How much of the layout viewport the on-screen keyboard covers, from `visualViewport`.
 * Chromium on Android (since 108) and Safari on iOS shrink only the visual viewport when the
 * keyboard opens, so a bar fixed to the bottom of the layout viewport would sit under the
 * keyboard; the toolbar moves up by `inset` instead. After the keyboard opens or the viewport
 * scrolls, the focused field is scrolled back into view if it ended up hidden.
 */
export class KeyboardInset {
	/** Pixels between the bottom of the visual viewport and the bottom of the layout viewport. */
	inset = $state(0);
	#cleanup = () => {};

	constructor() {
		const viewport = typeof window === 'undefined' ? null : window.visualViewport;
		if (!viewport) return;
		let frame = 0;
		const update = () => {
			cancelAnimationFrame(frame);
			frame = requestAnimationFrame(() => {
				const covered = window.innerHeight - viewport.height - viewport.offsetTop;
				this.inset = Math.max(0, Math.round(covered));
				revealFocused();
			});
		};
		viewport.addEventListener('resize', update);
		viewport.addEventListener('scroll', update);
		this.#cleanup = () => {
			cancelAnimationFrame(frame);
			viewport.removeEventListener('resize', update);
			viewport.removeEventListener('scroll', update);
		};
		update();
	}

	destroy() {
		this.#cleanup();
	}
}

/** Bring the focused field into the visible part of the screen, clear of the sticky bars. */
export function revealFocused() {
	const active = document.activeElement as HTMLElement | null;
	const fields = 'input, textarea, select, [contenteditable="true"]';
	if (!active || active === document.body || !active.matches(fields)) return;
	const viewport = window.visualViewport;
	const rect = caretRect(active) ?? active.getBoundingClientRect();
	const appBar = document.querySelector('.app-bar')?.getBoundingClientRect().bottom ?? 0;
	const top = Math.max(viewport?.offsetTop ?? 0, appBar);
	const bottom =
		(viewport ? viewport.offsetTop + viewport.height : window.innerHeight) -
		barHeight('[data-meeting-toolbar]');
	if (rect.top < top + 8 || rect.bottom > bottom - 8) {
		const middle = (top + bottom) / 2;
		window.scrollBy({ top: rect.top + rect.height / 2 - middle, behavior: 'instant' });
	}
}

function barHeight(selector: string): number {
	return document.querySelector(selector)?.getBoundingClientRect().height ?? 0;
}

/** Where the caret is in a rich-text field (a long notes field is taller than the screen). */
function caretRect(element: HTMLElement): DOMRect | null {
	if (element.getAttribute('contenteditable') !== 'true') return null;
	const selection = window.getSelection();
	if (!selection || selection.rangeCount === 0) return null;
	const range = selection.getRangeAt(0);
	if (!element.contains(range.startContainer)) return null;
	const rect = range.getBoundingClientRect();
	if (rect.height > 0) return rect;
	const node = range.startContainer;
	const holder = node instanceof HTMLElement ? node : node.parentElement;
	return holder?.getBoundingClientRect() ?? null;
}
