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
 *
 *   ## Next meeting
 *
 *   Date: …   Venue: …   Topic: …   Facilitator: …   Minutes: …
 *
 * No value leaves its line or makes structure: every value is on one line (line breaks become
 * spaces), Markdown's syntax characters are backslash-escaped, a line that would start a
 * heading, quote, list, setext underline or key is escaped at its start (also after a hard
 * break), raw HTML cannot open (`<` is escaped), and a link is written as a link only when
 * `safeLink` accepts it (http, https, mailto), its destination percent-encoded where Markdown
 * would end it; an unsafe link is written as its text alone, an unsafe event link not at all.
 */
import * as Y from 'yjs';
import { splitBareLinks } from './bare-links';
import type { ActionBlock, Block, DecisionBlock, EventBlock } from './blocks';
import { oneLine } from './clean-text';
import { formatLongDate, formatTimeRange, formatWhen, parseDateAt } from './dates';
import {
	exportView,
	listStart,
	plural,
	type ExportItem,
	type ExportOptions
} from './export-common';
import type { NotesBlock, NotesInline } from './notes';
import { safeLink, WEB_SCHEMES } from './safe-link';
import { statusWord } from './status-words';

/** Backslash-escape what Markdown (and this dialect) would read as syntax, on one line. */
export function escapeMarkdown(text: string): string {
	const parts = oneLine(text).replace(/\s+/g, ' ').split(BARE_URL);
	return parts
		.map((part, i) =>
			i % 2 && !/[[\]\\`]/.test(part) && endsAutolink(part, parts[i + 1] ?? '')
				? part
				: escapePart(part)
		)
		.join('');
}

/**
 * Whether a renderer's autolink (GFM's, which runs to the next space or `<`) would end where
 * the bare URL does: else it would swallow the escaped text after it, backslashes and all, and
 * an escaped `\<img` there would open raw HTML.
 */
function endsAutolink(url: string, after: string): boolean {
	// GFM leaves out trailing punctuation, and a `)` that no `(` in the address opened.
	return (
		/^[?!.,:]*(\s|$)/.test(after) || (hasBalancedParens(url) && /^[?!.,:)]*(\s|$)/.test(after))
	);
}

const BARE_URL = /((?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,:;"')\]*_~!?])/;

// A bare URL stays as it is, so that Markdown reads it back as the same text; one holding a
// bracket, backslash or backtick could end a link or open a code span, and one with text right
// after it would run into that text as an autolink, so such a one is escaped like
// any text, with its `://` or `www.` escaped too, so that no renderer takes it for an autolink.
// Inside a link's text (`isLinkText`) no autolink can start, so an address there keeps its
// `://` and `www.` as written.
function escapePart(text: string, isLinkText = false): string {
	const escaped = text
		.replace(/([\\`*_[\]<>~#|])/g, '\\$1')
		.replace(/!(?=\\\[)/g, '\\!')
		// marked would not end a link's text at `\](`; `\]\(` reads back the same everywhere.
		.replace(/\\\]\(/g, '\\]\\(')
		.replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
	if (isLinkText) return escaped;
	return escaped.replace(/\b(https?):(?=\/\/)/gi, '$1\\:').replace(/\b(www)\./gi, '$1\\.');
}

/** A link's text, escaped on one line. */
function escapeLinkText(text: string): string {
	return escapePart(oneLine(text).replace(/\s+/g, ' '), true);
}

const percent = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** Whether every `)` closes an earlier `(`, as CommonMark needs to keep them in a destination. */
function hasBalancedParens(href: string): boolean {
	let depth = 0;
	for (const c of href) {
		if (c === '(') depth++;
		else if (c === ')' && --depth < 0) return false;
	}
	return depth === 0;
}

/**
 * A safe link as a Markdown destination that ends where it should: brackets always, and
 * parentheses unless they balance (as in `…/Rent_(strike)`), percent-encoded.
 */
function linkDestination(href: string): string {
	const special = hasBalancedParens(href) ? /[[\]<>\\`]/g : /[()[\]<>\\`]/g;
	return href.replace(special, percent);
}

const entity = (ch: string) => `&#${ch.codePointAt(0)};`;

/** Escape the start of a line that the importer would take for structure. */
function escapeLineStart(line: string): string {
	const escaped = line
		.replace(/^(\s*)([#>+=-])/, '$1\\$2')
		.replace(/^(\s*)(\d+|[a-zA-Z]{1,4})([.)])(\s|$)/, '$1$2\\$3$4')
		.replace(/^(\s*(?:\*\*|__|\*|_)?[A-Za-z][A-Za-z ()-]{0,30}(?:\*\*|__|\*|_)?):/, '$1\\:')
		.replace(/^(\s*\d+\s+for\s*),/i, '$1\\,');
	// A tally or a date at the start (a decision, an event) cannot be backslash-escaped: its
	// first character is written as a character reference instead.
	if (/^\s*agreed by consensus/i.test(escaped) || parseDateAt(escaped.trim())) {
		return escaped.replace(/^(\s*)(\S)/, (_m, space: string, ch: string) => space + entity(ch));
	}
	return escaped;
}

/**
 * An address found in plain text (bare-links.ts) as a link: an autolink `<…>` when it is its
 * own href and nothing in it reads differently there (a bracket, a character reference), else
 * `[text](href)`. Never escaped into `http\://`, which a renderer would show but not link.
 */
function bareLinkMarkdown(text: string, href: string): string {
	if (text === href && !/[[\]]|&#?[a-z0-9]+;/i.test(href)) return `<${href}>`;
	return `[${escapeLinkText(text)}](${linkDestination(href)})`;
}

/** Plain text with its bare addresses written as links. */
function withBareLinks(text: string): string {
	return splitBareLinks(text)
		.map(({ text, href }) => (href ? bareLinkMarkdown(text, href) : escapeMarkdown(text)))
		.join('');
}

function inline(content: NotesInline[]): string {
	return content
		.map((part) => {
			if ('hardBreak' in part) return '\\\n';
			const text = oneLine(part.text).replace(/\s/g, ' ');
			const lead = /^\s*/.exec(text)![0];
			const trail = /\s*$/.exec(text.slice(lead.length))![0];
			const bare = text.slice(lead.length, text.length - trail.length);
			const link = part.marks?.link ? safeLink(part.marks.link) : null;
			// A run with an unsafe link is its text alone, and none of it becomes a link.
			let core = link
				? escapeLinkText(bare)
				: part.marks?.link
					? escapeMarkdown(bare)
					: withBareLinks(bare);
			if (!core) return text;
			if (part.marks?.em) core = `_${core}_`;
			if (part.marks?.strong) core = `**${core}**`;
			if (link) {
				const href = linkDestination(link);
				core =
					bare === link && !part.marks?.em && !part.marks?.strong && /^https?:\/\//i.test(href)
						? `<${href}>`
						: `[${core}](${href})`;
			}
			return lead + core + trail;
		})
		.join('');
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
			let text = inline(block.content).trim();
			if (!text) continue;
			// Headings are the agenda's structure in this dialect: a heading in notes is bold.
			if (block.type === 'heading') text = `**${text}**`;
			// Each line after a hard break starts a line too.
			out.push(indent + text.split('\\\n').map(escapeLineStart).join(`\\\n${indent}`), '');
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

export function eventLine(e: EventBlock, style: LineStyle = MARKDOWN): string {
	const when = formatWhen(e.date, e.time, '');
	// Written bare at the end of the line, where the importer finds it.
	const link = safeLink(e.link, WEB_SCHEMES);
	const parts = [
		when,
		style.esc(e.title.trim()),
		style.esc(e.place.trim()),
		link ? link.replace(/[[\]]/g, percent) : ''
	];
	return `Event: ${parts.filter(Boolean).join(' — ')}`;
}

export function blockLine(b: Block, style: LineStyle = MARKDOWN): string {
	if (b.kind === 'decision') return decisionLine(b, style);
	if (b.kind === 'action') return actionLine(b, style);
	return eventLine(b, style);
}

export { PLAIN as PLAIN_LINES };

function itemToMarkdown(item: ExportItem, out: string[]): void {
	const level = Math.min(6, item.depth + 2);
	const label = item.number.split('.').pop()!;
	const marker = item.numbered ? `${label}.` : `${label})`;
	const suffix = item.isPrivate ? ' (not for publication)' : '';
	out.push(
		`${'#'.repeat(level)} ${marker} ${escapeMarkdown(item.title.trim()) || 'Untitled'}${suffix}`,
		''
	);
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
	const out: string[] = [`# ${escapeMarkdown(h.title.trim()) || 'Untitled meeting'}`, ''];
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
	if (next.length) out.push('## Next meeting', '', next.join('\n'), '');
	return (
		out
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trimEnd() + '\n'
	);
}
