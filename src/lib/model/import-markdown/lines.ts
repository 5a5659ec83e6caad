/**
 * What one line of minutes is: a header key ("Date: …"), a block ("Decision: …"), an item's
 * presenter or time box, an outline label ("a.", "i."). Pure functions of the line; where the
 * line goes is the builder's business.
 */
import { parseDateAt } from '../dates';
import { parseAction, parseDecision, parseEventText, TALLY } from './block-text';
import type { DraftBlock, DraftEvent, DraftItem } from './draft';
import { plain } from './tokens';

const HEADER_KEYS: Record<string, string> = {
	date: 'date',
	when: 'date',
	time: 'time',
	venue: 'venue',
	place: 'venue',
	location: 'venue',
	where: 'venue',
	facilitator: 'facilitator',
	facilitation: 'facilitator',
	chair: 'facilitator',
	minutes: 'minutes',
	'minute taker': 'minutes',
	'minute-taker': 'minutes',
	'minutes by': 'minutes',
	'minutes taken by': 'minutes',
	'note taker': 'minutes',
	secretary: 'minutes',
	present: 'present',
	attendance: 'present',
	attendees: 'present',
	absent: 'absent',
	apologies: 'absent',
	categories: 'categories',
	category: 'categories',
	tags: 'categories',
	'written by': 'writtenBy',
	author: 'writtenBy',
	published: 'publishedOn',
	'published on': 'publishedOn',
	topic: 'topic',
	schedule: 'schedule',
	meets: 'schedule',
	'meeting schedule': 'schedule',
	'regular meetings': 'schedule',
	rota: 'rota',
	rotation: 'rota',
	'facilitation rota': 'rota',
	// Read so that it is not taken for notes; an imported meeting always starts as a draft.
	status: 'status'
};

/** "**Decision:** …" and "__Date__: …" read as "Decision: …" and "Date: …". */
function unbold(line: string): string {
	return line.replace(/^(\s*)(\*\*|__|\*|_)([A-Za-z][A-Za-z ()-]{0,30}:?)\2(?=\s*:?\s)/, '$1$3');
}

/** A header or next-meeting line, its key made canonical ("Chair" → "facilitator"). */
export function keyLine(raw: string): { key: string; value: string } | null {
	const line = unbold(raw);
	const m = /^\s*([A-Za-z][A-Za-z -]{0,24}?)\s*:\s*(.*)$/.exec(line);
	if (!m) return null;
	const key = HEADER_KEYS[m[1].toLowerCase()];
	return key ? { key, value: m[2].trim() } : null;
}

/**
 * A line that is a block: "Decision: …", "Action: …", "Event: …", "Speakers: …", "Vote on …: …"; with
 * `isFree` (minutes people wrote) also a tally or "Agreed by consensus" at its start.
 */
export function blockLine(line: string, isFree = true): DraftBlock | null {
	const t = unbold(line).trim();
	let m = /^decision\s*:\s*(.*)$/i.exec(t);
	if (m) return parseDecision(m[1], false);
	m = /^(?:action|todo|to do)(\s*\((?:done|completed)\)|\s*\[x\])?\s*:\s*(.*)$/i.exec(t);
	if (m) return parseAction(m[2], Boolean(m[1]));
	m = /^(?:event|announcement)\s*:\s*(.*)$/i.exec(t);
	if (m) return parseEventText(m[1]);
	m = /^speakers\s*:\s*(.*)$/i.exec(t);
	if (m) return { kind: 'speakers', names: plain(m[1]) };
	m = /^vote\s+(?:on\s+)?([^:\\]+?)\s*:\s*(.*)$/i.exec(t);
	if (m && TALLY.test(m[2])) return parseDecision(`${m[1]}. ${m[2]}`, true);
	if (!isFree) return null;
	if (/^\d+\s+for\s*,\s*\d+\s+against/i.test(t) || /^agreed by consensus/i.test(t)) {
		return parseDecision(t, false);
	}
	return null;
}

/**
 * Whether the strict (dialect) reading takes a notes line for one of its keyed lines: a block,
 * or an item's presenter or time box. The export escapes such a line's colon.
 */
export function isDialectKeyLine(line: string): boolean {
	if (blockLine(line, false)) return true;
	const meta = itemMetaLine(line);
	return meta !== null && ('presenter' in meta || meta.timeBox !== null);
}

/** A list item that reads as an event: "21 March 2026 (11am) — Stall at the market". */
export function eventListItem(text: string): DraftEvent | null {
	const found = parseDateAt(text);
	if (!found) return null;
	if (
		!/^\s*(\([^)]*\)|,?\s*[\d:.apm\s–-]+)?\s*[—–]\s/i.test(text.slice(found.length)) &&
		!/\s[—–]\s/.test(text)
	) {
		return null;
	}
	return parseEventText(text);
}

/**
 * "Presenter: Joy" or "Time box: 20 minutes" under an item; a time box that does not read as
 * one is null, and the line stays text.
 */
export function itemMetaLine(
	line: string
): { presenter: string } | { timeBox: number | null } | null {
	const m = /^\s*(presenter|presented by|speaker|time ?box|duration)\s*:\s*(.*)$/i.exec(
		unbold(line)
	);
	if (!m) return null;
	if (/^(presenter|presented by|speaker)$/i.test(m[1])) return { presenter: plain(m[2]) };
	const minutes = /^(\d{1,4})\s*(?:min(?:ute)?s?|m|')?\.?$/i.exec(m[2].trim());
	const hours = /^(\d{1,2})\s*(?:h|hours?)\.?$/i.exec(m[2].trim());
	if (minutes) return { timeBox: Number(minutes[1]) };
	if (hours) return { timeBox: Number(hours[1]) * 60 };
	return { timeBox: null };
}

/** Words in either case at their start, as a sentence or a title writes them. */
const TALK = `(?:${[
	'talk',
	'presentation',
	'session',
	'introduction',
	'intro',
	'workshop',
	'training',
	'briefing',
	'report',
	'update',
	'discussion',
	'run-through',
	'demo',
	'demonstration',
	'overview'
]
	.map((w) => `[${w[0].toUpperCase()}${w[0]}]${w.slice(1)}`)
	.join('|')}|Q&A)`;
const LENGTH =
	"([Aa]n?\\s+hour|[Hh]alf\\s+an\\s+hour|(?:\\d{1,3}(?:\\.5)?|[Aa]n?)[- ]?(?:min(?:ute)?s?|hours?|hr?s?)|\\d{1,3}')";
const PERSON = "([A-Z][\\w'’-]*(?:\\s+(?:[A-Z][\\w'’-]*|de|van|von|da|di|le|la)){0,3})";

/** Minutes in "20 minute", "1 hour", "an hour", "1.5 hrs", "half an hour", "20'". */
function lengthMinutes(text: string): number | null {
	const t = text.toLowerCase().replace(/-/g, ' ');
	if (/^half/.test(t)) return 30;
	const m = /^(\d{1,3}(?:\.5)?|an?)\s*('|min|hour|hr|h)/.exec(t);
	if (!m) return null;
	const n = /^an?$/.test(m[1]) ? 1 : Number(m[1]);
	const minutes = m[2] === "'" || m[2] === 'min' ? n : n * 60;
	return Number.isInteger(minutes) && minutes > 0 && minutes <= 1440 ? minutes : null;
}

const PRESENTATIONS: RegExp[] = [
	// "Joy gave a 20 minute talk on …", "Sam led a 1 hour workshop"
	new RegExp(
		`^\\s*${PERSON}\\s+(?:gave|presented|led|ran|delivered|facilitated)\\s+(?:an?\\s+)?${LENGTH}\\s+(?:long\\s+)?${TALK}`
	),
	// "a 1 hour workshop led by Sam", "45 minute discussion", "20-minute talk by Joy"
	new RegExp(
		`^\\s*(?:[Aa]n?\\s+|[Tt]he\\s+)?(?:(?![Hh]alf\\b)[A-Za-z]+\\s+)?${LENGTH}\\s+(?:long\\s+)?(?:[a-z]+\\s+)?${TALK}\\b(?:.*?\\b(?:led|given|presented|run|delivered|facilitated)?\\s*by\\s+${PERSON})?`
	),
	// "Presentation by Joy (20 mins)", "Open discussion (40 minutes)", "Talk from Sam, 15 min"
	new RegExp(
		`^\\s*(?:[A-Za-z]+\\s+)?${TALK}\\b(?:[^(]*?\\b(?:by|from|with|led by)\\s+${PERSON})?[^(]*?[(,–—-]\\s*${LENGTH}\\s*\\)?`
	)
];

/**
 * "Joy gave a 20 minute talk …", "Presentation by Joy (20 mins)", "45 minute discussion": the
 * presenter ('' when not named) and time box (null when not given) of a presentation.
 */
export function presentationLine(
	line: string
): { presenter: string; timeBox: number | null } | null {
	const [first, second, third] = PRESENTATIONS;
	let m = first.exec(line);
	if (m) return { presenter: m[1], timeBox: lengthMinutes(m[2]) };
	m = second.exec(line);
	if (m) return { presenter: m[2] ?? '', timeBox: lengthMinutes(m[1]) };
	m = third.exec(line);
	if (m) return { presenter: m[1] ?? '', timeBox: lengthMinutes(m[2]) };
	const by = new RegExp(
		`^\\s*(?:[A-Za-z]+\\s+)?${TALK}\\s+(?:by|from|led by)\\s+${PERSON}\\s*[.:]?\\s*$`
	).exec(line);
	return by ? { presenter: by[1], timeBox: null } : null;
}

/** "a. …", "iv) …" or "12. …" at the start of a line: indentation, label, text. */
export const OUTLINE = /^(\s*)(\d{1,3}|[a-z]|[ivxlcdm]{2,6})[.)]\s+(.+)$/;
export const ROMAN = /^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

const PRIVATE = /\s*\((?:not for publication|private|confidential)\)\s*$/i;

/**
 * An item from a heading or outline line's Markdown: label stripped (unless `keepLabel`: the
 * caller took it already), text made plain.
 */
export function itemLine(raw: string, depth: number, indent = 0, keepLabel = false): DraftItem {
	let t = raw.trim();
	let numbered = true;
	const unnumbered = /^([A-Z])\)\s+/.exec(t);
	if (keepLabel) {
		// The title as written.
	} else if (unnumbered) {
		numbered = false;
		t = t.slice(unnumbered[0].length);
	} else {
		// Labels as Plenary writes them (1. a. i. aa. xiv. 3.a.i) or people do (1) a) IV.);
		// words like "A new", "Misc." or "St." stay part of the title.
		t = t.replace(
			/^(?:\d+(?:\.[A-Za-z0-9]{1,6})+\.?|\d+[.)]|[A-Za-z][.)]|[a-z]{2}[.)]|[ivxlcdmIVXLCDM]{2,6}[.)])\s+(?=\S)/,
			(label) => {
				const core = label.trim().slice(0, -1);
				const isRoman = ROMAN.test(core.toLowerCase());
				if (/^[A-Za-z]{3,6}$/.test(core) && !isRoman) return label;
				if (/^[A-Z]{2}$/.test(core) && !isRoman) return label;
				return '';
			}
		);
	}
	t = plain(t);
	const isPrivate = PRIVATE.test(t);
	return {
		title: isPrivate ? t.replace(PRIVATE, '') : t,
		numbered,
		isPrivate,
		presenter: '',
		timeBox: null,
		notes: [],
		blocks: [],
		children: [],
		depth,
		indent
	};
}
