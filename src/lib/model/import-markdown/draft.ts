/**
 * The meeting as read from Markdown, before any of it is written: plain objects the builder
 * fills in reading order and the writer turns into the Yjs document.
 */
import type { DecisionOutcome } from '../blocks';
import type { ReadContext } from './context';
import type { NotesBlock } from '../notes';

export interface DraftDecision {
	kind: 'decision';
	text: string;
	method: 'consensus' | 'vote';
	votesFor: number | null;
	votesAgainst: number | null;
	abstentions: number | null;
	presentCount: number | null;
	outcome: DecisionOutcome | null;
}

export interface DraftAction {
	kind: 'action';
	what: string;
	owners: string[];
	due: string;
	done: boolean;
}

export interface DraftEvent {
	kind: 'event';
	title: string;
	date: string;
	time: string;
	place: string;
	link: string;
}

export interface DraftSpeakers {
	kind: 'speakers';
	names: string;
}

export type DraftBlock = DraftDecision | DraftAction | DraftEvent | DraftSpeakers;

export interface DraftItem {
	title: string;
	numbered: boolean;
	isPrivate: boolean;
	presenter: string;
	timeBox: number | null;
	notes: NotesBlock[];
	blocks: DraftBlock[];
	children: DraftItem[];
	depth: number;
	/** Indentation of the outline line that made it ("a." at 0, "i." at 3). */
	indent: number;
}

export interface Draft {
	title: string;
	/** Header keys (see `HEADER_KEYS`) to their Markdown values. */
	header: Map<string, string>;
	meetingBlocks: DraftBlock[];
	items: DraftItem[];
	/** The next meeting's keyed lines, as plain text. */
	next: Map<string, string>;
	/** The next meeting's lines without a key. */
	nextFree: string[];
	warnings: string[];
	/** "11 people" on a line of its own near the title (free reading). */
	presentCount?: number;
	/** How the text is read, and what the preview should point out. */
	context: ReadContext;
}
