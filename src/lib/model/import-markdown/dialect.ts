/**
 * How an import tells Plenary's own export from minutes people wrote. The export ends with
 * `DIALECT_MARK`; text carrying it is read strictly (keyed lines and headings only), so the
 * export needs no escapes for prose the free reading would otherwise take for structure.
 */

/** The last line of every Markdown export (docs/markdown.md, "Two readings"). */
export const DIALECT_MARK = '<!-- Plenary minutes (Markdown dialect 2) -->';

/** Whether `text` is Plenary's export: its last non-blank line is `DIALECT_MARK`. */
export function isDialect(text: string): boolean {
	const end = text.trimEnd();
	return end.endsWith(DIALECT_MARK) && /(^|\n)[ \t]*$/.test(end.slice(0, -DIALECT_MARK.length));
}
