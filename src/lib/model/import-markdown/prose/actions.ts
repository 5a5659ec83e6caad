/**
 * Actions written in prose: "ACTION: Sam to book the room by Friday", "Action – Sam & Priya:
 * …", "Sam will book the room by Friday", "Sam to book the room", "[ ] Sam: book room", "TODO
 * Sam book room"; the items of a list under an "Actions:" line or heading, and the rows of a
 * table of actions (Who / What / When). Owners are names ("Sam & Priya", "Sam, Priya and
 * Jo"); "We will …", "Everyone will …" and "The group will …" have no owner, and read as an
 * action only where an action is expected (a prefix, an actions list) or with a due date.
 */
import { isBaseVerb } from '../../verbs';
import type { ReadContext } from '../context';
import type { DraftAction } from '../draft';
import { dueDate } from './due';
import type { LineRecogniser } from './finding';

/** Capitalised words that start sentences but are nobody's name. */
const NOT_NAMES = new Set(
	(
		'i it its this that these those there they them we us he she you everyone everybody someone ' +
		'somebody nobody nothing something anyone anybody all each both either neither none the a an ' +
		'our their his her my your agreed decided resolved motion proposal decision action actions ' +
		'todo task tasks time nice hard good need plan people members group meeting committee council ' +
		'who what when where why how which if once then also next last please thanks note notes item ' +
		'items minutes apologies present absent discussion question questions update updates report ' +
		'budget letter venue here some many most few several any no yes ok okay new old first second ' +
		'third future work help support unable able happy hopefully maybe perhaps probably one two ' +
		'monday tuesday wednesday thursday friday saturday sunday january february march april may ' +
		'june july august september october november december today tomorrow tonight agenda outcome ' +
		'vote votes chair treasurer secretary facilitator landlord tenants residents volunteers'
	).split(' ')
);

const NAME =
	"(?:[A-Z][\\p{Ll}'’-]+(?:\\s+(?:[A-Z][\\p{Ll}'’-]+|[A-Z]\\.?)(?=[\\s:,&/+–—-]|$))?|[A-Z]{2,3})";
const NAMES = `${NAME}(?:\\s*(?:,|&|\\+|/|\\band\\b)\\s*${NAME})*`;
const OWNERS_THEN = `\\s*:\\s+|\\s+[—–-]\\s+|\\s+(?:to|will|shall|is to|are to|agreed to|offered to|volunteered to)\\s+|[’']ll\\s+`;
/** Names, then what they are to do: "Sam & Priya: …", "Sam to …", "Sam will …". */
const OWNERS = new RegExp(`^(${NAMES})(?:${OWNERS_THEN})`, 'u');
/** As OWNERS, or a name then the task after a prefix: "TODO Sam book room". */
const OWNERS_SPACED = new RegExp(`^(${NAMES})(?:${OWNERS_THEN}|\\s+(?=\\p{Ll}))`, 'u');
const SPLIT_NAMES = /\s*(?:,|&|\+|\/)\s*|\s+and\s+/;
const COLLECTIVE =
	/^(?:we|everyone|everybody|all|all members|the (?:group|committee|collective|meeting|members))(?:\s+(?:will|to|shall|are to|is to|agreed to)\s+|\s*:\s+)|^we[’']ll\s+/i;
/** "Sam will be away": a statement about Sam, not a task. */
const NOT_TASK =
	/^(?:be|have|has|not|never|probably|possibly|likely|maybe|perhaps|still|also be|no longer)\b/i;

const PREFIX =
	/^(?:(?:ACTION|TODO|TO DO|AP)(?:\s+POINTS?)?\b(\s*\((?:done|completed)\)|\s*\[[xX]\])?\s*(?:[:–—]|\s-\s|\s)|(?:action|todo|to[- ]do|task)(?:\s+points?)?(\s*\((?:done|completed)\)|\s*\[[xX]\])?\s*(?:[:–—]|\s-\s))\s*/i;
const CHECKBOX = /^\[( |x|X)\]\s+/;

/** Where a due date starts: "by", "due (by|on)", "before", "no later than", "deadline". */
const DUE_WORD =
	/[,;]?\s*\(?\b(due(?:\s+(?:by|on))?|by|before|no later than|on or before|deadline)\s*:?\s+/gi;
const BARE_DUE =
	/\s+(tomorrow|today|tonight|next week|this week|(?:this |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:with)?in (?:\d{1,2}|a|one|two|three|four|five|six) (?:days?|weeks?)(?: time)?)\)?\.?$/i;

/** "book the room — by Friday", "order bags - next week": a due date after a dash. */
const DASH_DUE = /\s+[—–-]\s+([^—–]+)$/;
/** "email the bakery by Friday about the bread": a relative due date inside the task. */
const INNER_DUE =
	/\s+(?:by|before)\s+((?:this |next )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|the end of (?:the |this |next )?(?:week|month))(?=\s+(?:about|regarding|re|for|with|to|and|so|at|on)\s)/iu;
/** "before the next meeting": due on the next meeting's date, known once the minutes are read. */
const AT_NEXT_MEETING = /\s*(?:[—–-]\s*|,\s*)?\(?\b(?:before|by)\s+the\s+next\s+meeting\)?\.?$/i;

const MAX_DUE_PHRASE = 60;

/** The due date at the end of `what`: the date, and `what` without it when it was read. */
export function takeDue(what: string, context: ReadContext): { what: string; due: string } {
	const text = what.replace(/[\s.]+$/, '');
	const starts = [...text.matchAll(DUE_WORD)].reverse();
	for (const m of starts) {
		const phrase = text.slice(m.index + m[0].length).replace(/\)\s*$/, '');
		// Read from the end, phrases only grow: one this long is no due date ("by the end of
		// next month" is 25), and reading every longer one would be quadratic in the line.
		if (phrase.length > MAX_DUE_PHRASE) break;
		if (/[,;]/.test(phrase)) continue;
		const by = /^by$/i.test(m[1]) && /^next week$/i.test(phrase.trim()) ? 'by next week' : phrase;
		const due = dueDate(by, context);
		if (due) return { what: text.slice(0, m.index).trim(), due };
	}
	const dash = DASH_DUE.exec(text);
	if (dash) {
		const due = dueDate(dash[1].replace(/^(?:due|by)\s+/i, ''), context);
		if (due) return { what: text.slice(0, dash.index).trim(), due };
	}
	const bare = BARE_DUE.exec(text);
	if (bare) {
		const due = dueDate(bare[1], context);
		if (due) return { what: text.slice(0, bare.index).trim(), due };
	}
	const inner = INNER_DUE.exec(text);
	if (inner) {
		const due = dueDate(inner[1], context);
		const rest = text.slice(inner.index + inner[0].length);
		if (due) return { what: `${text.slice(0, inner.index)}${rest}`.trim(), due };
	}
	return { what: text, due: '' };
}

/**
 * An action due "before the next meeting" (its words still in `what`): `what` without them,
 * to take the next meeting's date once the minutes have given it; null for any other action.
 */
export function dueAtNextMeeting(what: string): string | null {
	const m = AT_NEXT_MEETING.exec(what);
	return m && m.index > 0 ? what.slice(0, m.index).trim() : null;
}

function namesOf(text: string): string[] | null {
	const names = text
		.split(SPLIT_NAMES)
		.map((n) => n.trim())
		.filter(Boolean);
	if (!names.length) return null;
	for (const n of names) {
		const first = n.split(/\s+/)[0].toLowerCase();
		if (NOT_NAMES.has(first)) return null;
	}
	return names;
}

/** After "Name:" in prose, a task starts with a verb ("Slides: https://…" is a link). */
function isTask(what: string): boolean {
	return isBaseVerb(what.trim().split(/\s+/)[0]);
}

interface Body {
	owners: string[];
	what: string;
	/** The line named who does it, or said "we will" (a task, not a statement). */
	shaped: boolean;
	collective: boolean;
}

/** "Sam & Priya: book the room", "Sam to …", "Sam will …", "We will …", or just the task. */
function readBody(body: string, afterPrefix: boolean, prose = false): Body {
	// "TODO Sam book room": a name then the task, but "ACTION: Order leaflets" is all task.
	const spaced = afterPrefix && !isBaseVerb(body.split(/\s/)[0]);
	const lead = (spaced ? OWNERS_SPACED : OWNERS).exec(body);
	if (lead) {
		const owners = namesOf(lead[1]);
		const what = body.slice(lead[0].length);
		const link = body.slice(lead[1].length, lead[0].length);
		// In prose "Sam: …" and "Sam to …" need a task after them: "Changes to the constitution
		// were discussed" and "Welcome to new members" name no one.
		const needsTask = prose && /^\s*(?::|to)\s*$/i.test(link);
		if (owners && what.trim() && !NOT_TASK.test(what) && (!needsTask || isTask(what))) {
			return { owners, what, shaped: true, collective: false };
		}
	}
	const collective = COLLECTIVE.exec(body);
	if (collective && !NOT_TASK.test(body.slice(collective[0].length))) {
		return { owners: [], what: body.slice(collective[0].length), shaped: true, collective: true };
	}
	return { owners: [], what: body, shaped: false, collective: false };
}

function action(body: Body, done: boolean, context: ReadContext): DraftAction | null {
	const { what, due } = takeDue(body.what, context);
	const clean = what.replace(/^[\s:–—-]+|[\s.;,]+$/g, '');
	if (!clean) return null;
	return { kind: 'action', what: clean, owners: body.owners, due, done };
}

/**
 * A line that says it is an action ("ACTION: …", "TODO …", "[ ] …"), read for its owners and
 * due date; null for any other line.
 */
export function prefixedAction(line: string, context: ReadContext): DraftAction | null {
	const t = line.trim();
	const prefix = PREFIX.exec(t);
	const box = prefix ? null : CHECKBOX.exec(t);
	if (!prefix && !box) return null;
	const rest = t.slice((prefix ?? box)![0].length);
	const checkbox = CHECKBOX.exec(rest);
	const body = checkbox ? rest.slice(checkbox[0].length) : rest;
	const done =
		Boolean(prefix?.[1] || prefix?.[2]) ||
		/x/i.test(box?.[1] ?? '') ||
		/x/i.test(checkbox?.[1] ?? '');
	return action(readBody(body, true), done, context);
}

/** An item of a list under "Actions:": an action whatever its shape. */
export function actionListItem(text: string, context: ReadContext): DraftAction | null {
	const prefixed = prefixedAction(text, context);
	if (prefixed) return prefixed;
	const checkbox = CHECKBOX.exec(text.trim());
	const body = checkbox ? text.trim().slice(checkbox[0].length) : text.trim();
	return action(readBody(body, false), /x/i.test(checkbox?.[1] ?? ''), context);
}

/** "Actions:", "Action points", "To do", "Tasks" — a line or heading that lists actions. */
export function isActionsLabel(text: string): boolean {
	return /^\s*(?:\*\*|__)?(?:new\s+)?(?:actions?(?:\s+points?|\s+items?|\s+list)?|to[- ]?dos?|tasks|next steps)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$/i.test(
		text
	);
}

/** Sentences of a line, split where a full stop comes before a capital. */
function sentences(line: string): string[] {
	return line
		.split(/(?<=[.!?])\s+(?=[A-Z"“‘(])/)
		.map((s) => s.trim())
		.filter(Boolean);
}

/** A line of prose that is an action: prefixed, or a sentence naming who will do what. */
export const recogniseAction: LineRecogniser = (line, context) => {
	const prefixed = prefixedAction(line, context);
	if (prefixed) return { block: prefixed, keepWords: false };
	if (/\?\s*$/.test(line)) return null;
	const parts = /^\s*(?:\p{Lu}|we\b|all\b|the\b)/u.test(line) ? sentences(line) : [];
	for (const part of parts) {
		if (/\?\s*$/.test(part)) continue;
		const body = readBody(part.replace(/^(?:and|then|also)\s+/i, ''), false, true);
		if (!body.shaped) continue;
		const found = action(body, false, context);
		// "We will …" is a task only with a date to do it by.
		if (!found || (body.collective && !found.due)) continue;
		return { block: found, keepWords: parts.length > 1 };
	}
	// "Christmas social? maybe the 19th, Sam to ask around": the last clause names who does it.
	const clause = /[,;]\s+(?:and\s+)?(?=\p{Lu})([^,;]+)$/u.exec(line.trim());
	if (clause) {
		const body = readBody(clause[1], false, true);
		const found = body.shaped && !body.collective ? action(body, false, context) : null;
		if (found) return { block: found, keepWords: true };
	}
	return null;
};

const WHO = /^(?:who|owners?|responsible|person|people|lead|assigned(?: to)?|by whom|name)$/i;
const WHAT = /^(?:what|actions?|tasks?|items?|descriptions?|to do|todo|details?)$/i;
const WHEN = /^(?:when|due|due date|deadline|by|by when|date|target date)$/i;
/** Without a Who column, only a When column that names a deadline makes a table of actions. */
const DUE = /^(?:due|due date|deadline|by|by when|target date)$/i;
const STATUS = /^(?:status|done|complete|completed|state)$/i;

/**
 * The rows of a table of actions (a What column and a Who or When column) as actions; null
 * for any other table. A due date that does not read stays, in brackets, in the action's text.
 */
export function actionTable(
	header: string[],
	rows: string[][],
	context: ReadContext
): DraftAction[] | null {
	const col = (re: RegExp) =>
		header.findIndex((h) => re.test(h.trim().replace(/[:*_]/g, '').trim()));
	const [who, what, when, status] = [col(WHO), col(WHAT), col(WHEN), col(STATUS)];
	if (what < 0 || (who < 0 && col(DUE) < 0)) return null;
	const actions: DraftAction[] = [];
	for (const row of rows) {
		const cell = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
		let text = cell(what).replace(/[\s.]+$/, '');
		const words = cell(when);
		const due = words
			? dueDate(words.replace(/^(?:due(?:\s+(?:by|on))?|by|before|no later than)\s+/i, ''), context)
			: '';
		if (words && !due) text = text ? `${text} (${words})` : words;
		if (!text) continue;
		const owners = cell(who)
			.split(SPLIT_NAMES)
			.map((n) => n.trim())
			.filter(Boolean);
		const done = /^(?:done|complete(?:d)?|finished|yes|y|x|✓|✔|☑)$/i.test(cell(status));
		actions.push({ kind: 'action', what: text, owners, due, done });
	}
	return actions;
}
