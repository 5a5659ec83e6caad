/**
 * Why a decision's counts cannot all be right, for the note-taker as they type. Apart from the
 * decision sentence (decision.ts) so that the meeting screen's first load holds only this.
 */
import type { DecisionFields } from './blocks';

/** A decision's fields as far as they are known (a draft, a block). */
export type DecisionLike = Partial<
	Pick<
		DecisionFields,
		'text' | 'method' | 'votesFor' | 'votesAgainst' | 'abstentions' | 'presentCount' | 'outcome'
	>
>;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A count as stored, or null when it is not a whole number of people. */
export function validCount(n: unknown): number | null {
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
