/**
 * The text after "Decision:", "Action:" or "Event:" as a draft block: the tally and outcome of
 * a decision, the owners and due date of an action, the date, place and link of an event.
 */
import { parseDate, parseWhen } from '../dates';
import type { DraftAction, DraftDecision, DraftEvent } from './draft';
import { plain, stripEnd } from './tokens';

/** Where a decision's text ends and how it was taken begins. */
export const TALLY =
	/\b(agreed by consensus|by consensus|no consensus|agreed unanimously|unanimously agreed|\d+\s+for\s*,\s*\d+\s+against|vote\s*(?:\(|\.|$))/i;

export function parseDecision(text: string, vote: boolean): DraftDecision {
	const d: DraftDecision = {
		kind: 'decision',
		text: '',
		method: vote ? 'vote' : 'consensus',
		votesFor: null,
		votesAgainst: null,
		abstentions: null,
		presentCount: null,
		outcome: null
	};
	const m = TALLY.exec(text);
	const tail = m ? text.slice(m.index) : '';
	d.text = plain(stripEnd(m ? text.slice(0, m.index) : text));
	const counts = /(\d+)\s+for\s*,\s*(\d+)\s+against(?:\s*,\s*(\d+)\s+abstentions?)?/i.exec(tail);
	if (counts) {
		d.method = 'vote';
		d.votesFor = Number(counts[1]);
		d.votesAgainst = Number(counts[2]);
		d.abstentions = counts[3] !== undefined ? Number(counts[3]) : null;
	} else if (/^vote/i.test(tail)) d.method = 'vote';
	const present = /\((\d+)\s+(?:present|members present|people present)\)/i.exec(tail);
	if (present) d.presentCount = Number(present[1]);
	if (/no consensus/i.test(tail)) d.outcome = 'defeated';
	const word = /\b(carried|defeated|deferred|withdrawn|rejected|not carried|lost)\b\.?\s*$/i.exec(
		tail
	);
	if (word) {
		const w = word[1].toLowerCase();
		d.outcome = w === 'carried' || w === 'deferred' || w === 'withdrawn' ? w : 'defeated';
	}
	return d;
}

const URL_RE = /<?(https?:\/\/[^\s<>]+[^\s<>.,;:!?)])>?/i;

/** An event's parts split at dashes; null without a title or a date. */
export function parseEventText(markdown: string): DraftEvent | null {
	// [title](url) and <url> as "title url" and "url", so the link is found like a bare one.
	const text = markdown
		.replace(/\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g, (_m, t: string, u: string) =>
			t === u ? u : `${t} ${u}`
		)
		.replace(/<(https?:\/\/[^>\s]+)>/g, '$1');
	const parts = text.split(/\s+[—–]\s+|\s+-\s+/).map((p) => p.trim());
	const e: DraftEvent = { kind: 'event', title: '', date: '', time: '', place: '', link: '' };
	const when = parseWhen(parts[0].replace(/[()]/g, ' ').replace(/\s+/g, ' '));
	if ((when.date || when.start) && !when.rest) {
		e.date = when.date;
		e.time = when.start;
		parts.shift();
	}
	// Plenary writes the link last, on its own; free text has it anywhere ("details: <url>").
	const last = parts.length > 1 ? /^<?(https?:\/\/\S+?)>?$/.exec(parts[parts.length - 1]) : null;
	if (last) {
		e.link = last[1];
		parts.pop();
	}
	const rest: string[] = [];
	for (const part of parts) {
		const url = URL_RE.exec(part);
		if (url && !e.link) {
			e.link = url[1];
			const before = part
				.slice(0, url.index)
				.replace(/[\s,;:]*(details|more|info|link|see)?[\s,;:]*$/i, '');
			if (before.trim()) rest.push(before);
		} else rest.push(part);
	}
	e.title = plain(stripEnd(rest[0] ?? ''));
	e.place = plain(stripEnd(rest.slice(1).join(' — ')));
	return e.title || e.date ? e : null;
}

export function parseAction(text: string, done: boolean): DraftAction {
	let rest = text.trim();
	let due = '';
	const dueMatch = /[,;(]?\s*\bdue(?:\s+(?:by|on))?\s*:?\s+([^,;()]+?)\)?\s*\.?$/i.exec(rest);
	if (dueMatch) {
		due = parseDate(dueMatch[1].trim());
		if (due) rest = rest.slice(0, dueMatch.index);
	}
	let owners: string[] = [];
	// Owners end at the first dash: an em or en dash, else a spaced hyphen.
	const dash = /(?:^|\s+)[—–]\s+/.exec(rest) ?? /\s+-\s+/.exec(rest);
	if (dash) {
		owners = rest
			.slice(0, dash.index)
			.split(/\s*,\s*|\s+(?:&|and)\s+/)
			.map(plain)
			.filter(Boolean);
		rest = rest.slice(dash.index + dash[0].length);
	}
	return { kind: 'action', what: plain(stripEnd(rest)), owners, due, done };
}
