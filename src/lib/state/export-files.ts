/**
 * Files of the Export sheet, made on the device from the local minutes document with the
 * model's export functions (model/export-formats.ts), so they hold the bytes the relay's
 * `GET …/export?format=` answers for the same document state, offline too. Here: their names,
 * their media types, and handing them to the person (a download, or the device's share sheet).
 */
import type * as Y from 'yjs';
import { EXPORT_FORMATS, renderExport, type ExportFormat } from '$lib/model/export-formats';
import { header } from '$lib/model/minutes';

export type { ExportFormat } from '$lib/model/export-formats';

export interface ExportFile {
	name: string;
	/** The media type the relay answers with (charset included). */
	type: string;
	text: string;
}

export interface ExportFileOptions {
	/** Items marked "not for publication" too (the relay's `held=include`, editors only). */
	includePrivate?: boolean;
}

const EXTENSIONS: Record<ExportFormat, string> = {
	md: 'md',
	html: 'html',
	txt: 'txt',
	ics: 'ics',
	csv: 'csv'
};

/** Names Windows keeps for devices, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_TITLE_LENGTH = 60;

/**
 * A file name from the meeting's date and title: letters and digits of any script, words joined
 * by `-`, nothing a file system or a shell reads as syntax (`/ \ : * ? " < > |`, dots, control
 * and invisible characters); `minutes` when the title gives nothing. The CSV holds the actions,
 * and a file with the held-back items says so, so that it is not sent out by mistake.
 */
export function exportFileName(
	title: string,
	date: string,
	format: ExportFormat,
	options: ExportFileOptions = {}
): string {
	const words = title
		.normalize('NFC')
		.toLowerCase()
		.split(/[^\p{L}\p{M}\p{N}]+/u)
		.filter(Boolean);
	let slug = '';
	for (const word of words) {
		const next = slug ? `${slug}-${word}` : word;
		if (next.length > MAX_TITLE_LENGTH) break;
		slug = next;
	}
	if (!slug && words.length) slug = [...words[0]].slice(0, MAX_TITLE_LENGTH).join('');
	const parts = [/^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '', slug || 'minutes'];
	if (format === 'csv') parts.push('actions');
	if (options.includePrivate) parts.push('internal');
	const base = parts.filter(Boolean).join('-');
	return `${RESERVED.test(base) ? `${base}-minutes` : base}.${EXTENSIONS[format]}`;
}

/** The meeting as a file in `format`, as the relay's export would answer it. */
export function exportFile(
	doc: Y.Doc,
	format: ExportFormat,
	options: ExportFileOptions = {}
): ExportFile {
	const { title, date } = header(doc);
	return {
		name: exportFileName(title, date, format, options),
		type: EXPORT_FORMATS[format].type,
		text: renderExport(doc, format, { includePrivate: options.includePrivate === true })
	};
}

/** The minutes as the HTML export writes them, held-back items left out: what is printed. */
export function printableHtml(doc: Y.Doc): string {
	return renderExport(doc, 'html');
}

/** What saving and sharing need from the browser; the spec passes its own. */
export interface FileEnvironment {
	document: Pick<Document, 'createElement' | 'body'>;
	url: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
	navigator: Partial<Pick<Navigator, 'canShare' | 'share'>>;
	setTimeout: (callback: () => void, ms: number) => unknown;
}

const browser = (): FileEnvironment => ({
	document,
	url: URL,
	navigator,
	setTimeout: (callback, ms) => setTimeout(callback, ms)
});

/** Saves the file with the browser's download (a link with `download`, clicked). */
export function downloadFile(file: ExportFile, env: FileEnvironment = browser()): void {
	const href = env.url.createObjectURL(new Blob([file.text], { type: file.type }));
	const link = env.document.createElement('a');
	link.href = href;
	link.download = file.name;
	link.rel = 'noopener';
	link.hidden = true;
	env.document.body.append(link);
	link.click();
	link.remove();
	// Revoked later: some browsers start reading the blob only after the click has returned.
	env.setTimeout(() => env.url.revokeObjectURL(href), 60_000);
}

/** The file as the share sheet takes it: the media type without parameters. */
function shareableFile(file: ExportFile): File {
	return new File([file.text], file.name, { type: file.type.split(';')[0] });
}

/** Whether this device's share sheet takes files of this kind (`navigator.canShare`). */
export function canShareFile(file: ExportFile, env: FileEnvironment = browser()): boolean {
	const { canShare, share } = env.navigator;
	if (typeof canShare !== 'function' || typeof share !== 'function') return false;
	try {
		return canShare.call(env.navigator, { files: [shareableFile(file)] });
	} catch {
		return false;
	}
}

/**
 * Opens the share sheet with the file. Resolves false when the person closed the sheet without
 * sharing; rejects when the device refused.
 */
export async function shareFile(
	file: ExportFile,
	env: FileEnvironment = browser()
): Promise<boolean> {
	const { share } = env.navigator;
	if (typeof share !== 'function') throw new Error('This device has no share sheet.');
	try {
		await share.call(env.navigator, { files: [shareableFile(file)], title: file.name });
		return true;
	} catch (error) {
		if (error instanceof Error && error.name === 'AbortError') return false;
		throw error;
	}
}
