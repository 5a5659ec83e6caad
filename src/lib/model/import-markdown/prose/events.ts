/**
 * Events in the free reading: a line that leads with a date (and perhaps a time) and names
 * what happens after a dash or colon ("Sat 4 April, 2pm: Citywide housing demo, meet at the
 * fountain"), or names it first and ends with the date ("Summer camp — 2 - 6 May 2022").
 * A date that merely sits in a sentence ("The landlord replied on 2 March …") is not an event,
 * nor is a date before the meeting's (see docs/markdown.md, "Free reading").
 */
import type { ImportNotice, ReadContext } from '../context';
import type { DraftEvent } from '../draft';
import { plain, stripEnd } from '../tokens';
import { findWhen, type When } from './when';

/** An event read from a line (a `BlockFinding` of index.ts, which imports this module). */
interface EventFinding {
	block: DraftEvent;
	keepWords: boolean;
}

const DAY_MS = 86_400_000;
/** A date without a year this close before the meeting is past; further back, next year's. */
const PAST_WINDOW_DAYS = 62;

/** The dash or colon between the date and what happens. */
const LEADING_SEP = /^\s*(?:[—–]|-(?=\s)|:)\s*/;
/** The dash, colon or comma between what happens and its date ("Benefit gig, Friday 31 March"). */
const TRAILING_SEP = /\s*(?:[—–,]|\s-|:)\s*$/;
const URL = /\(?<?(https?:\/\/[^\s<>]*[^\s<>.,;:!?)'"])>?\)?/i;
const LINK_LABEL =
	/[\s,;:(–—-]*\b(?:(?:details|more(?: info)?|info|link|see|tickets|register)(?:\s+(?:at|here|on))?)?\s*[:\s]*$/i;
/** Words of a link's label that say something ("Tickets at"), unlike "details:" or "see". */
const LABEL_CONTENT = /\b(?!(?:details|more|info|link|see|at|here|on)\b)\p{L}/iu;
/** The next meeting is read as such, not as an event. */
const NEXT_MEETING =
	/\b(?:next|nxt)\s+(?:\w+\s+)?(?:meeting|mtg|check-in)\b|\bmeet(?:s|ing)?\s+again\b/i;
const KEY_WORD =
	/\b(?:date|when|time|deadline|due|held|meeting|minutes|published|updated|event)\s*$/i;
/** Plenary writes an event's parts between dashes: a dash inside one would split it. */
const noDashes = (text: string) => text.replace(/\s+[—–-]\s+/g, ', ');
/** A sentence telling what happened, not what is coming. */
const PAST =
	/\b(?:was|were|had|did|replied|wrote|said|sent|met|agreed|decided|discussed|reported|happened)\b/i;
/** Sentences of a line ("… a stall. Hannah will …"). */
const SENTENCE_END = /(?<=[^\s.][.!?])\s+(?=[A-Z("'‘“])/;
/**
 * Where the place starts: "meet at the fountain", "venue: …", or "at"/"@" and a name ("at The
 * Crown", "@ Alder Court"); "Stall at the Saturday market" stays whole.
 */
const PLACE =
	/(?:,\s*|\s+)(?:(?:meet(?:ing)?\s+(?:at|in|by)|venue:?)\s+([^,;]+)|(?:at|@)\s+([A-Z0-9][^,;]*))$/;
const PLACE_WORDS = /^(?:meet(?:ing)?\s+)?(?:at|in|by|@)\s+/i;

function days(from: string, to: string): number {
	return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
}

/** The date as an event's: a yearless date far enough before the meeting is next year's. */
function eventWhen(line: string, context: ReadContext): When | null {
	const when = findWhen(line, context);
	if (!when || !context.meetingDate || !when.date || when.isYearWritten) return when;
	if (when.date >= context.meetingDate) return when;
	if (days(when.date, context.meetingDate) <= PAST_WINDOW_DAYS) return when;
	// Noted once already by the reading above.
	return findWhen(line, { ...context, notices: [] }, { notBefore: true });
}

/**
 * The link in `text` and the text without it (nor its "details:" label); `isLabelDropped` when
 * the label had words ("Tickets at"), which the block then cannot hold.
 */
function takeLink(text: string): { rest: string; link: string; isLabelDropped: boolean } {
	const markdown = /\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/.exec(text);
	if (markdown) {
		const label = markdown[1] === markdown[2] ? '' : markdown[1];
		return { rest: text.replace(markdown[0], label), link: markdown[2], isLabelDropped: false };
	}
	const m = URL.exec(text);
	if (!m) return { rest: text, link: '', isLabelDropped: false };
	const head = text.slice(0, m.index);
	const before = head.replace(LINK_LABEL, '');
	const after = text.slice(m.index + m[0].length);
	const isLabelDropped = LABEL_CONTENT.test(head.slice(before.length));
	return { rest: `${before}${after}`.trim(), link: m[1], isLabelDropped };
}

/** A time written apart from the date, and the words without it. */
interface ApartTime {
	start: string;
	end: string;
	rest: string;
}

/**
 * A time written apart from the date ("Saturday 25 March (2pm), …", "from 8pm, The Grapes",
 * "meet at the station 10.30am"), or null.
 */
function takeTime(words: string, context: ReadContext): ApartTime | null {
	const later = findWhen(words, { ...context, notices: [] });
	if (!later || later.date || later.yearless || !later.start) return null;
	const before = later.before.replace(/[\s,;]*(?:\b(?:from|at)\s*|@\s*)?\(?\s*$/i, '');
	const after = later.after.replace(/^\s*\)/, '');
	const spaced = before && after.trim() && !/^\s*[,;]/.test(after) && !/^\s/.test(after);
	const rest = spaced ? `${before} ${after}` : `${before}${after}`;
	return { start: later.start, end: later.end, rest };
}

/** "Citywide housing demo, meet at the fountain" as its title and place. */
function titleAndPlace(text: string): {
	title: string;
	place: string;
	isWhole: boolean;
} {
	// The first sentence is the title; any more stay in the notes.
	const sentence = /^(.*?[^.\s][.!?])\s+(?=[A-Z])/.exec(text);
	const first = sentence ? sentence[1] : text;
	const parts = first.split(/\s+[—–]\s+|\s+-\s+/);
	let title = parts[0];
	let place = parts.slice(1).join(', ');
	if (!place) {
		const p = PLACE.exec(title);
		if (p) {
			place = p[1] ?? p[2];
			title = title.slice(0, p.index);
		}
	}
	place = place.replace(PLACE_WORDS, '');
	title = stripEnd(title).replace(/[,;:]+$/, '');
	return {
		title: noDashes(title.charAt(0).toUpperCase() + title.slice(1)),
		place: noDashes(stripEnd(place)),
		isWhole: !sentence
	};
}

/** The words of an event line besides its date and times. */
interface EventWords {
	words: string;
	start: string;
	end: string;
}

/**
 * What is left of the line besides the date: leading or trailing, or null (no event shape); a
 * time written apart from the date is taken out of the words.
 */
function eventWords(when: When, context: ReadContext): EventWords | null {
	const before = when.before.replace(/^\s*(?:on\s+)?/i, '');
	const { start, end } = when;
	if (!before.trim()) {
		const sep = LEADING_SEP.exec(when.after);
		if (!sep) return null;
		const words = when.after.slice(sep[0].length);
		const time = start ? null : takeTime(words, context);
		return time ? { words: time.rest, start: time.start, end: time.end } : { words, start, end };
	}
	const sep = TRAILING_SEP.exec(when.before);
	const title = sep ? when.before.slice(0, sep.index) : '';
	if (!title.trim() || title.length > 120 || /[.!?]\s/.test(title)) return null;
	// "Date: …", "Deadline – …": a key, not what happens.
	if (KEY_WORD.test(title) || title.includes(':')) return null;
	// "Saturday 25 March (2pm), Cooper Street", "1 Jan, meet 10.30am at the station".
	const time = start ? null : takeTime(when.after, context);
	const rest = time ? time.rest : when.after;
	const after = rest.replace(/^\s*[,;:–—-]?\s*/, '');
	if (after && !/^(?:[,;:–—-]|@|(?:at|in)\s)/i.test(rest.trimStart())) return null;
	return {
		words: [title, after].filter(Boolean).join(' — '),
		start: time ? time.start : start,
		end: time ? time.end : end
	};
}

/**
 * Is it a date an event may have: after the meeting's? Before it, it is past; on its day it is
 * most likely the meeting's own date line.
 */
function isAhead(when: When | null, context: ReadContext): when is When {
	if (!when || (!when.date && !when.yearless)) return false;
	return !context.meetingDate || !when.date || when.date > context.meetingDate;
}

/**
 * The one link of a line's other sentences ("… on the back field. Volunteer sign-up: <link>"):
 * beside an event it is the event's. With more than one, none is taken.
 */
function onlyLink(sentences: string[]): string {
	const links = sentences.flatMap((s) => s.match(/https?:\/\/\S/gi) ?? []);
	return links.length === 1 ? sentences.map((s) => takeLink(s).link).find(Boolean)! : '';
}

/**
 * A sentence about what is coming, holding a date after the meeting's ("The skip is booked
 * for 3/4", "It's on Saturday 22 June at Gorse Hill Park, 11am to 4pm"): the sentence is the
 * title. Only once the meeting's date is known, so a past date is never taken for one.
 */
function sentenceEvent(line: string, context: ReadContext): EventFinding | null {
	if (!context.meetingDate) return null;
	const sentences = line.split(SENTENCE_END);
	for (const sentence of sentences) {
		if (NEXT_MEETING.test(sentence) || PAST.test(sentence)) continue;
		const when = eventWhen(sentence, context);
		if (!isAhead(when, context) || !when.date) continue;
		if (KEY_WORD.test(when.before.replace(TRAILING_SEP, ''))) continue;
		let time = when.start;
		let endTime = when.end;
		if (!time) {
			// A time later in the sentence: "on Saturday 22 June at the park, 11am to 4pm".
			const later = findWhen(when.after, { ...context, notices: [] });
			if (later && !later.date && later.start) [time, endTime] = [later.start, later.end];
		}
		const { rest, link } = takeLink(sentence);
		const title = noDashes(stripEnd(plain(rest)));
		if (!title) continue;
		const block: DraftEvent = {
			kind: 'event',
			title,
			date: when.date,
			time,
			place: '',
			link: link || onlyLink(sentences)
		};
		const keepWords = sentences.length > 1 || Boolean(when.endDate || endTime || link);
		return { block, keepWords };
	}
	return null;
}

/** An event a line of free text announces, or null. */
export function eventLine(line: string, context: ReadContext): EventFinding | null {
	const notices: ImportNotice[] = [];
	const found = readEvent(line, { ...context, notices });
	for (const n of notices) {
		if (!context.notices.some((o) => o.text === n.text && o.read === n.read)) {
			context.notices.push(n);
		}
	}
	// A date that could be read two ways: the words as written stay in their place beside the
	// block the preview flags, so the reader can check the date read.
	return found && notices.length ? { ...found, keepWords: true } : found;
}

function readEvent(line: string, context: ReadContext): EventFinding | null {
	const when = eventWhen(line, context);
	if (!isAhead(when, context)) return null;
	const shape = NEXT_MEETING.test(line) ? null : eventWords(when, context);
	if (!shape) return sentenceEvent(line, context);
	const { start, end } = shape;
	const { rest, link, isLabelDropped } = takeLink(shape.words);
	const { title, place, isWhole } = titleAndPlace(plain(rest));
	if (!title) return null;
	const block: DraftEvent = {
		kind: 'event',
		title,
		date: when.date,
		time: start,
		place,
		link
	};
	// The block has no end date or end time, nor a date without a year, nor room for a label.
	const keepWords = Boolean(!isWhole || when.endDate || end || !when.date || isLabelDropped);
	return { block, keepWords };
}
