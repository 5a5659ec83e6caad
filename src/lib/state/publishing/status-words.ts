/**
 * A meeting's status in the words the screens use (model/status-words.ts, as the exports say
 * it), what each step
 * means and who may take it (docs/publishing.md). The meetings list, the meeting screen and the
 * read-only screen all say the status with `statusLabel`.
 */
import type { StatusEvent } from '$lib/model/publication';
import type { MeetingStatus } from '$lib/model/schema';
import { statusWord } from '$lib/model/status-words';

export interface StatusWords {
	/** lower case, for inside a sentence: "in review" */
	label: string;
	/** what the step means, in plain words */
	means: string;
	/** who may move the meeting to it */
	who: string;
}

export const STATUS_WORDS: Record<MeetingStatus, StatusWords> = {
	draft: {
		label: statusWord('draft'),
		means: 'The minutes are being written. Nothing is public.',
		who: 'Editors move the minutes here, also back from a later step.'
	},
	review: {
		label: statusWord('review'),
		means: 'Members with a comment link can comment; editors correct.',
		who: 'Editors send the minutes for review.'
	},
	approved: {
		label: statusWord('approved'),
		means: 'The group agreed the minutes are right. They are ready to publish.',
		who: 'Editors mark the minutes approved, once the group agreed.'
	},
	published: {
		label: statusWord('published'),
		means: 'Anyone with the address can read the public page.',
		who: 'Editors publish, from any step; it needs the network.'
	}
};

/** The steps an editor moves between by hand; "published" comes only from Publish. */
export const MANUAL_STEPS: readonly MeetingStatus[] = ['draft', 'review', 'approved'];

/** "in review" for `review`; an unknown value (another client's) reads as draft. */
export function statusLabel(status: string): string {
	return statusWord(status as MeetingStatus);
}

/** A line of the status history: "in review", "public page withdrawn". */
export function statusEventLabel(event: StatusEvent): string {
	return event === 'withdrawn' ? 'public page withdrawn' : statusLabel(event);
}
