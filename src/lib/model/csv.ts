/**
 * The meeting's action items as CSV (RFC 4180): a header row, CRLF line ends, fields quoted
 * when they hold a comma, semicolon, quote, tab, CR or LF, or start or end with a space.
 *
 * A field that a spreadsheet could run as a formula gets an apostrophe in front (OWASP, "CSV
 * Injection"): one that starts with a tab, CR or LF, or whose first character after any
 * whitespace, control or invisible characters is = + - @ or a form that spreadsheets read as
 * one of them (full-width ＝ ＋ － ＠, small ﹦ ﹢ ﹣ ﹫, the minus sign −; found by NFKC).
 */
import * as Y from 'yjs';
import { cleanText } from './clean-text';
import { exportView, type ExportOptions } from './export-common';

/** Whitespace, control and invisible formatting characters, which a spreadsheet may skip. */
const LEADING_IGNORED = /^[\s\p{Cc}\p{Cf}]*/u;
const FORMULA_START = /^[=+\-@\u2212]/;

/** Whether a spreadsheet may take the cell for a formula. */
export function isFormulaLike(value: string): boolean {
	if (/^[\t\r\n]/.test(value)) return true;
	const first = Array.from(value.replace(LEADING_IGNORED, ''))[0] ?? '';
	return FORMULA_START.test(first.normalize('NFKC'));
}

export function csvField(value: string): string {
	const clean = cleanText(value);
	const safe = isFormulaLike(clean) ? `'${clean}` : clean;
	return /[",;\t\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const ACTION_CSV_COLUMNS = [
	'Meeting',
	'Meeting date',
	'Item',
	'Action',
	'Owners',
	'Due',
	'Done'
];

/**
 * Action items of the meeting, one row each, in agenda order; those of items held back (when
 * asked for) say so in the Item column.
 */
export function actionsToCsv(doc: Y.Doc, options: ExportOptions = {}): string {
	const { meeting, list, meetingBlocks } = exportView(doc, options);
	const rows: string[][] = [ACTION_CSV_COLUMNS];
	const add = (item: string, blocks: typeof meetingBlocks) => {
		for (const b of blocks) {
			if (b.kind !== 'action') continue;
			rows.push([
				meeting.header.title,
				meeting.header.date,
				item,
				b.what,
				b.owners.join('; '),
				b.due,
				b.done ? 'yes' : 'no'
			]);
		}
	};
	add('', meetingBlocks);
	for (const item of list) {
		const label = `${item.number} ${item.title}`.trim();
		add(item.isHeld ? `${label} (not for publication)` : label, item.blocks);
	}
	return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
