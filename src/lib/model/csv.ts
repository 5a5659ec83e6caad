/**
 * The meeting's action items as CSV (RFC 4180): a header row, CRLF line ends, fields quoted
 * when they hold a comma, quote, CR or LF. A field that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab) is prefixed with an apostrophe.
 */
import * as Y from 'yjs';
import { exportView, type ExportOptions } from './export-common';

export function csvField(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
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

/** Action items of the meeting, one row each, in agenda order. */
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
	for (const item of list) add(`${item.number} ${item.title}`.trim(), item.blocks);
	return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
