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
import { lex } from './tokens';
import { writeMeeting } from './write';

export const MAX_MARKDOWN_LENGTH = 2_000_000;

export type ImportResult =
	{ ok: true; doc: Y.Doc; meetingId: string; warnings: string[] } | { ok: false; error: string };

export interface ImportOptions {
	meetingId?: string;
	/** ISO time of creation. */
	createdAt?: string;
	origin?: unknown;
}

/** Drop C0 control characters other than tab, line feed and carriage return. */
function withoutControlCharacters(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.charCodeAt(0);
		if (code >= 32 || code === 9 || code === 10 || code === 13) out += ch;
	}
	return out;
}

/** Build a meeting from Markdown into `doc`, which must be empty. */
export function importMarkdownInto(
	doc: Y.Doc,
	markdown: unknown,
	options: ImportOptions = {}
): { ok: true; meetingId: string; warnings: string[] } | { ok: false; error: string } {
	if (typeof markdown !== 'string') return { ok: false, error: 'the Markdown must be text' };
	if (markdown.length > MAX_MARKDOWN_LENGTH) {
		return { ok: false, error: `the Markdown is longer than ${MAX_MARKDOWN_LENGTH} characters` };
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
	// Built in a scratch document first, so a failure leaves `doc` untouched.
	const scratch = new Y.Doc();
	try {
		const origin = options.origin;
		let meetingId = '';
		if (doc.getMap('meta').has('schemaVersion')) {
			return { ok: false, error: 'the document already holds a meeting' };
		}
		transact(scratch, origin, () => {
			meetingId = writeMeeting(scratch, draft, options);
		});
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch), origin);
		if (!draft.title) draft.warnings.push('no title found (expected a "# Title" line)');
		return { ok: true, meetingId, warnings: draft.warnings };
	} catch (error) {
		return { ok: false, error: `the Markdown could not be imported: ${(error as Error).message}` };
	} finally {
		scratch.destroy();
	}
}

/** A new meeting document built from Markdown minutes. Never throws. */
export function importMarkdown(markdown: unknown, options: ImportOptions = {}): ImportResult {
	const doc = new Y.Doc();
	const result = importMarkdownInto(doc, markdown, options);
	if (!result.ok) {
		doc.destroy();
		return result;
	}
	return { ok: true, doc, meetingId: result.meetingId, warnings: result.warnings };
}
