/**
 * Markdown minutes read for an import screen: the meeting as `importMarkdownInSlices` builds
 * it (Yjs updates, to be applied in one go to a new document) and a plain summary of what was
 * recognised, so a person sees the structure before anything is created. Pure and never
 * throws; the app runs it in a Web Worker (it costs a few ms per KB of Markdown).
 *
 *   ImportPreview
 *     header:     [label, value][]           title aside: date and times, venue, categories, …
 *     attendance: [label, value][]           facilitator, minutes, present, absent
 *     items:      { number, title, depth, isPrivate, presenter, timeBox, paragraphs, blocks[] }
 *     meetingBlocks, next, warnings, counts { items, decisions, actions, events }
 *     notices:    ImportNotice[]               what was read but should be checked (3/4/2026)
 */
import * as Y from 'yjs';
import type { Block } from '../blocks';
import { formatLongDate, formatWhen } from '../dates';
import { decisionSentence } from '../decision';
import { attendanceFields, exportView, nextMeetingFields, type ExportItem } from '../export-common';
import { actionLine, eventLine, PLAIN_LINES, speakersLine } from '../markdown';
import type { ImportNotice } from './context';
import { importMarkdownInSlices, type ImportFailure, type ImportOptions } from './index';
import { notesParts } from './limits';

export type PreviewField = [label: string, value: string];

export interface PreviewBlock {
	kind: Block['kind'];
	/** The block as one line of plain text ("Decision: The 14 members present …"). */
	text: string;
}

export interface PreviewItem {
	/** "1.", "1.a", "A)" as the meeting will number it. */
	label: string;
	title: string;
	depth: number;
	isPrivate: boolean;
	presenter: string;
	timeBox: number | null;
	/** Paragraphs, list items and runs of text in its notes (0: no notes). */
	noteParts: number;
	blocks: PreviewBlock[];
}

export interface ImportPreview {
	title: string;
	header: PreviewField[];
	attendance: PreviewField[];
	meetingBlocks: PreviewBlock[];
	items: PreviewItem[];
	next: PreviewField[];
	warnings: string[];
	/** Dates that could be read two ways, as read in the import's date order. */
	notices: ImportNotice[];
	counts: { items: number; decisions: number; actions: number; events: number };
}

export type ImportReading =
	{ ok: true; meetingId: string; updates: Uint8Array[]; preview: ImportPreview } | ImportFailure;

function previewBlock(b: Block, presentCount: number | null): PreviewBlock {
	const text =
		b.kind === 'decision'
			? `Decision: ${decisionSentence(b, { presentCount })}`
			: b.kind === 'action'
				? actionLine(b, PLAIN_LINES)
				: b.kind === 'speakers'
					? speakersLine(b, PLAIN_LINES)
					: eventLine(b, PLAIN_LINES);
	return { kind: b.kind, text };
}

function label(item: ExportItem): string {
	if (!item.numbered) return `${item.number})`;
	return item.depth === 0 ? `${item.number}.` : item.number;
}

/** What the meeting in `doc` holds, as an import screen lists it. */
export function previewMeeting(
	doc: Y.Doc,
	warnings: string[] = [],
	notices: ImportNotice[] = []
): ImportPreview {
	const { meeting, list, meetingBlocks } = exportView(doc, { includePrivate: true });
	const h = meeting.header;
	const present = meeting.attendance.effectivePresentCount;
	const fields = (pairs: PreviewField[]) => pairs.filter(([, value]) => value.trim());
	const blocks = [...meetingBlocks, ...list.flatMap((i) => i.blocks)];
	return {
		title: h.title,
		header: fields([
			['Date', formatWhen(h.date, h.startTime, h.endTime)],
			['Venue', h.venue],
			['Categories', h.categories.join(', ')],
			['Written by', h.writtenBy],
			['Published on', formatLongDate(h.publishedOn)]
		]),
		attendance: fields(attendanceFields(meeting.attendance)),
		meetingBlocks: meetingBlocks.map((b) => previewBlock(b, present)),
		items: list.map((item) => ({
			label: label(item),
			title: item.title,
			depth: item.depth,
			isPrivate: item.isPrivate,
			presenter: item.presenter,
			timeBox: item.timeBox,
			noteParts: notesParts(item.notes),
			blocks: item.blocks.map((b) => previewBlock(b, present))
		})),
		next: nextMeetingFields(meeting.next),
		warnings,
		notices,
		counts: {
			items: list.length,
			decisions: blocks.filter((b) => b.kind === 'decision').length,
			actions: blocks.filter((b) => b.kind === 'action').length,
			events: blocks.filter((b) => b.kind === 'event').length
		}
	};
}

/**
 * Reads Markdown minutes into the updates that make the meeting and a preview of it, or says
 * why it cannot (too long, empty, not text). `dateOrder`: how the group writes numeric dates.
 * Never throws.
 */
export function readMarkdownImport(
	markdown: unknown,
	options: Pick<ImportOptions, 'dateOrder'> = {}
): ImportReading {
	const sliced = importMarkdownInSlices(markdown, { dateOrder: options.dateOrder });
	if (!sliced.ok) return sliced;
	const doc = new Y.Doc();
	try {
		for (const update of sliced.updates) Y.applyUpdate(doc, update);
		return {
			ok: true,
			meetingId: sliced.meetingId,
			updates: sliced.updates,
			preview: previewMeeting(doc, sliced.warnings, sliced.notices)
		};
	} catch (error) {
		return { ok: false, error: `the Markdown could not be read: ${(error as Error).message}` };
	} finally {
		doc.destroy();
	}
}
