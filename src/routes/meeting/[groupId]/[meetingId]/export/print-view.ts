/**
 * What the browser prints from a meeting screen: the minutes as the HTML export writes them
 * (held-back items left out), not the form. They go into a container at the end of <body> with
 * their own styles in a shadow root, so neither the app's styles nor theirs leak across; the
 * print rules of ExportButton.svelte hide everything else on paper and this container on screen.
 * Loaded with `import()`: the export functions are not needed for the screen's first paint.
 */
import { printableHtml } from '$lib/state/export-files';

export const PRINT_VIEW_CLASS = 'print-minutes';

/**
 * The export's page styles, fitted to a shadow root: its `:root` and `body` rules apply to the
 * host there, since a shadow root has neither.
 */
function shadowStyles(css: string): string {
	return css.replace(/(^|[}\s])(?::root|body)(?=\{)/g, '$1:host');
}

/** Puts the minutes of `doc` in the print view (replacing one shown before); returns its removal. */
export function showPrintView(doc: Parameters<typeof printableHtml>[0]): () => void {
	document.querySelector(`body > .${PRINT_VIEW_CLASS}`)?.remove();
	// The export escapes every value a member typed and writes no script; it is parsed inert.
	const page = new DOMParser().parseFromString(printableHtml(doc), 'text/html');
	const host = document.createElement('div');
	host.className = PRINT_VIEW_CLASS;
	const root = host.attachShadow({ mode: 'open' });
	const style = document.createElement('style');
	style.textContent = `:host{display:block}${shadowStyles(page.querySelector('style')?.textContent ?? '')}`;
	root.append(style, ...[...page.body.childNodes].map((node) => document.importNode(node, true)));
	document.body.append(host);
	return () => host.remove();
}
