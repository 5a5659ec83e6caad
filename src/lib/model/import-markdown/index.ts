/**
 * Markdown minutes → a new meeting, in three steps: marked's tokens (tokens.ts), read into a
 * draft (builder.ts, lines.ts, block-text.ts), written to a Yjs document (write.ts). Nothing
 * here throws. The dialect and what is read from free text: docs/markdown.md.
 */
import * as Y from 'yjs';
import { isValidId } from '../../protocol/ids';
import { header } from '../minutes';
import { transact } from '../schema';
import { buildDraft } from './builder';
import { readContext, type DateOrder, type ImportNotice } from './context';
import { isDialect } from './dialect';
import type { Draft } from './draft';
import { IMPORT_LIMITS, overLimit, tooLongMessage } from './limits';
import { lex } from './tokens';
import { writeMeeting } from './write';

export { IMPORT_LIMITS } from './limits';
export type { DateOrder, ImportNotice } from './context';

export const MAX_MARKDOWN_LENGTH = IMPORT_LIMITS.characters;

/** `isTooLarge`: the Markdown passes one of `IMPORT_LIMITS` (the error says which). */
export type ImportFailure = { ok: false; error: string; isTooLarge?: true };

/** What an import made: `warnings` for what was not read, `notices` for what to check. */
interface Imported {
	ok: true;
	meetingId: string;
	warnings: string[];
	notices: ImportNotice[];
}

export type ImportResult = (Imported & { doc: Y.Doc }) | ImportFailure;

export interface ImportOptions {
	meetingId?: string;
	/** ISO time of creation. */
	createdAt?: string;
	origin?: unknown;
	/** How the group writes numeric dates (3/4/2026); day first when not given. */
	dateOrder?: DateOrder;
}

/** Drop C0 control characters other than tab, line feed and carriage return. */
function withoutControlCharacters(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
}

/** The checked input read into a draft within `IMPORT_LIMITS`, or why not. */
function readDraft(
	markdown: unknown,
	options: ImportOptions
): { ok: true; draft: Draft } | ImportFailure {
	if (typeof markdown !== 'string') return { ok: false, error: 'the Markdown must be text' };
	if (markdown.length > MAX_MARKDOWN_LENGTH) {
		return { ok: false, error: tooLongMessage(), isTooLarge: true };
	}
	// marked reads a run of spaces in quadratic time; no minutes hold one of more than 100 inside
	// a line. Indentation is structure: only past 4,000 (lists 2,000 deep) is it cut.
	const text = withoutControlCharacters(markdown.replace(/^\uFEFF/, ''))
		.replace(/(?<=\S)[ \t]{101,}/g, (run) => run.slice(0, 100))
		.replace(/^[ \t]{4001,}/gm, (run) => run.slice(0, 4000));
	if (!text.trim()) return { ok: false, error: 'the Markdown is empty' };
	if (options.meetingId !== undefined && !isValidId(options.meetingId)) {
		return { ok: false, error: 'invalid meeting id' };
	}
	let draft: Draft;
	try {
		const context = readContext(isDialect(text) ? 'dialect' : 'free', options.dateOrder);
		draft = buildDraft(lex(text), context);
	} catch (error) {
		return { ok: false, error: `the Markdown could not be read: ${(error as Error).message}` };
	}
	const over = overLimit(draft);
	if (over) return { ok: false, error: over, isTooLarge: true };
	return { ok: true, draft };
}

/** Writes the meeting; `doc` is destroyed when that fails. */
function write(
	doc: Y.Doc,
	draft: Draft,
	options: ImportOptions & { inSlices?: boolean }
): Imported | ImportFailure {
	try {
		const meetingId = options.inSlices
			? writeMeeting(doc, draft, options)
			: transact(doc, options.origin, () => writeMeeting(doc, draft, options));
		if (!draft.title) draft.warnings.push('no title found (expected a "# Title" line)');
		return { ok: true, meetingId, warnings: draft.warnings, notices: draft.context.notices };
	} catch (error) {
		doc.destroy();
		return { ok: false, error: `the Markdown could not be imported: ${(error as Error).message}` };
	}
}

/** A new meeting document built from Markdown minutes. Never throws. */
export function importMarkdown(markdown: unknown, options: ImportOptions = {}): ImportResult {
	const read = readDraft(markdown, options);
	if (!read.ok) return read;
	const doc = new Y.Doc();
	const written = write(doc, read.draft, options);
	return written.ok ? { ...written, doc } : written;
}

/**
 * The meeting built from Markdown minutes as Yjs updates, each of a bounded size (see
 * `writeMeeting`): applied in order, they make the meeting `importMarkdown` makes, which exists
 * (`isMeetingCreated`) only once the last one is in. For a relay, which applies them one at a
 * time. Never throws.
 */
export function importMarkdownInSlices(
	markdown: unknown,
	options: ImportOptions = {}
):
	| (Imported & {
			updates: Uint8Array[];
			/** what the group's directory will list of it */
			listing: { title: string; categories: string[] };
	  })
	| ImportFailure {
	const read = readDraft(markdown, options);
	if (!read.ok) return read;
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const written = write(doc, read.draft, { ...options, inSlices: true });
	if (!written.ok) return written;
	const { title, categories } = header(doc);
	doc.destroy();
	return { ...written, updates, listing: { title, categories } };
}

/**
 * Build a meeting from Markdown into `doc`, which must be empty. It is built in a document of its
 * own first and applied as one update, so a failure leaves `doc` untouched. Never throws.
 */
export function importMarkdownInto(
	doc: Y.Doc,
	markdown: unknown,
	options: ImportOptions = {}
): Imported | ImportFailure {
	if (doc.getMap('meta').has('schemaVersion')) {
		return { ok: false, error: 'the document already holds a meeting' };
	}
	const result = importMarkdown(markdown, options);
	if (!result.ok) return result;
	try {
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(result.doc), options.origin);
	} catch (error) {
		return { ok: false, error: `the Markdown could not be imported: ${(error as Error).message}` };
	} finally {
		result.doc.destroy();
	}
	const { meetingId, warnings, notices } = result;
	return { ok: true, meetingId, warnings, notices };
}
