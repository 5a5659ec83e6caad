/**
 * The meeting as plain text, for the body of an email: no markup, decisions as sentences,
 * items indented under their numbers. Every value stays on its own line: line breaks inside a
 * title, a field or a notes paragraph become spaces (a hard break in notes stays a line break),
 * and an event's link is written only when it is a safe http(s) address. Bare addresses in
 * notes stay as they are written: mail programs link them.
 */
import * as Y from 'yjs';
import type { Block } from './blocks';
import { oneLine } from './clean-text';
import { formatLongDate, formatWhen } from './dates';
import { decisionSentence } from './decision';
import {
	attendanceFields,
	exportView,
	nextMeetingFields,
	plural,
	type ExportItem,
	type ExportOptions
} from './export-common';
import { actionLine, eventLine, PLAIN_LINES, speakersLine } from './markdown';
import { notesBlocksToText, type NotesBlock } from './notes';
import { statusWord } from './status-words';

/** Notes with every line break inside a text made a space: only hard breaks end a line. */
function flattenNotes(blocks: NotesBlock[]): NotesBlock[] {
	return blocks.map((b) =>
		b.type === 'paragraph' || b.type === 'heading'
			? {
					...b,
					content: b.content.map((p) => ('hardBreak' in p ? p : { ...p, text: oneLine(p.text) }))
				}
			: { ...b, items: b.items.map(flattenNotes) }
	);
}

function blockText(b: Block, presentCount: number | null): string {
	if (b.kind === 'decision') return `Decision: ${decisionSentence(b, { presentCount })}`;
	if (b.kind === 'action') return actionLine(b, PLAIN_LINES);
	if (b.kind === 'speakers') return speakersLine(b, PLAIN_LINES);
	return eventLine(b, PLAIN_LINES);
}

function itemText(item: ExportItem, presentCount: number | null, out: string[]): void {
	const indent = '   '.repeat(item.depth);
	const inner = indent + '   ';
	const label = !item.numbered
		? `${item.number})`
		: item.depth === 0
			? `${item.number}.`
			: item.number;
	out.push(
		`${indent}${label} ${oneLine(item.title).trim() || 'Untitled'}${item.isPrivate ? ' (not for publication)' : ''}`
	);
	const meta = [
		item.presenter.trim() ? `Presenter: ${oneLine(item.presenter).trim()}` : '',
		item.timeBox !== null ? plural(item.timeBox, 'minute', 'minutes') : ''
	].filter(Boolean);
	if (meta.length) out.push(inner + meta.join(' · '));
	const notes = notesBlocksToText(flattenNotes(item.notes));
	if (notes) out.push('', ...notes.split('\n').map((l) => (l ? inner + l : '')));
	if (item.blocks.length)
		out.push('', ...item.blocks.map((b) => inner + blockText(b, presentCount)));
	out.push('');
	for (const child of item.children) itemText(child, presentCount, out);
}

/** Plain text of the minutes; private items left out unless asked for. */
export function meetingToText(doc: Y.Doc, options: ExportOptions = {}): string {
	const { meeting, items, meetingBlocks } = exportView(doc, options);
	const h = meeting.header;
	const a = meeting.attendance;
	const present = a.effectivePresentCount;
	const title = oneLine(h.title).trim() || 'Untitled meeting';
	const out: string[] = [title, '='.repeat(Math.min(72, Array.from(title).length)), ''];
	const field = (key: string, value: string) => {
		if (value.trim()) out.push(`${key}: ${oneLine(value).trim()}`);
	};
	field('Date', formatWhen(h.date, h.startTime, h.endTime));
	field('Venue', h.venue);
	for (const [label, value] of attendanceFields(a)) field(label, value);
	field('Written by', h.writtenBy);
	field('Published on', formatLongDate(h.publishedOn));
	field('Categories', h.categories.join(', '));
	field('Status', statusWord(meeting.status));
	out.push('');
	if (meetingBlocks.length) out.push(...meetingBlocks.map((b) => blockText(b, present)), '');
	for (const item of items) itemText(item, present, out);
	const next = nextMeetingFields(meeting.next);
	if (next.length)
		out.push('Next meeting', '------------', ...next.map(([k, v]) => `${k}: ${oneLine(v)}`), '');
	return (
		out
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trimEnd() + '\n'
	);
}
