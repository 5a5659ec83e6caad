/**
 * Opening a meeting at a search result: `#item-<id>` or `#block-<id>` in the address. The
 * meeting renders after its document loads, so this waits (up to `timeoutMs`) for the element,
 * then scrolls it to the middle of the screen, outlines it and gives it the focus (the element
 * itself, not a field in it: no on-screen keyboard jumps up on a phone). Loaded with `import()`
 * only when the address has such a target.
 */

const OUTLINE_MS = 4_000;

function find(target: string): HTMLElement | null {
	if (target.startsWith('item-')) return document.getElementById(target);
	if (target.startsWith('block-')) {
		return document.querySelector<HTMLElement>(
			`[data-block-id="${CSS.escape(target.slice('block-'.length))}"]`
		);
	}
	return null;
}

function reveal(element: HTMLElement) {
	if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
	element.setAttribute('data-search-target', '');
	// Inline, so no screen's stylesheet needs to know: the app's focus colour, as :focus-visible.
	element.style.outline = '3px solid var(--focus)';
	element.style.outlineOffset = '2px';
	element.scrollIntoView({ block: 'center' });
	element.focus({ preventScroll: true });
	setTimeout(() => {
		element.removeAttribute('data-search-target');
		element.style.outline = '';
		element.style.outlineOffset = '';
	}, OUTLINE_MS);
}

/** Reveals the element `target` names once it is there; returns the function that stops waiting. */
export function revealTarget(target: string, timeoutMs = 15_000): () => void {
	if (!/^(item|block)-[\w-]+$/.test(target)) return () => {};
	const now = find(target);
	if (now) {
		reveal(now);
		return () => {};
	}
	const observer = new MutationObserver(() => {
		const element = find(target);
		if (!element) return;
		stop();
		// After this render settles: the screen may still be laying out around it.
		requestAnimationFrame(() => reveal(element));
	});
	const timer = setTimeout(() => stop(), timeoutMs);
	function stop() {
		observer.disconnect();
		clearTimeout(timer);
	}
	observer.observe(document.body, { childList: true, subtree: true });
	return stop;
}
