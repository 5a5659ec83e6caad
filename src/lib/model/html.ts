/**
 * The meeting as one self-contained HTML page (inline CSS, print styles, no scripts): the
 * export, the print/PDF view and the relay's public page `/p/<group>/<meeting>`. Every text and
 * attribute value is escaped (& < > " '), after export-common.ts has cleaned it; a link is kept
 * only when `safeLink` accepts it (http, https, mailto), else its text is written alone; a
 * bare address in notes, a decision, an action or a comment is linked the same way;
 * attribute values that are not text (datetime, start, lang) are checked before they are
 * written. No id from the document is written.
 */
import * as Y from 'yjs';
import { splitBareLinks } from './bare-links';
import type { Block } from './blocks';
import type { CommentThread } from './comments';
import { cleanText } from './clean-text';
import { formatLongDate, formatTimeRange, formatWhen } from './dates';
import { decisionSentence } from './decision';
import {
	attendanceFields,
	cleanForExport,
	exportView,
	listStart,
	nextMeetingFields,
	plural,
	type ExportItem,
	type ExportOptions
} from './export-common';
import type { NotesBlock, NotesInline } from './notes';
import { safeLink } from './safe-link';
import { statusWord } from './status-words';

/** Which published revision a page shows (the relay's `/p/` pages and revision exports). */
export interface RevisionLine {
	/** The revision shown, 1 or more. */
	revision: number;
	/** The latest published revision; above `revision`, the page says a newer one exists. */
	latest: number;
	/** ISO time the shown revision was published. */
	publishedAt?: string;
	/** Where the latest revision is read: a path on the same site (`/p/…`); no link without it. */
	latestHref?: string;
}

export interface HtmlOptions extends ExportOptions {
	/** The group's name, shown above the title. */
	groupName?: string;
	/** Comments shown under the minutes (the public page passes the `public` threads). */
	comments?: CommentThread[];
	/** Says which revision this is (in place of the "Revision" row), and links to the latest. */
	revision?: RevisionLine;
	lang?: string;
}

/** Escape text for HTML element content and attribute values; control characters removed. */
export function escapeHtml(text: string): string {
	return cleanText(text)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const LANG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A path on the same site, of characters that need no escaping in a URL: `/p/<group>/<id>`. */
const SITE_PATH = /^\/(?!\/)[A-Za-z0-9_\-/]*$/;

const headingLevel = (level: number) => Math.max(1, Math.min(6, Math.trunc(level) || 1));

const CSS = `
:root{color-scheme:light;--ink:#1b1b1f;--muted:#555;--line:#d8d8de;--accent:#2d4fa3}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem;overflow-wrap:break-word}
h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0 1rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem}h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
h4,h5,h6{font-size:1rem;margin:1.2rem 0 .3rem}
.group{color:var(--muted);margin:0;text-transform:uppercase;letter-spacing:.05em;font-size:.85rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 1.5rem}
dl.meta dt{font-weight:600}dl.meta dd{margin:0;min-width:0}
.num{color:var(--muted);margin-right:.35rem}
.item-meta{color:var(--muted);margin:.2rem 0 .6rem}
.item{margin-left:0}.item .item{margin-left:1.2rem}
.decision,.action,.event{border-left:3px solid var(--accent);padding:.3rem .7rem;margin:.6rem 0;background:#f5f7fc}
.label{font-weight:600}
.done{text-decoration:line-through;color:var(--muted)}
.revision{margin:0 0 1.5rem;padding:.5rem .7rem;border:1px solid var(--line);border-radius:4px}
.revision.older{border-color:var(--accent);background:#f5f7fc}
.next,.comments{border-top:1px solid var(--line);margin-top:2.5rem;padding-top:1rem}
.comment{margin:0 0 1rem}.comment .who{font-weight:600}.comment time{color:var(--muted);font-size:.9rem}
a{color:var(--accent);overflow-wrap:anywhere}
@media print{body{font-size:11pt}main{max-width:none;padding:0}a{color:inherit}
.decision,.action,.event,.revision.older{background:none}h2,h3{break-after:avoid}.item{break-inside:avoid-page}}
`;

/** Text escaped, with its bare addresses (bare-links.ts) written as links. */
function textHtml(text: string): string {
	return splitBareLinks(text)
		.map(({ text, href }) =>
			href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text)
		)
		.join('');
}

function inlineHtml(content: NotesInline[]): string {
	return content
		.map((p) => {
			if ('hardBreak' in p) return '<br>';
			const href = p.marks?.link ? safeLink(p.marks.link) : null;
			let html = href || p.marks?.link ? escapeHtml(p.text) : textHtml(p.text);
			if (p.marks?.em) html = `<em>${html}</em>`;
			if (p.marks?.strong) html = `<strong>${html}</strong>`;
			if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
			return html;
		})
		.join('');
}

function notesHtml(blocks: NotesBlock[], headingBase: number): string {
	return blocks
		.map((b) => {
			if (b.type === 'paragraph') return b.content.length ? `<p>${inlineHtml(b.content)}</p>` : '';
			if (b.type === 'heading') {
				const level = headingLevel(headingBase + b.level - 1);
				return `<h${level}>${inlineHtml(b.content)}</h${level}>`;
			}
			const items = b.items.map((item) => `<li>${notesHtml(item, headingBase)}</li>`).join('');
			if (b.type === 'bullet_list') return `<ul>${items}</ul>`;
			const start = listStart(b.order);
			return `<ol${start !== 1 ? ` start="${start}"` : ''}>${items}</ol>`;
		})
		.join('\n');
}

function timeHtml(date: string, time = ''): string {
	const text = formatWhen(date, time, '');
	if (!text) return '';
	const datetime = date && time ? `${date}T${time}` : date || time;
	return `<time datetime="${escapeHtml(datetime)}">${escapeHtml(text)}</time>`;
}

function blockHtml(b: Block, presentCount: number | null): string {
	if (b.kind === 'decision') {
		const sentence = decisionSentence(b, { presentCount });
		return `<p class="decision"><span class="label">Decision:</span> ${textHtml(sentence)}</p>`;
	}
	if (b.kind === 'action') {
		const who = b.owners.length ? ` — ${escapeHtml(b.owners.join(', '))}` : '';
		const due = b.due ? `, due ${timeHtml(b.due)}` : '';
		const what = `<span${b.done ? ' class="done"' : ''}>${textHtml(b.what)}</span>`;
		return `<p class="action"><span class="label">Action${b.done ? ' (done)' : ''}:</span> ${what}${who}${due}</p>`;
	}
	if (b.kind === 'speakers') {
		return `<p class="speakers"><span class="label">Speakers:</span> ${escapeHtml(b.names.trim())}</p>`;
	}
	const href = safeLink(b.link);
	const title = href
		? `<a href="${escapeHtml(href)}">${escapeHtml(b.title || href)}</a>`
		: escapeHtml(b.title);
	const parts = [timeHtml(b.date, b.time), title, escapeHtml(b.place)].filter(Boolean);
	return `<p class="event"><span class="label">Event:</span> ${parts.join(' — ')}</p>`;
}

function itemHtml(item: ExportItem, presentCount: number | null): string {
	const level = Math.min(6, item.depth + 2);
	const label = !item.numbered
		? `${item.number})`
		: item.depth === 0
			? `${item.number}.`
			: item.number;
	const meta = [
		item.presenter ? `Presenter: ${escapeHtml(item.presenter)}` : '',
		item.timeBox !== null ? plural(item.timeBox, 'minute', 'minutes') : '',
		item.isPrivate ? 'Not for publication' : ''
	].filter(Boolean);
	return [
		`<section class="item">`,
		`<h${level}><span class="num">${escapeHtml(label)}</span> ${escapeHtml(item.title || 'Untitled')}</h${level}>`,
		meta.length ? `<p class="item-meta">${meta.join(' · ')}</p>` : '',
		notesHtml(item.notes, Math.min(6, level + 1)),
		...item.blocks.map((b) => blockHtml(b, presentCount)),
		...item.children.map((c) => itemHtml(c, presentCount)),
		`</section>`
	]
		.filter(Boolean)
		.join('\n');
}

/** "Revision 2, published Tuesday 8 December 2026 (the latest)." and, if older, a link on. */
function revisionHtml(line: RevisionLine): string {
	const revision = line.revision;
	const latest = Number.isSafeInteger(line.latest) ? Math.max(revision, line.latest) : revision;
	const at = line.publishedAt && ISO_TIME.test(line.publishedAt) ? line.publishedAt : '';
	const date = at ? formatLongDate(at.slice(0, 10)) : '';
	const published = date
		? `, published <time datetime="${escapeHtml(at)}">${escapeHtml(date)}</time>`
		: '';
	if (latest === revision) {
		return `<p class="revision">Revision ${revision}${published} (the latest).</p>`;
	}
	const href = line.latestHref && SITE_PATH.test(line.latestHref) ? line.latestHref : null;
	const newer = href
		? `<a href="${escapeHtml(href)}">Read the latest revision (${latest})</a>.`
		: `The latest is revision ${latest}.`;
	return `<p class="revision older">Revision ${revision} of ${latest}${published}. A newer revision exists. ${newer}</p>`;
}

/** A complete HTML page of the minutes; private items left out unless asked for. */
export function meetingToHtml(doc: Y.Doc, options: HtmlOptions = {}): string {
	const { meeting, items, meetingBlocks } = exportView(doc, options);
	const h = meeting.header;
	const a = meeting.attendance;
	const present = a.effectivePresentCount;
	const rows: [string, string][] = [];
	const row = (key: string, value: string) => {
		if (value.trim()) rows.push([key, value]);
	};
	row('Date', formatLongDate(h.date));
	row('Time', formatTimeRange(h.startTime, h.endTime));
	row('Venue', h.venue);
	row('Status', statusWord(meeting.status));
	for (const [label, value] of attendanceFields(a)) row(label, value);
	row('Written by', h.writtenBy);
	row('Published on', formatLongDate(h.publishedOn));
	row('Categories', h.categories.join(', '));
	if (meeting.revision > 1 && !options.revision) row('Revision', String(meeting.revision));

	const nextRows = nextMeetingFields(meeting.next);
	const dl = (list: [string, string][]) =>
		`<dl class="meta">${list.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;

	const comments = cleanForExport(options.comments ?? []).filter((t) => t.messages.length);
	const commentsHtml = comments.length
		? [
				`<section class="comments" aria-labelledby="comments-title">`,
				`<h2 id="comments-title">Comments</h2>`,
				...comments.flatMap((t) =>
					t.messages.map(
						(m) =>
							`<article class="comment"><p><span class="who">${escapeHtml(m.author || 'Anonymous')}</span> ${
								ISO_TIME.test(m.time)
									? `<time datetime="${escapeHtml(m.time)}">${escapeHtml(m.time.slice(0, 10))}</time>`
									: ''
							}</p><p>${m.text.split('\n').map(textHtml).join('<br>')}</p></article>`
					)
				),
				`</section>`
			].join('\n')
		: '';

	const title = h.title.trim() || 'Untitled meeting';
	return [
		'<!doctype html>',
		`<html lang="${LANG.test(options.lang ?? '') ? options.lang : 'en'}">`,
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${escapeHtml(title)}</title>`,
		`<style>${CSS}</style>`,
		'</head>',
		'<body>',
		'<main>',
		'<article>',
		'<header>',
		options.groupName ? `<p class="group">${escapeHtml(options.groupName)}</p>` : '',
		`<h1>${escapeHtml(title)}</h1>`,
		rows.length ? dl(rows) : '',
		options.revision &&
		Number.isSafeInteger(options.revision.revision) &&
		options.revision.revision >= 1
			? revisionHtml(options.revision)
			: '',
		'</header>',
		...meetingBlocks.map((b) => blockHtml(b, present)),
		...items.map((item) => itemHtml(item, present)),
		nextRows.length ? `<section class="next"><h2>Next meeting</h2>${dl(nextRows)}</section>` : '',
		'</article>',
		commentsHtml,
		'</main>',
		'</body>',
		'</html>',
		''
	]
		.filter((l) => l !== '')
		.join('\n');
}
