/**
 * Markdown minutes → a new meeting, in three steps: marked's tokens (tokens.ts), read into a
 * draft (builder.ts, lines.ts, block-text.ts), written to a Yjs document (write.ts). Nothing
 * here throws. The dialect and what is read from free text: docs/markdown.md.
 */
import * as Y from 'yjs';
import { isValidId } from '../../protocol/ids';
import { transact } from '../schema';
import { buildDraft } from './builder';
import type { Draft } from './draft';
import { IMPORT_LIMITS, overLimit, tooLongMessage } from './limits';
import { lex } from './tokens';
import { writeMeeting } from './write';

export { IMPORT_LIMITS } from './limits';

export const MAX_MARKDOWN_LENGTH = IMPORT_LIMITS.characters;

/** `isTooLarge`: the Markdown passes one of `IMPORT_LIMITS` (the error says which). */
export type ImportFailure = { ok: false; error: string; isTooLarge?: true };

export type ImportResult =
	{ ok: true; doc: Y.Doc; meetingId: string; warnings: string[] } | ImportFailure;

export interface ImportOptions {
	meetingId?: string;
	/** ISO time of creation. */
	createdAt?: string;
	origin?: unknown;
}

/** Drop C0 control characters other than tab, line feed and carriage return. */
function withoutControlCharacters(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
}

/** A new meeting document built from Markdown minutes. Never throws. */
export function importMarkdown(markdown: unknown, options: ImportOptions = {}): ImportResult {
	if (typeof markdown !== 'string') return { ok: false, error: 'the Markdown must be text' };
	if (markdown.length > MAX_MARKDOWN_LENGTH) {
		return { ok: false, error: tooLongMessage(), isTooLarge: true };
	}
	const text = withoutControlCharacters(markdown.replace(/^\uFEFF/, ''));
	if (!text.trim()) return { ok: false, error: 'the Markdown is empty' };
	if (options.meetingId !== undefined && !isValidId(options.meetingId)) {
		return { ok: false, error: 'invalid meeting id' };
	}
	let draft: Draft;
	try {
		draft = buildDraft(lex(text));
	} catch (error) {
		return { ok: false, error: `the Markdown could not be read: ${(error as Error).message}` };
	}
	const over = overLimit(draft);
	if (over) return { ok: false, error: over, isTooLarge: true };
	const doc = new Y.Doc();
	try {
		const meetingId = transact(doc, options.origin, () => writeMeeting(doc, draft, options));
		if (!draft.title) draft.warnings.push('no title found (expected a "# Title" line)');
		return { ok: true, doc, meetingId, warnings: draft.warnings };
	} catch (error) {
		doc.destroy();
		return { ok: false, error: `the Markdown could not be imported: ${(error as Error).message}` };
	}
}

/** The meeting built from Markdown minutes as one Yjs update (a worker builds it so). */
export function importMarkdownAsUpdate(
	markdown: unknown,
	options: ImportOptions = {}
): { ok: true; update: Uint8Array; meetingId: string; warnings: string[] } | ImportFailure {
	const result = importMarkdown(markdown, options);
	if (!result.ok) return result;
	try {
		return {
			ok: true,
			update: Y.encodeStateAsUpdate(result.doc),
			meetingId: result.meetingId,
			warnings: result.warnings
		};
	} finally {
		result.doc.destroy();
	}
}

/**
 * Build a meeting from Markdown into `doc`, which must be empty. It is built in a document of its
 * own first and applied as one update, so a failure leaves `doc` untouched. Never throws.
 */
export function importMarkdownInto(
	doc: Y.Doc,
	markdown: unknown,
	options: ImportOptions = {}
): { ok: true; meetingId: string; warnings: string[] } | ImportFailure {
	if (doc.getMap('meta').has('schemaVersion')) {
		return { ok: false, error: 'the document already holds a meeting' };
	}
	const result = importMarkdownAsUpdate(markdown, options);
	if (!result.ok) return result;
	try {
		Y.applyUpdate(doc, result.update, options.origin);
	} catch (error) {
		return { ok: false, error: `the Markdown could not be imported: ${(error as Error).message}` };
	}
	return { ok: true, meetingId: result.meetingId, warnings: result.warnings };
}
