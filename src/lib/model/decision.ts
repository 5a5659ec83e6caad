/**
 * The sentence a decision reads as in the minutes, whatever shape its text has:
 *
 *   verb phrase  The 14 members present unanimously agreed to send a second letter.
 *                The 11 members present agreed to move meetings to Wednesdays by 7 votes to 3, with 1 abstention.
 *                With 11 members present, the proposal to close the stall was defeated by 7 votes to 3.
 *   that-clause  The meeting agreed by consensus that facilitation will rotate each month.
 *   statement    By consensus of the 11 members present: the group's members requested a meeting.
 *   noun phrase  By 7 votes to 3, with 1 abstention (11 members present): new meeting day.
 *                The proposal “New meeting day” was deferred.
 *   motion       Motion 3: Affiliation to the federation was carried by 9 votes to 2 with 1 abstention.
 *
 * The shape is told by cheap rules (decisionShape): a base-form verb first, a subject then a
 * verb, a "Motion"/"Proposal" label; anything else is a noun phrase.
 */
import { validCount, type DecisionLike } from './tally-doubt';
import { isBaseVerb } from './verbs';

const THAT_WORDS = new Set([
	'the',
	'a',
	'an',
	'we',
	'all',
	'this',
	'these',
	'those',
	'our',
	'each',
	'every',
	'it',
	'they',
	'there',
	'members',
	'meetings',
	'everyone'
]);

/** Words after a subject that make a present or future clause: "the rota will rotate". */
const CLAUSE_VERBS = new Set(
	'will shall should would must may might can could is are be becomes goes remains stays moves needs continues'.split(
		' '
	)
);
/** Words after a subject that make a report of what was done: "the members requested …". */
const PAST_VERBS = new Set(
	'was were had made gave sent took chose held met began became wrote spent sold bought did went'.split(
		' '
	)
);
/** After a lowercase first word, these make it a verb: "redecorate the hall", "tidy up". */
const OBJECT_WORDS = new Set(
	'the a an our their his her its this that these those all some to for with it them him us up out back more no any each every'.split(
		' '
	)
);

/** What kind of words a decision's text is; see the header for how each reads. */
export type DecisionShape = 'verb' | 'that' | 'statement' | 'motion' | 'noun';

function clean(text: string): string {
	return text
		.trim()
		.replace(/\s+/g, ' ')
		.replace(/[.;:!]+$/, '');
}

export function decisionShape(text: string): DecisionShape {
	const t = clean(text);
	if (!t) return 'verb';
	const lower = t.toLowerCase();
	if (/^(?:motion|proposal|resolution|amendment)\b/.test(lower)) return 'motion';
	if (/^(?:to|not to|on|whether) /.test(lower)) return 'verb';
	if (/^that /.test(lower)) return 'that';
	const words = lower.split(' ').map((w) => w.replace(/[^a-z'’-]/g, ''));
	const first = words[0];
	if (isBaseVerb(first) || isBaseVerb(first.replace(/^(?:re|un|co|pre)(?=[a-z]{3})/, ''))) {
		return 'verb';
	}
	if (/^[a-z]{3,}ing$/.test(first) && first !== 'bring') return 'verb';
	// A verb is written in lower case ("AGM in May" has none).
	const lowerWords = t.split(' ').filter((w) => w === w.toLowerCase());
	for (const w of words.slice(1, 8).filter((w) => lowerWords.includes(w))) {
		if (CLAUSE_VERBS.has(w)) return 'that';
		if (PAST_VERBS.has(w) || /^[a-z]{3,}ed$/.test(w)) return 'statement';
	}
	if (THAT_WORDS.has(first)) return 'that';
	if (t[0] !== t[0].toLowerCase()) return 'noun';
	return words.length === 1 || OBJECT_WORDS.has(words[1]) ? 'verb' : 'noun';
}

/**
 * What follows "agreed" or "the proposal": "send a letter" -> " to send a letter", "the council
 * will …" -> " that the council will …"; any other shape in quotation marks.
 */
export function decisionClause(text: string): string {
	const t = clean(text);
	if (!t) return '';
	const lower = t.toLowerCase();
	switch (decisionShape(t)) {
		case 'verb':
			if (/^(to|not to|on|whether) /.test(lower)) return ' ' + lowerFirst(t);
			// "moving meetings to Wednesdays" -> "agreed on moving meetings to Wednesdays"
			if (/^[a-z]{3,}ing\b/.test(lower) && !/^bring\b/.test(lower)) return ' on ' + lowerFirst(t);
			return ' to ' + lowerFirst(t);
		case 'that':
			return /^that /.test(lower) ? ' ' + lowerFirst(t) : ' that ' + lowerFirst(t);
		default:
			return ` “${t}”`;
	}
}

function lowerFirst(t: string): string {
	// Keep acronyms and names written in capitals ("AGM", "UK").
	if (t.length > 1 && t[1] === t[1].toUpperCase() && t[1] !== t[1].toLowerCase()) return t;
	return t[0].toLowerCase() + t.slice(1);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function tally(first: number, second: number, abstentions: number | null, comma = ','): string {
	const against = second === 0 ? 'none' : String(second);
	const rest = abstentions
		? `${comma} with ${plural(abstentions, 'abstention', 'abstentions')}`
		: '';
	return `by ${plural(first, 'vote', 'votes')} to ${against}${rest}`;
}

interface Reading {
	text: string;
	present: number | null;
	subject: string | null;
	votesFor: number | null;
	votesAgainst: number | null;
	abstentions: number | null;
	method: 'consensus' | 'vote';
	outcome: 'agreed' | 'carried' | 'defeated' | 'deferred' | 'withdrawn';
}

/**
 * The decision as a sentence of the minutes. `presentCount` of the meeting is used when the
 * decision has none of its own.
 */
export function decisionSentence(
	decision: DecisionLike,
	context: { presentCount?: number | null } = {}
): string {
	const present = validCount(decision.presentCount) ?? validCount(context.presentCount) ?? null;
	const votesFor = validCount(decision.votesFor);
	const votesAgainst = validCount(decision.votesAgainst);
	const method = decision.method === 'vote' ? 'vote' : 'consensus';
	let outcome = decision.outcome ?? null;
	if (outcome === null) {
		const lost = votesFor !== null && votesAgainst !== null && votesFor <= votesAgainst;
		outcome = method === 'vote' && lost ? 'defeated' : 'agreed';
	}
	const r: Reading = {
		text: clean(decision.text ?? ''),
		present,
		subject:
			present !== null && present > 1
				? `The ${present} members present`
				: present === 1
					? 'The one member present'
					: null,
		votesFor,
		votesAgainst,
		abstentions: validCount(decision.abstentions),
		method,
		outcome
	};
	const shape = decisionShape(r.text);
	if (shape === 'motion') return motionSentence(r);
	if (
		(shape === 'statement' || shape === 'noun') &&
		(outcome === 'agreed' || outcome === 'carried')
	) {
		return `${lead(r)}: ${lowerFirst(r.text)}.`;
	}
	return clauseSentence(r, decisionClause(r.text));
}

/** "By consensus of the 11 members present", "By 7 votes to 3 (11 members present)". */
function lead(r: Reading): string {
	const note = presentNote(r.present);
	if (r.method === 'consensus') {
		if (r.present === 1) return 'By agreement of the one member present';
		return r.present ? `By consensus of the ${r.present} members present` : 'By consensus';
	}
	if (r.votesFor === null || r.votesAgainst === null) return `By a vote${note}`;
	if (isUnanimous(r))
		return `By a unanimous vote of ${plural(r.votesFor, 'vote', 'votes')} in favour${note}`;
	return `B${tally(r.votesFor, r.votesAgainst, r.abstentions).slice(1)}${note}`;
}

const presentNote = (present: number | null) =>
	present === null ? '' : ` (${present === 1 ? 'one member' : `${present} members`} present)`;

const isUnanimous = (r: Reading) =>
	r.votesFor !== null && r.votesAgainst === 0 && !r.abstentions && r.votesFor > 0;

/** "Motion 3: Affiliation to the federation was carried by 9 votes to 2 with 1 abstention." */
function motionSentence(r: Reading): string {
	const t = r.text;
	const note = presentNote(r.present);
	const hasVotes = r.votesFor !== null && r.votesAgainst !== null;
	if (r.outcome === 'deferred' || r.outcome === 'withdrawn') return `${t} was ${r.outcome}.`;
	if (r.outcome === 'defeated') {
		if (r.method === 'consensus')
			return `${r.subject ?? 'The meeting'} did not reach consensus on ${t}.`;
		if (!hasVotes) return `${t} was defeated${note}.`;
		const [votesFor, votesAgainst] = [r.votesFor!, r.votesAgainst!];
		if (votesFor === votesAgainst) {
			const rest = r.abstentions
				? ` with ${plural(r.abstentions, 'abstention', 'abstentions')}`
				: '';
			return `${t} was defeated on a tied vote of ${votesFor} to ${votesAgainst}${rest}${note}.`;
		}
		const [more, fewer] =
			votesAgainst >= votesFor ? [votesAgainst, votesFor] : [votesFor, votesAgainst];
		return `${t} was defeated ${tally(more, fewer, r.abstentions, '')}${note}.`;
	}
	if (r.method === 'consensus') {
		const by =
			r.present === 1
				? ' by the one member present'
				: r.present
					? ` by consensus of the ${r.present} members present`
					: ' by consensus';
		return `${t} was agreed${by}.`;
	}
	if (!hasVotes) return `${t} was carried on a vote${note}.`;
	if (isUnanimous(r)) {
		return `${t} was carried unanimously, ${tally(r.votesFor!, 0, null)}${note}.`;
	}
	return `${t} was carried ${tally(r.votesFor!, r.votesAgainst!, r.abstentions, '')}${note}.`;
}

/** The sentence around "to send a letter", "that the rota will rotate" or "“New meeting day”". */
function clauseSentence(r: Reading, clause: string): string {
	const { subject, present, votesFor, votesAgainst, abstentions, method, outcome } = r;
	const hasVotes = votesFor !== null && votesAgainst !== null;

	if (outcome === 'deferred' || outcome === 'withdrawn') {
		return `The proposal${clause} was ${outcome}.`;
	}
	if (outcome === 'defeated') {
		const lead = present !== null && present > 0 ? `With ${subject!.slice(4)}, the` : 'The';
		if (method === 'consensus' || !hasVotes) {
			const how = method === 'consensus' ? 'did not reach consensus' : 'was defeated';
			return method === 'consensus'
				? `${subject ?? 'The meeting'} ${how} on the proposal${clause}.`
				: `${lead} proposal${clause} ${how}.`;
		}
		if (votesFor === votesAgainst) {
			const rest = abstentions ? `, with ${plural(abstentions, 'abstention', 'abstentions')}` : '';
			return `${lead} proposal${clause} was defeated on a tied vote of ${votesFor} to ${votesAgainst}${rest}.`;
		}
		const [more, fewer] =
			votesAgainst >= votesFor ? [votesAgainst, votesFor] : [votesFor, votesAgainst];
		return `${lead} proposal${clause} was defeated ${tally(more, fewer, abstentions)}.`;
	}

	// agreed or carried
	if (method === 'consensus') {
		if (subject === null) return `The meeting agreed by consensus${clause}.`;
		if (present === 1) return `${subject} agreed${clause}.`;
		return `${subject} unanimously agreed${clause}.`;
	}
	if (!hasVotes) return `${subject ?? 'The meeting'} agreed by a vote${clause}.`;
	if (isUnanimous(r)) {
		const by = subject ?? 'The meeting';
		return clause
			? `${by} voted unanimously${clause} (${plural(votesFor, 'vote', 'votes')} in favour).`
			: `${by} voted unanimously in favour (${plural(votesFor, 'vote', 'votes')}).`;
	}
	return `${subject ?? 'The meeting'} agreed${clause} ${tally(votesFor, votesAgainst, abstentions)}.`;
}
