/**
 * The export formats of the relay's `GET …/export?format=` and of the app's Export sheet, with
 * the media type each is served or saved with and the model function that writes it. Both take
 * them from here, so a file saved on a device has the bytes the relay would send for the same
 * document state.
 */
import * as Y from 'yjs';
import { actionsToCsv } from './csv';
import type { ExportOptions } from './export-common';
import { meetingToHtml } from './html';
import { meetingToIcs } from './ics';
import { meetingToMarkdown } from './markdown';
import { meetingToText } from './text-export';

export const EXPORT_FORMATS = {
	md: { type: 'text/markdown; charset=utf-8', render: meetingToMarkdown },
	html: { type: 'text/html; charset=utf-8', render: meetingToHtml },
	txt: { type: 'text/plain; charset=utf-8', render: meetingToText },
	ics: { type: 'text/calendar; charset=utf-8', render: meetingToIcs },
	csv: { type: 'text/csv; charset=utf-8', render: actionsToCsv }
} as const satisfies Record<
	string,
	{ type: string; render: (doc: Y.Doc, options?: ExportOptions) => string }
>;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** Own keys only: `in` would also find toString, constructor and __proto__. */
export function isExportFormat(value: string): value is ExportFormat {
	return Object.hasOwn(EXPORT_FORMATS, value);
}

/**
 * The meeting in `format` (csv: its action items), items marked "not for publication" left
 * out unless `includePrivate`; exactly what the relay's export answers.
 */
export function renderExport(
	doc: Y.Doc,
	format: ExportFormat,
	options: ExportOptions = {}
): string {
	return EXPORT_FORMATS[format].render(doc, { includePrivate: options.includePrivate === true });
}
