/**
 * Who was at the meeting, as minutes write it near the title: keyed lines ("In attendance:",
 * "Regrets –"), a count alone ("11 people", "(9 present)", "members in attendance (23)") and
 * the facilitator and minute-taker in prose ("Sam facilitated and Priya took minutes").
 * Read in the free reading, before the first item only: "3 people volunteered" in an item's
 * notes is no count.
 */

export type AttendanceKey = 'present' | 'absent' | 'facilitator' | 'minutes';

export type AttendanceLine =
	| { kind: 'key'; key: AttendanceKey; value: string }
	| { kind: 'count'; count: number; rest?: string }
	| { kind: 'roles'; facilitator: string[]; minutes: string[]; keepWords: boolean };

const KEYS: Record<string, AttendanceKey> = {
	present: 'present',
	'members present': 'present',
	'also present': 'present',
	'also in attendance': 'present',
	'in attendance': 'present',
	attending: 'present',
	attendance: 'present',
	attendees: 'present',
	participants: 'present',
	guests: 'present',
	visitors: 'present',
	absent: 'absent',
	apologies: 'absent',
	'apologies for absence': 'absent',
	'apologies received': 'absent',
	regrets: 'absent',
	chair: 'facilitator',
	chr: 'facilitator',
	facil: 'facilitator',
	chairperson: 'facilitator',
	'chaired by': 'facilitator',
	facilitator: 'facilitator',
	facilitators: 'facilitator',
	'facilitated by': 'facilitator',
	facilitation: 'facilitator',
	minutes: 'minutes',
	'recording secretary': 'minutes',
	'minutes secretary': 'minutes',
	mins: 'minutes',
	'minute taker': 'minutes',
	'minute-taker': 'minutes',
	'minutes by': 'minutes',
	'minutes taken by': 'minutes',
	'note taker': 'minutes',
	'note-taker': 'minutes',
	'notes by': 'minutes',
	'notes taken by': 'minutes',
	scribe: 'minutes',
	secretary: 'minutes'
};

const KEYED =
	/^\s*(?:\*\*|__)?([A-Za-z][A-Za-z -]{0,24}?)(?:\*\*|__)?\s*(?::|\s[–—-])\s*(?:\*\*|__)?\s*(.*)$/;

const NOUN = '(?:people|persons|members|attendees|participants|comrades|tenants|folks)';
const COUNT_FIRST = new RegExp(
	`^\\(?\\s*(\\d{1,4})\\s+(?:${NOUN}\\s*)?(?:were\\s+)?(present|attended|attending|in attendance|there|came)?\\s*\\)?\\.?$`,
	'i'
);
const COUNT_LAST = new RegExp(
	`^(?:${NOUN}\\s+)?(?:present|in attendance|attending|attendance)\\s*(?::\\s*|\\(\\s*)(\\d{1,4})\\s*\\)?\\.?$`,
	'i'
);

/** "11 people, back room of the Lamb & Flag": a count and, after it, where. */
const COUNT_PLACE = new RegExp(`^(\\d{1,4})\\s+${NOUN}(?:\\s+present)?\\s*[,;–—]\\s*(\\S.*)$`, 'i');

const NAME = "([A-Z][\\w'’-]*(?:\\s+[A-Z][\\w'’-]*){0,2})";
const CLAUSES: [RegExp, 'facilitator' | 'minutes'][] = [
	[/^(?:the\s+meeting\s+was\s+)?(?:chaired|facilitated)\s+by\s+NAME/i, 'facilitator'],
	[
		/^(?:the\s+)?(?:minutes|notes)\s+(?:were\s+)?(?:taken|written|recorded|kept)\s+by\s+NAME/i,
		'minutes'
	],
	[
		/^NAME\s+(?:facilitated|chaired|was\s+in\s+the\s+chair|was\s+(?:the\s+)?(?:chair|facilitator))\b(?:\s+the\s+meeting)?/,
		'facilitator'
	],
	[/^NAME\s+(?:took|wrote|kept|was\s+taking)\s+(?:the\s+)?(?:minutes|notes)\b/, 'minutes']
].map(
	([re, role]) =>
		[new RegExp((re as RegExp).source.replace('NAME', NAME), (re as RegExp).flags), role] as [
			RegExp,
			'facilitator' | 'minutes'
		]
);

/** The facilitator and minute-taker named in a sentence, clause after clause. */
function roles(line: string): AttendanceLine | null {
	let rest = line.trim();
	const found = { facilitator: [] as string[], minutes: [] as string[] };
	let matched = true;
	while (rest && matched) {
		matched = false;
		for (const [re, role] of CLAUSES) {
			const m = re.exec(rest);
			if (!m) continue;
			found[role].push(m[1]);
			rest = rest.slice(m[0].length).replace(/^\s*(?:[,;.]|\band\b|\bwhile\b|\bwith\b)+\s*/i, '');
			matched = true;
			break;
		}
	}
	if (!found.facilitator.length && !found.minutes.length) return null;
	return { kind: 'roles', ...found, keepWords: Boolean(rest.trim()) };
}

/** An attendance line near the title, or null. */
export function attendanceLine(line: string): AttendanceLine | null {
	const text = line.trim();
	const keyed = KEYED.exec(text);
	const key = keyed ? KEYS[keyed[1].trim().toLowerCase()] : undefined;
	if (keyed && key) return { kind: 'key', key, value: keyed[2].trim() };
	const count = COUNT_FIRST.exec(text);
	// "11" alone is no count: it needs "people" or "present".
	if (count && /\D\s*\)?\.?$/.test(text) && /[a-z]/i.test(text)) {
		return { kind: 'count', count: Number(count[1]) };
	}
	const withPlace = COUNT_PLACE.exec(text);
	if (withPlace) return { kind: 'count', count: Number(withPlace[1]), rest: withPlace[2] };
	const last = COUNT_LAST.exec(text);
	if (last) return { kind: 'count', count: Number(last[1]) };
	return roles(text);
}

const COUNT_IN = new RegExp(
	`\\b(?:there\\s+were\\s+)?(\\d{1,4})\\s+(?:${NOUN}\\s+)?(?:were\\s+)?(?:present|in attendance|attended|on the call|came)\\b|\\bthere\\s+were\\s+(\\d{1,4})\\s+${NOUN}\\b|\\b(?:present|in attendance|attending)\\s*\\((\\d{1,4})\\)`,
	'i'
);
const ROLES_IN: [RegExp, 'facilitator' | 'minutes'][] = [
	[new RegExp(`\\b${NAME},?\\s+who\\s+(?:facilitated|chaired)\\b`), 'facilitator'],
	[new RegExp(`\\b${NAME}\\s+(?:facilitated|chaired)\\b`), 'facilitator'],
	[new RegExp(`\\b(?:chaired|facilitated)\\s+by\\s+${NAME}`), 'facilitator'],
	[
		new RegExp(
			`\\b${NAME},?\\s+(?:who\\s+)?(?:took|wrote|kept)\\s+(?:the\\s+)?(?:minutes|notes)\\b`
		),
		'minutes'
	],
	[
		new RegExp(`\\b(?:minutes|notes)\\s+(?:were\\s+)?(?:taken|written|kept)\\s+by\\s+${NAME}`),
		'minutes'
	]
];
/** Capitalised words that begin sentences rather than name people. */
const NOT_NAMES = /^(?:The|We|They|It|This|That|There|Everyone|Nobody|All|Who)$/;

/**
 * The count, facilitator and minute-taker a sentence near the title names in passing ("The
 * 14 members present were welcomed by Ines, who facilitated; Tariq took minutes."); the
 * sentence stays in the notes. Null when it names none.
 */
export function attendanceInProse(
	line: string
): { count: number | null; facilitator: string[]; minutes: string[] } | null {
	const found = {
		count: null as number | null,
		facilitator: [] as string[],
		minutes: [] as string[]
	};
	const count = COUNT_IN.exec(line);
	if (count) found.count = Number(count[1] ?? count[2] ?? count[3]);
	for (const [re, role] of ROLES_IN) {
		const m = re.exec(line);
		if (m && !NOT_NAMES.test(m[1]) && !found[role].includes(m[1])) found[role].push(m[1]);
	}
	const any = found.count !== null || found.facilitator.length || found.minutes.length;
	return any ? found : null;
}
