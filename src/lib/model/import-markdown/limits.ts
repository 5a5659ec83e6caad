/**
 * What one import may build. Far above any real minutes (a three-hour meeting has a few hundred
 * items, a few hundred decisions and actions and a few thousand paragraphs, bullets and bold or
 * linked words), and low enough that the meeting stays quick to build, send and load. The
 * draft is counted before anything is written. docs/markdown.md lists them.
 */
import type { NotesBlock } from '../notes';
import type { Draft, DraftItem } from './draft';

export const IMPORT_LIMITS = {
	/** Characters of Markdown. */
	characters: 2_000_000,
	/** Agenda items, sub-items included. */
	items: 5_000,
	/** Decisions, actions and events. */
	blocks: 5_000,
	/** Names in the attendance lines (present, absent, facilitator, minute-taker). */
	people: 2_000,
	/** Paragraphs, list items and runs of text (each change of bold, italic or link starts one). */
	noteParts: 100_000,
	/** The same in the notes of one item (a relay applies them at once). */
	itemNoteParts: 5_000
} as const;

const LABELS: Record<Exclude<keyof typeof IMPORT_LIMITS, 'characters'>, string> = {
	items: 'agenda items',
	blocks: 'decisions, actions and events',
	people: 'names in their attendance lines',
	noteParts: 'paragraphs, list items and runs of formatted text in their notes',
	itemNoteParts: 'paragraphs, list items and runs of formatted text in the notes of one item'
};

/** The message for a text past `IMPORT_LIMITS.characters`. */
export function tooLongMessage(): string {
	return `the Markdown is longer than ${format(IMPORT_LIMITS.characters)} characters, the most one import may read`;
}

function format(n: number): string {
	return n.toLocaleString('en-US');
}

/** Paragraphs, list items and runs of text (inline parts) in `blocks`. */
export function notesParts(blocks: NotesBlock[]): number {
	let parts = 0;
	const stack = [...blocks];
	while (stack.length > 0) {
		const block = stack.pop()!;
		parts++;
		if (block.type === 'paragraph' || block.type === 'heading') parts += block.content.length;
		else {
			for (const item of block.items) {
				parts++;
				for (const child of item) stack.push(child);
			}
		}
	}
	return parts;
}

function countNames(value: string | undefined): number {
	return value ? value.split(/,|;|\band\b/).length : 0;
}

/** What the draft would build, counted as `IMPORT_LIMITS` counts it. */
export function draftSize(draft: Draft): Record<keyof typeof LABELS, number> {
	const size = {
		items: 0,
		blocks: draft.meetingBlocks.length,
		people: 0,
		noteParts: 0,
		itemNoteParts: 0
	};
	for (const key of ['present', 'absent', 'facilitator', 'minutes']) {
		size.people += countNames(draft.header.get(key));
	}
	const stack: DraftItem[] = [...draft.items];
	while (stack.length > 0) {
		const item = stack.pop()!;
		size.items++;
		size.blocks += item.blocks.length;
		const parts = notesParts(item.notes);
		size.noteParts += parts;
		size.itemNoteParts = Math.max(size.itemNoteParts, parts);
		for (const child of item.children) stack.push(child);
	}
	return size;
}

/** Which limit the draft passes, as a message; null when it keeps to all of them. */
export function overLimit(draft: Draft): string | null {
	const size = draftSize(draft);
	for (const key of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
		if (size[key] > IMPORT_LIMITS[key]) {
			return `the minutes have ${format(size[key])} ${LABELS[key]}; one import may build at most ${format(IMPORT_LIMITS[key])}`;
		}
	}
	return null;
}
