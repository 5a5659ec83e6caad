/**
 * Verbs in their base form that decisions and actions in minutes start with ("send a letter",
 * "book the room"): how the decision sentence tells a verb phrase from a noun phrase, and how
 * the importer tells "Order more leaflets" from "Sam book the room".
 */
const BASE_VERBS = new Set(
	(
		'accept add adopt affiliate agree allow appoint approve arrange ask attend apply become begin book ' +
		'borrow bring buy call cancel change chase check circulate clean close collate collect come ' +
		'confirm consider contact continue create decline delay delegate design distribute do donate ' +
		'draft drop elect email end ensure establish expand explore extend file find finish fix follow ' +
		'form fund get give go hand help hire hold host increase inform introduce invite issue join ' +
		'keep launch lead leave lend let look make meet move nominate note notify offer open order ' +
		'organise organize pass pay phone plan post postpone prepare print produce propose provide ' +
		'publish purchase put raise reaffirm read recommend record reduce refer register reject ' +
		'remind remove renew rent reply report request research reserve respond return review revise ' +
		'ring rotate run schedule see seek sell send set share sign sort speak spend start stop submit ' +
		'suggest support switch take talk tell thank trial try update use visit vote wait withdraw ' +
		'work write'
	).split(' ')
);

/** Whether `word` is a base-form verb of the list (any case). */
export function isBaseVerb(word: string): boolean {
	return BASE_VERBS.has(word.toLowerCase());
}
