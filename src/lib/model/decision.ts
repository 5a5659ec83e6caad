/**
 * The sentence a decision reads as in the minutes:
 *
 *   The 14 members present unanimously agreed to send a second letter.
 *   The 11 members present agreed to move meetings to Wednesdays by 7 votes to 3, with 1 abstention.
 *   The 11 members present voted unanimously to adopt the budget.
 *   With 11 members present, the proposal to close the stall was defeated by 7 votes to 3.
 *   The meeting agreed by consensus to ask the council to inspect.
 *   The proposal to reprint the leaflet was deferred.
 */
import type { DecisionFields } from './blocks';

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

/** "send a letter" -> "to send a letter"; "The council …" -> "that the council …". */
export function decisionClause(text: string): string {
	let t = text
		.trim()
		.replace(/\s+/g, ' ')
		.replace(/[.;:!]+$/, '');
	if (!t) return '';
	const lower = t.toLowerCase();
	if (/^(to|that|not to|on|whether) /.test(lower)) return ' ' + lowerFirst(t);
	const firstWord = lower.split(' ')[0].replace(/[^a-z]/g, '');
	if (THAT_WORDS.has(firstWord)) return ' that ' + lowerFirst(t);
	// "moving meetings to Wednesdays" -> "agreed on moving meetings to Wednesdays"
	if (/^[a-z]{3,}ing$/.test(firstWord) && firstWord !== 'bring') return ' on ' + lowerFirst(t);
	t = lowerFirst(t);
	return ' to ' + t;
}

function lowerFirst(t: string): string {
	// Keep acronyms and names written in capitals ("AGM", "UK").
	if (t.length > 1 && t[1] === t[1].toUpperCase() && t[1] !== t[1].toLowerCase()) return t;
	return t[0].toLowerCase() + t.slice(1);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function tally(first: number, second: number, abstentions: number | null): string {
	const against = second === 0 ? 'none' : String(second);
	const rest = abstentions ? `, with ${plural(abstentions, 'abstention', 'abstentions')}` : '';
	return `by ${plural(first, 'vote', 'votes')} to ${against}${rest}`;
}

type DecisionLike = Partial<
	Pick<
		DecisionFields,
		'text' | 'method' | 'votesFor' | 'votesAgainst' | 'abstentions' | 'presentCount' | 'outcome'
	>
>;

/**
 * The decision as a sentence of the minutes. `presentCount` of the meeting is used when the
 * decision has none of its own.
 */
export function decisionSentence(
	decision: DecisionLike,
	context: { presentCount?: number | null } = {}
): string {
	const clause = decisionClause(decision.text ?? '');
	const present = validCount(decision.presentCount) ?? validCount(context.presentCount) ?? null;
	const subject =
		present !== null && present > 1
			? `The ${present} members present`
			: present === 1
				? 'The one member present'
				: null;
	const votesFor = validCount(decision.votesFor);
	const votesAgainst = validCount(decision.votesAgainst);
	const abstentions = validCount(decision.abstentions);
	const hasVotes = votesFor !== null && votesAgainst !== null;
	const method = decision.method === 'vote' ? 'vote' : 'consensus';

	let outcome = decision.outcome ?? null;
	if (outcome === null) {
		outcome = method === 'vote' && hasVotes && votesFor <= votesAgainst ? 'defeated' : 'agreed';
	}

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
	if (votesAgainst === 0 && !abstentions && votesFor > 0) {
		const by = subject ?? 'The meeting';
		return clause
			? `${by} voted unanimously${clause} (${plural(votesFor, 'vote', 'votes')} in favour).`
			: `${by} voted unanimously in favour (${plural(votesFor, 'vote', 'votes')}).`;
	}
	return `${subject ?? 'The meeting'} agreed${clause} ${tally(votesFor, votesAgainst, abstentions)}.`;
}

function validCount(n: unknown): number | null {
	return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * Why a decision's counts cannot all be right, in a sentence for the note-taker, or null. Only
 * said, never enforced: the minutes record what the meeting did, and a count may be fixed later.
 */
export function tallyDoubt(
	decision: DecisionLike,
	context: { presentCount?: number | null } = {}
): string | null {
	if (decision.method !== 'vote') return null;
	const present = validCount(decision.presentCount) ?? validCount(context.presentCount);
	const votesFor = validCount(decision.votesFor) ?? 0;
	const against = validCount(decision.votesAgainst) ?? 0;
	const abstentions = validCount(decision.abstentions) ?? 0;
	const cast = votesFor + against + abstentions;
	if (present !== null && cast > present) {
		return `${plural(cast, 'vote', 'votes')} counted: more votes than the ${present} present. Check the counts?`;
	}
	if (cast === 0) return null;
	const outcome = decision.outcome;
	if (
		(outcome === 'carried' && votesFor <= against) ||
		(outcome === 'defeated' && votesFor > against)
	) {
		return `Marked ${outcome}, but the votes say otherwise. Check the outcome?`;
	}
	// As decisionSentence words it: "unanimously" once the votes against are given as none.
	const readsUnanimous =
		outcome !== 'defeated' && decision.votesAgainst === 0 && votesFor > 0 && cast === votesFor;
	if (readsUnanimous && present !== null && votesFor < present) {
		return `The minutes will say unanimous, yet ${votesFor} of the ${present} present voted. Record who abstained?`;
	}
	return null;
}
