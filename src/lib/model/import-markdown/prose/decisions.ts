/**
 * Decisions written in prose: "It was agreed that …", "We agreed to …", "Resolved: …", "the 14
 * members present unanimously decided to …", "voted 7 to 3 to …", "Motion to X: passed 9-2-1",
 * "No consensus on …". The facts (present count, tally, method, outcome) are read first and
 * taken out of the sentence; what is left must then have the shape of a decision, or the line
 * is not one. Conservative: a question, a discussion or "agreed to differ" is not a decision.
 */
import type { DecisionOutcome } from '../../blocks';
import type { DraftDecision } from '../draft';
import type { BlockFinding, LineRecogniser } from './finding';

const NUMBER_WORDS: Record<string, number> = {
	no: 0,
	none: 0,
	zero: 0,
	one: 1,
	two: 2,
	three: 3,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8,
	nine: 9,
	ten: 10,
	eleven: 11,
	twelve: 12,
	thirteen: 13,
	fourteen: 14,
	fifteen: 15,
	sixteen: 16,
	seventeen: 17,
	eighteen: 18,
	nineteen: 19,
	twenty: 20
};
const N = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join('|')})`;
const num = (s: string) => (/^\d/.test(s) ? Number(s) : NUMBER_WORDS[s.toLowerCase()]);
const DASH = '\\s*[-–—]\\s*';
const PEOPLE = '(?:members|people|voting members|attendees)';

interface Facts {
	present: number | null;
	votesFor: number | null;
	votesAgainst: number | null;
	abstentions: number | null;
	unanimous: boolean;
	consensus: boolean;
	vote: boolean;
	outcome: DecisionOutcome | null;
}

/** Each pattern reads one fact and is taken out of the sentence. */
/** Each reader may return words of the match to keep ("carried 9–2" keeps "carried"). */
const FACTS: [RegExp, (m: RegExpExecArray, f: Facts) => string | void][] = [
	// "(carried, 12 for, 1 against)", "12 in favour, 1 against, 2 abstentions"
	[
		new RegExp(
			`,?\\s*${N}\\s+(?:votes?\\s+)?(?:for|in favour|in favor)\\s*,?\\s*(?:and\\s+)?${N}\\s+(?:against|opposed)(?:\\s*,?\\s*(?:and\\s+|with\\s+)?${N}\\s+(?:abstentions?|abstaining|abstained))?`,
			'i'
		),
		(m, f) => tally(f, m[1], m[2], m[3])
	],
	// "voted 7 to 3", "carried 9–2", "passed 9-2-1", "by 9 votes to 2", "a vote of 7-3"
	[
		new RegExp(
			`\\b(voted|carried|passed|adopted|defeated|lost|rejected|failed|by|(?:a\\s+)?vote\\s+of)\\s+${N}(?:\\s+votes?)?(?:\\s+to\\s+|${DASH})${N}(?:${DASH}${N})?(?:\\s+votes?)?`,
			'i'
		),
		(m, f) => {
			tally(f, m[2], m[3], m[4]);
			return /^(?:by|(?:a\s+)?vote\s+of)$/i.test(m[1]) ? '' : m[1];
		}
	],
	// "with 1 abstention", "(2 abstentions)", "1 abstained"
	[
		new RegExp(
			`,?\\s*(?:with\\s+|and\\s+)?${N}\\s+(?:abstentions?|abstaining|abstained|abstain)`,
			'i'
		),
		(m, f) => {
			f.abstentions = num(m[1]);
		}
	],
	// "of the 14 present", "the 14 members present", "all 11 present", "with 9 present"
	[
		new RegExp(
			`,?\\s*(?:by\\s+|of\\s+|with\\s+)?(?:all\\s+(?:the\\s+)?|the\\s+)?${N}\\s+(?:${PEOPLE}\\s+)?present`,
			'i'
		),
		(m, f) => {
			f.present = num(m[1]);
		}
	],
	[
		/,?\s*\b(?<!\bno\s)(?:by\s+)?(?:general\s+|full\s+)?consensus\b/i,
		(_m, f) => {
			f.consensus = true;
		}
	],
	[
		/,?\s*\b(?:unanimously|unanimous(?:ly)?(?:\s+vote)?)\b/i,
		(_m, f) => {
			f.unanimous = true;
		}
	]
];

function tally(f: Facts, a: string, b: string, c: string | undefined): void {
	f.votesFor = num(a);
	f.votesAgainst = num(b);
	if (c !== undefined) f.abstentions = num(c);
	f.vote = true;
}

const OUTCOMES: [RegExp, DecisionOutcome][] = [
	[/\b(?:not carried|was lost|fell|defeated|rejected|failed|lost)\b/i, 'defeated'],
	[/\b(?:carried|passed|adopted|approved)\b/i, 'carried'],
	[/\b(?:deferred|postponed)\b/i, 'deferred'],
	[/\bwithdrawn\b/i, 'withdrawn']
];

/** Reads the facts out of a sentence; returns what is left of it. */
function readFacts(sentence: string): { facts: Facts; rest: string } {
	const facts: Facts = {
		present: null,
		votesFor: null,
		votesAgainst: null,
		abstentions: null,
		unanimous: false,
		consensus: false,
		vote: false,
		outcome: null
	};
	let rest = sentence;
	for (const [re, read] of FACTS) {
		const m = re.exec(rest);
		if (!m) continue;
		const kept = read(m, facts) ?? '';
		rest = rest.slice(0, m.index) + ` ${kept} ` + rest.slice(m.index + m[0].length);
	}
	rest = rest
		.replace(/\(\s*[,;]?\s*\)/g, ' ')
		.replace(/\s+([,.;:)])/g, '$1')
		.replace(/\s+/g, ' ')
		.replace(/^[\s,;:]+/, '')
		.trim();
	return { facts, rest };
}

const SUBJECT =
	'(?:we|everyone|everybody|all|all members|members|those present|the (?:meeting|group|committee|assembly|general meeting|members|collective|membership|steering group))';
const VERB = '(?:agreed|decided|resolved|voted|concluded)';
const IT_WAS = new RegExp(
	`^it\\s+(?:was|has been|is)\\s+(?:\\w+ly\\s+)?${VERB}\\s*,?\\s+(.+)$`,
	'i'
);
const SUBJECT_VERB = new RegExp(
	`^(?:and\\s+)?${SUBJECT}\\s+(?:(?:then|also|finally|formally|collectively)\\s+)?(${VERB})\\s*,?\\s+(.+)$`,
	'i'
);
/** "After some back and forth about colours, (the members present) decided …" */
const INTRO = new RegExp(
	`^(?:after|following|at the end of|in the end|finally|eventually)\\b.*?(?:,\\s*|\\s+)(?=(?:${SUBJECT}\\s+)?(?:then\\s+)?${VERB}\\b)`,
	'i'
);
/** Every decision says one of these; other lines are passed over at once. */
const DECISION_WORDS =
	/agree|resol|decid|decision|vote|motion|proposal|consensus|carried|passed|defeat|defer|withdrawn|concluded|adopted|approved|rejected|lost|fell|failed|postponed/i;
const NOT_DECIDED = /^(?:to\s+)?(?:differ|disagree)\b|^(?:on\s+)?(?:nothing|no\b)/i;

interface Shape {
	text: string;
	/** Read from the outcome words rather than a verb of agreeing. */
	outcome?: DecisionOutcome;
	vote?: boolean;
	noConsensus?: boolean;
	/** Words of the sentence are not in the text (a lead-in): the line stays in the notes. */
	partial?: boolean;
}

/** The decided text of a sentence (its facts taken out), or null when it is no decision. */
function shapeOf(rest: string): Shape | null {
	let m: RegExpExecArray | null;
	// "No consensus on whether to reprint the leaflet"
	m = /^no consensus (?:was )?(?:reached )?(?:on|about|over)\s+(.+)$/i.exec(rest);
	if (m) return { text: m[1].replace(/^whether\s+(?:or not\s+)?/i, ''), noConsensus: true };
	// "It was agreed that …", "It was unanimously decided to …"
	m = IT_WAS.exec(rest);
	if (m) return { text: m[1] };
	// "We agreed to …", "The meeting agreed …", "Everyone agreed that …"
	m = SUBJECT_VERB.exec(rest);
	if (m) return { text: m[2], vote: /^voted$/i.test(m[1]) };
	// "General agreement to keep it under 6 miles"
	m = /^(?:general|broad|full|unanimous)\s+agreement\s+(?:to|that|on)\s+(.+)$/i.exec(rest);
	if (m) return { text: m[1] };
	// "After a long discussion the group agreed that …": the lead-in says how, not what.
	m = INTRO.exec(rest);
	if (m) {
		const inner = shapeOf(rest.slice(m[0].length));
		return inner && { ...inner, partial: true };
	}
	// "Agreed: …", "Resolved: …", "Decided – …", "RESOLVED that …", "Agreed to …"
	m = /^(?:agreed|resolved|decided|decision)\s*(?:[:–—]|\s-)\s*(.+)$/i.exec(rest);
	if (m) return { text: m[1] };
	m = /^(?:agreed|resolved|decided),?\s+((?:that|to)\s+.+)$/i.exec(rest);
	if (m) return { text: m[1] };
	// "Motion to affiliate: passed", "Proposal: close the stall — carried", "Motion 3: …, carried"
	const outcome = OUTCOMES.find(([re]) => re.test(rest));
	if (outcome) {
		m =
			/^((?:the\s+)?(?:motion|proposal|resolution)\b.*?)\s*(?:[:–—,]|\s-)?\s*(?:\bwas\s+|\bwere\s+)?(?:not carried|was lost|fell|defeated|rejected|failed|lost|carried|passed|adopted|approved|deferred|postponed|withdrawn)\.?$/i.exec(
				rest
			);
		if (m) {
			let text = m[1].replace(/[\s:–—,-]+$/, '');
			const label = /^(?:the\s+)?(?:motion|proposal|resolution)\s*(?:[:–—]|\s-)\s*(.+)$/i.exec(
				text
			);
			const to = /^(?:the\s+)?(?:motion|proposal|resolution)\s+((?:to|that)\s+.+)$/i.exec(text);
			if (label) text = label[1];
			else if (to) text = to[1];
			else if (/^(?:the )?(?:substantive )?(?:motion|proposal|resolution)$/i.test(text)) text = '';
			return { text, outcome: outcome[1], vote: true };
		}
		// "Move meetings to Wednesdays (carried)"; the facts were in brackets or after a dash.
		m =
			/^(.+?)\s*(?:\(\s*|[–—:]\s*|\s-\s*|,\s*)(?:not carried|defeated|rejected|carried|passed|adopted|deferred|withdrawn)[\s,.;)]*$/i.exec(
				rest
			);
		if (m) return { text: m[1], outcome: outcome[1], vote: true };
	}
	// "Decided by consensus: …", "X — decided by consensus" (the "by consensus" is a fact)
	return null;
}

/** "to send a second letter." → "send a second letter"; "that the rota …" → "the rota …". */
export function cleanDecisionText(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^(?:on\s+|upon\s+)?(?:that|to)\s+(?=\S)/i, '')
		.replace(/^[,:;\s]+|[\s,.;:!]+$/g, '')
		.trim();
}

/** Sentences of a line: ". " before a capital letter ends one ("e.g. the" does not). */
function sentences(line: string): string[] {
	return line
		.split(/(?<=[.!?])\s+(?=[A-Z"“‘(])|\s*;\s+(?=(?:the motion|motion|proposal)\b)/i)
		.map((s) => s.trim())
		.filter(Boolean);
}

const REASON =
	/\s*(?:,\s*|\s)(?:because|since|given that|as (?:this|it|the|we|they)|so that|in order to)\s.+$/i;

function readSentence(sentence: string): { decision: DraftDecision; reason: boolean } | null {
	if (/\?\s*["”’)]?\s*$/.test(sentence)) return null;
	const { facts, rest } = readFacts(sentence.replace(/[.!]+\s*$/, ''));
	const shape = shapeOf(rest);
	if (!shape) {
		// "Move meetings to Wednesdays — decided by consensus" / "agreed unanimously"
		const tail = /^(.+?)\s*(?:[–—:(]|\s-|,)?\s*(?:(?:was|were)\s+)?(?:agreed|decided)\)?$/i.exec(
			rest
		);
		if (!tail || !(facts.consensus || facts.unanimous || facts.vote)) return null;
		return build({ text: tail[1] }, facts, false);
	}
	let text = shape.text;
	const reason = REASON.exec(text);
	if (reason) text = text.slice(0, reason.index);
	if (NOT_DECIDED.test(text.trim())) return null;
	return build({ ...shape, text }, facts, Boolean(reason) || Boolean(shape.partial));
}

function build(
	shape: Shape,
	facts: Facts,
	reason: boolean
): { decision: DraftDecision; reason: boolean } | null {
	const text = cleanDecisionText(shape.text);
	if (!text && !facts.vote && !shape.outcome) return null;
	const vote = facts.vote || (Boolean(shape.vote) && !facts.consensus);
	const d: DraftDecision = {
		kind: 'decision',
		text,
		method: vote ? 'vote' : 'consensus',
		votesFor: facts.votesFor,
		votesAgainst: facts.votesAgainst,
		abstentions: facts.abstentions,
		presentCount: facts.present,
		outcome: shape.outcome ?? null
	};
	if (shape.noConsensus) d.outcome = 'defeated';
	// "voted unanimously" with the count present: every one of them for.
	if (vote && facts.unanimous && d.votesFor === null && facts.present !== null) {
		d.votesFor = facts.present;
		d.votesAgainst = 0;
	}
	if (d.outcome === null && vote && d.votesFor !== null && d.votesAgainst !== null) {
		d.outcome = d.votesFor > d.votesAgainst ? 'carried' : 'defeated';
	}
	return { decision: d, reason };
}

/** The motion put: "Motion 1: Title.", "Moved by A, seconded by B, that …", "Motion to …". */
const MOTION_LABEL = /^(?:the\s+)?motion\s*(?:\d+|[A-Z])?\s*[:.–—]\s*(.+)$/i;
const MOVED = /^moved by [^,]+,\s*seconded by [^,]+,\s*(.+)$/i;
const PUT =
	/^((?:the\s+)?(?:[\p{L}’']+\s+)?(?:motion|proposal|resolution)\s+(?:to|that)\s+.+?)\s+was put(?:\s+to\s+(?:a|the)\s+vote)?\s*:?\s*(.*)$/iu;
const MOTION_TO = /^motion to (.+?)(?::\s*\p{Lu}[\p{L} .'’-]*)?$/iu;
/** Sentences that say who proposed, or speak of an amendment, not of the motion's outcome. */
const NOT_OUTCOME = /^(?:proposed|seconded|second|moved|an amendment|the amendment)\b/i;

/**
 * A motion and its outcome over several sentences ("Motion 1: Car parking. This branch
 * opposes … Proposed: A. Seconded: B. Carried 9–2."): the motion's words, with the tally and
 * outcome of the sentences after it; null without a motion or without an outcome.
 */
export function recogniseMotion(text: string): DraftDecision | null {
	const parts = sentences(text.replace(/\s+/g, ' ').trim());
	let at = -1;
	let motion = '';
	let tallied = '';
	for (let i = 0; i < parts.length && at < 0; i++) {
		const part = parts[i].replace(/[.!]+$/, '');
		const label = MOTION_LABEL.exec(part);
		const moved = MOVED.exec(part);
		const put = PUT.exec(part);
		const to = MOTION_TO.exec(part);
		if (label) {
			// "Motion 1: Car parking charges." is a title when the motion's words follow it.
			const next = parts[i + 1] ?? '';
			const body = next && !NOT_OUTCOME.test(next) && !readOutcome(next);
			motion = body ? next : label[1];
			at = body ? i + 1 : i;
		} else if (put) {
			// "The treasurer's proposal to apply … was put to a vote: 5 for, 0 against. Carried."
			motion = put[1].replace(
				/^(?:the\s+)?(?:[\p{L}’']+\s+)?(?:motion|proposal|resolution)\s+/iu,
				''
			);
			[tallied, at] = [put[2], i];
		} else if (moved) [motion, at] = [moved[1], i];
		else if (to) {
			// "The minutes were approved. Motion to approve: Jen Park.": the sentence before says what.
			motion = !/\s/.test(to[1].trim()) && i > 0 ? parts[i - 1] : to[1];
			at = i;
		}
	}
	if (at < 0) return null;
	const after = [tallied, ...parts.slice(at + 1).filter((p) => !NOT_OUTCOME.test(p))];
	const facts = readFacts(after.join(' ')).facts;
	const outcomes = after.map(readOutcome).filter((o): o is DecisionOutcome => o !== null);
	const outcome = outcomes[outcomes.length - 1] ?? null;
	if (!outcome && !facts.vote) return null;
	const built = build({ text: motion, outcome: outcome ?? undefined, vote: true }, facts, false);
	return built?.decision ?? null;
}

function readOutcome(sentence: string): DecisionOutcome | null {
	return OUTCOMES.find(([re]) => re.test(sentence))?.[1] ?? null;
}

/** A line holding a decision in prose; the line stays in the notes when it says more. */
export const recogniseDecision: LineRecogniser = (line) => {
	if (!DECISION_WORDS.test(line)) return null;
	const parts = sentences(line);
	const motion = parts.length > 1 ? recogniseMotion(line) : null;
	if (motion) return { block: motion, keepWords: true };
	for (const part of parts) {
		// "… but worried about the cost, so we agreed to run a survey": the decision's clause.
		const clause = /,\s+(?:so|and|but|then)\s+(.+)$/i.exec(part);
		const whole = readSentence(part);
		const found = whole ?? (clause ? readSentence(clause[1]) : null);
		if (!found) continue;
		const finding: BlockFinding = {
			block: found.decision,
			keepWords: parts.length > 1 || found.reason || !found.decision.text || !whole
		};
		return finding;
	}
	return null;
};
