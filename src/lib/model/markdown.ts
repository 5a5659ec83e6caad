/**
 * Markdown export: the dialect that `importMarkdown` reads back (docs/markdown.md).
 *
 *   # Title
 *
 *   Date: Thursday 12 March 2026, 19:00–21:15
 *   Venue: …   Facilitator: …   Minutes: …   Present: 11 (Sam, …)   Absent: …
 *   Categories: …   Written by: …   Published: …   Status: in review
 *
 *   ## 1. Item title                     ### a. sub-item, #### i. …; ## A) an unnumbered part
 *
 *   Presenter: Joy
 *   Time box: 20 minutes
 *
 *   notes (paragraphs, lists, **bold**, _italic_, [links](…))
 *
 *   Decision: text. Agreed by consensus (11 present).
 *   Action: Ahmed — what, due 2026-03-31
 *   Event: Saturday 21 March 2026, 11:00 — title — place — https://…
 *   Speakers: Joy, Sam (point of order)
 *
 *   ## Next meeting
 *
 *   Date: …   Venue: …   Topic: …   Facilitator: …   Minutes: …
 *   Schedule: last Tuesday of each month, 18:30–21:00, Birkbeck (Europe/London)   Rota: …
 *
 *   <!-- Plenary minutes (Markdown dialect 2) -->     the mark: read strictly (dialect.ts)
 *
 * No value leaves its line or makes structure: every value is on one line (line breaks become
 * spaces); a character is backslash-escaped where Markdown or the strict reading would take it
 * for syntax, and a line that would start a heading, quote, list, setext underline, table or
 * keyed line is escaped at its start (also after a hard break), each paragraph checked by
 * reading it back (markdown-escape.ts); raw HTML cannot open (`<` before a tag is escaped); a
 * link is written as a link only when `safeLink` accepts it (http, https, mailto), its
 * destination percent-encoded where Markdown would end it; an unsafe link is written as its
 * text alone, an unsafe event link not at all.
 */
import * as Y from 'yjs';
import { nextPlan } from './next-plan';
import { scheduleLine } from './schedule-words';
import { splitBareLinks, type TextPart } from './bare-links';
import type { ActionBlock, Block, DecisionBlock, EventBlock, SpeakersBlock } from './blocks';
import { oneLine } from './clean-text';
import { formatLongDate, formatTimeRange, formatWhen } from './dates';
import {
	exportView,
	listStart,
	plural,
	type ExportItem,
	type ExportOptions
} from './export-common';
import { DIALECT_MARK } from './import-markdown/dialect';
import {
	escapeLineStart,
	escapeMarkdown,
	escapeWithoutAddresses,
	FULL,
	hasBalancedParens,
	headingText,
	joinRuns,
	MINIMAL,
	preferMinimal,
	type RunEscaper
} from './markdown-escape';
import type { NotesBlock, NotesInline } from './notes';
import { safeLink, WEB_SCHEMES } from './safe-link';
import { statusWord } from './status-words';

const percent = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * A safe link as a Markdown destination that ends where it should: brackets always, and
 * parentheses unless they balance (as in `…/Rent_(strike)`), percent-encoded.
 */
function linkDestination(href: string): string {
	const special = hasBalancedParens(href) ? /[[\]<>\\`]/g : /[()[\]<>\\`]/g;
	return href.replace(special, percent);
}

/** What reads differently inside `<…>` than in a link's text: a bracket, a character reference. */
const AUTOLINK_UNSAFE = /[[\]]|&#?[a-z0-9]+;/i;

/**
 * An address found in plain text (bare-links.ts) as a link: an autolink `<…>` when it is its
 * own href and nothing in it reads differently there (a bracket, a character reference), else
 * `[text](href)`. Never escaped into `http\://`, which a renderer would show but not link.
 */
function bareLinkMarkdown(text: string, href: string, esc: RunEscaper): string {
	if (text === href && !AUTOLINK_UNSAFE.test(href)) return `<${href}>`;
	return `[${esc.linkText(text)}](${linkDestination(href)})`;
}

/** Plain text with its bare addresses written as links. */
function withBareLinks(text: string, esc: RunEscaper, found: Map<string, TextPart[]>): string {
	let parts = found.get(text);
	if (!parts) found.set(text, (parts = splitBareLinks(text)));
	return joinRuns(
		parts.map(({ text, href }) =>
			href ? bareLinkMarkdown(text, href, esc) : esc.withAddresses(text)
		)
	);
}

/** `found`: the bare addresses of each text, found once for both ways of escaping it. */
function inline(content: NotesInline[], esc: RunEscaper, found: Map<string, TextPart[]>): string {
	return joinRuns(
		content.map((part) => {
			if ('hardBreak' in part) return '\\\n';
			const text = oneLine(part.text).replace(/\s/g, ' ');
			const lead = /^\s*/.exec(text)![0];
			const trail = /\s*$/.exec(text.slice(lead.length))![0];
			const bare = text.slice(lead.length, text.length - trail.length);
			const link = part.marks?.link ? safeLink(part.marks.link) : null;
			// A run with an unsafe link is its text alone, and none of it becomes a link.
			// Plain text keeps its spaces as it is escaped: whether a `*` or `_` can make emphasis
			// depends on them, and the run's neighbours are the same after a round trip.
			const hasMarks = Boolean(part.marks?.em || part.marks?.strong || part.marks?.link);
			if (!hasMarks && bare) return withBareLinks(text, esc, found);
			let core = link
				? esc.linkText(bare)
				: part.marks?.link
					? esc.withAddresses(bare)
					: withBareLinks(bare, esc, found);
			if (!core) return text;
			if (part.marks?.em) core = `_${core}_`;
			if (part.marks?.strong) core = `**${core}**`;
			if (link) {
				const href = linkDestination(link);
				// As an address found in plain text is written (`bareLinkMarkdown`).
				const isAutolink =
					bare === link &&
					!part.marks?.em &&
					!part.marks?.strong &&
					/^https?:\/\//i.test(href) &&
					!AUTOLINK_UNSAFE.test(href);
				core = isAutolink ? `<${href}>` : `[${core}](${href})`;
			}
			return lead + core + trail;
		})
	);
}

/** A paragraph's Markdown, its lines' starts escaped; minimal where it reads back the same. */
function paragraphMarkdown(content: NotesInline[], isHeading: boolean): string {
	const found = new Map<string, TextPart[]>();
	const write = (esc: RunEscaper) => {
		const text = inline(content, esc, found).trim();
		// Headings are the agenda's structure in this dialect: a heading in notes is bold.
		const line = text && isHeading ? `**${text}**` : text;
		// Each line after a hard break starts a line too.
		return line.split('\\\n').map(escapeLineStart).join('\\\n');
	};
	return preferMinimal(write(MINIMAL), write(FULL));
}

function trimBlankEnd(lines: string[]): string[] {
	let end = lines.length;
	while (end > 0 && lines[end - 1].trim() === '') end--;
	return lines.slice(0, end);
}

function notesToMarkdown(blocks: NotesBlock[], indent = ''): string[] {
	const out: string[] = [];
	let previous: NotesBlock['type'] | null = null;
	let bullet = '-';
	let delimiter = '.';
	for (const block of blocks) {
		if (block.type === 'paragraph' || block.type === 'heading') {
			const text = paragraphMarkdown(block.content, block.type === 'heading');
			if (!text) continue;
			out.push(indent + text.replace(/\\\n/g, `\\\n${indent}`), '');
			previous = block.type;
			continue;
		}
		// Two lists in a row with the same marker would read back as one list.
		if (block.type === 'bullet_list') {
			bullet = previous === 'bullet_list' && bullet === '-' ? '*' : '-';
		} else {
			delimiter = previous === 'ordered_list' && delimiter === '.' ? ')' : '.';
		}
		block.items.forEach((item, i) => {
			const marker =
				block.type === 'bullet_list' ? `${bullet} ` : `${listStart(block.order) + i}${delimiter} `;
			const pad = indent + ' '.repeat(marker.length);
			const lines: string[] = [];
			for (const child of item) {
				const childLines = trimBlankEnd(notesToMarkdown([child], pad));
				if (!childLines.length) continue;
				// A blank line keeps two paragraphs of one item apart; only a list starting at 1
				// may follow a paragraph without one.
				const needsGap =
					child.type === 'paragraph' ||
					child.type === 'heading' ||
					(child.type === 'ordered_list' && child.order !== 1);
				if (lines.length && needsGap) lines.push('');
				lines.push(...childLines);
			}
			if (!lines.length) lines.push(pad);
			lines[0] = indent + marker + lines[0].slice(pad.length);
			out.push(...lines);
		});
		out.push('');
		previous = block.type;
	}
	return out;
}

export interface LineStyle {
	esc: (text: string) => string;
}

const PLAIN: LineStyle = { esc: oneLine };
const MARKDOWN: LineStyle = { esc: escapeMarkdown };

function strip(text: string): string {
	return text.trim().replace(/[.\s]+$/, '');
}

/** "Agreed by consensus (11 present)." / "7 for, 3 against, 1 abstention (11 present). Carried." */
export function decisionTally(d: DecisionBlock): string {
	const present = d.presentCount !== null ? ` (${d.presentCount} present)` : '';
	const outcome = d.outcome ? d.outcome[0].toUpperCase() + d.outcome.slice(1) : '';
	if (d.method === 'consensus') {
		if (d.outcome === 'deferred' || d.outcome === 'withdrawn')
			return `By consensus${present}. ${outcome}.`;
		if (d.outcome === 'defeated') return `No consensus${present}.`;
		return `Agreed by consensus${present}.`;
	}
	let votes = 'Vote';
	if (d.votesFor !== null && d.votesAgainst !== null) {
		votes = `${d.votesFor} for, ${d.votesAgainst} against`;
		if (d.abstentions !== null) votes += `, ${plural(d.abstentions, 'abstention', 'abstentions')}`;
	}
	return `${votes}${present}.${outcome ? ` ${outcome}.` : ''}`;
}

export function decisionLine(d: DecisionBlock, style: LineStyle = MARKDOWN): string {
	const text = strip(d.text);
	return `Decision: ${text ? `${style.esc(text)}. ` : ''}${decisionTally(d)}`;
}

export function actionLine(a: ActionBlock, style: LineStyle = MARKDOWN): string {
	// With no owners, a dash in the text would read as the end of a list of owners.
	const what = strip(a.what);
	const owners = a.owners.length
		? `${a.owners.map(style.esc).join(', ')} — `
		: /(^|\s)[—–-](\s|$)/.test(what)
			? '— '
			: '';
	const due = a.due ? `, due ${a.due}` : '';
	return `Action${a.done ? ' (done)' : ''}: ${owners}${style.esc(what)}${due}`;
}

/**
 * An event's title or place; one holding an address is escaped fully, `://` too, or the
 * import would take the address for the event's link.
 */
function eventPart(text: string, style: LineStyle): string {
	const value = text.trim();
	return style === MARKDOWN && /https?:\/\/|www\./i.test(value)
		? escapeWithoutAddresses(value)
		: style.esc(value);
}

export function eventLine(e: EventBlock, style: LineStyle = MARKDOWN): string {
	const when = formatWhen(e.date, e.time, '');
	// Written bare at the end of the line, where the importer finds it.
	const link = safeLink(e.link, WEB_SCHEMES);
	const parts = [
		when,
		eventPart(e.title, style),
		eventPart(e.place, style),
		link ? link.replace(/[[\]]/g, percent) : ''
	];
	return `Event: ${parts.filter(Boolean).join(' — ')}`;
}

/** "Speakers: Joy, Sam (point of order), Joy": who spoke on the item, in order. */
export function speakersLine(s: SpeakersBlock, style: LineStyle = MARKDOWN): string {
	const names = style.esc(s.names.trim());
	return names ? `Speakers: ${names}` : 'Speakers:';
}

export function blockLine(b: Block, style: LineStyle = MARKDOWN): string {
	if (b.kind === 'decision') return decisionLine(b, style);
	if (b.kind === 'action') return actionLine(b, style);
	if (b.kind === 'speakers') return speakersLine(b, style);
	return eventLine(b, style);
}

export { PLAIN as PLAIN_LINES };

function itemToMarkdown(item: ExportItem, out: string[]): void {
	const level = Math.min(6, item.depth + 2);
	const label = item.number.split('.').pop()!;
	const marker = item.numbered ? `${label}.` : `${label})`;
	const suffix = item.isPrivate ? ' (not for publication)' : '';
	const title = escapeMarkdown(item.title.trim()) || 'Untitled';
	out.push(`${'#'.repeat(level)} ${headingText(`${marker} ${title}${suffix}`)}`, '');
	const meta: string[] = [];
	if (item.presenter.trim()) meta.push(`Presenter: ${escapeMarkdown(item.presenter.trim())}`);
	if (item.timeBox !== null) meta.push(`Time box: ${plural(item.timeBox, 'minute', 'minutes')}`);
	if (meta.length) out.push(meta.join('\n'), '');
	out.push(...notesToMarkdown(item.notes));
	if (item.blocks.length) out.push(item.blocks.map((b) => blockLine(b)).join('\n'), '');
	for (const child of item.children) itemToMarkdown(child, out);
}

/** The meeting as Markdown in Plenary's dialect; private items left out unless asked for. */
export function meetingToMarkdown(doc: Y.Doc, options: ExportOptions = {}): string {
	const { meeting, items, meetingBlocks } = exportView(doc, options);
	const h = meeting.header;
	const a = meeting.attendance;
	const out: string[] = [
		`# ${headingText(escapeMarkdown(h.title.trim()) || 'Untitled meeting')}`,
		''
	];
	const header: string[] = [];
	const field = (key: string, value: string) => {
		if (value.trim()) header.push(`${key}: ${value.trim()}`);
	};
	if (h.date) field('Date', formatWhen(h.date, h.startTime, h.endTime));
	else field('Time', formatTimeRange(h.startTime, h.endTime));
	field('Venue', escapeMarkdown(h.venue));
	field('Facilitator', a.facilitators.map(escapeMarkdown).join(', '));
	field('Minutes', a.minuteTakers.map(escapeMarkdown).join(', '));
	const present = a.people.filter((p) => p.present).map((p) => escapeMarkdown(p.name));
	const absent = a.people.filter((p) => !p.present).map((p) => escapeMarkdown(p.name));
	if (a.presentCount !== null) {
		field('Present', `${a.presentCount}${present.length ? ` (${present.join(', ')})` : ''}`);
	} else field('Present', present.join(', '));
	field('Absent', absent.join(', '));
	field('Categories', h.categories.map(escapeMarkdown).join(', '));
	field('Written by', escapeMarkdown(h.writtenBy));
	field('Published', formatLongDate(h.publishedOn));
	field('Status', statusWord(meeting.status));
	if (header.length) out.push(header.join('\n'), '');
	if (meetingBlocks.length) out.push(meetingBlocks.map((b) => blockLine(b)).join('\n'), '');
	for (const item of items) itemToMarkdown(item, out);

	const n = meeting.next;
	const next: string[] = [];
	const nextField = (key: string, value: string) => {
		if (value.trim()) next.push(`${key}: ${value.trim()}`);
	};
	if (n.date) nextField('Date', formatWhen(n.date, n.startTime, n.endTime));
	else nextField('Time', formatTimeRange(n.startTime, n.endTime));
	nextField('Venue', escapeMarkdown(strip(n.venue)));
	nextField('Topic', escapeMarkdown(strip(n.topic)));
	nextField('Facilitator', escapeMarkdown(n.facilitator));
	nextField('Minutes', escapeMarkdown(n.minuteTaker));
	const plan = nextPlan(doc);
	if (plan.schedule) {
		nextField('Schedule', scheduleLine(plan.schedule, escapeMarkdown(plan.schedule.venue)));
	}
	nextField('Rota', plan.rota.map(escapeMarkdown).join(', '));
	if (next.length) out.push('## Next meeting', '', next.join('\n'), '');
	// The mark asks an import for the strict reading, which the escapes above are written for.
	out.push('', DIALECT_MARK);
	return (
		out
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trimEnd() + '\n'
	);
}
