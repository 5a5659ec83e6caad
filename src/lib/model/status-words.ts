/**
 * A meeting's status as people read it, in exports and on screen: "draft", "in review",
 * "approved", "published". The document stores the short keys of `MEETING_STATUSES`.
 */
import type { MeetingStatus } from './schema';

const WORDS: Record<MeetingStatus, string> = {
	draft: 'draft',
	review: 'in review',
	approved: 'approved',
	published: 'published'
};

/** The words for `status`; "draft" for anything unknown, as `meetingStatus` reads it. */
export function statusWord(status: MeetingStatus): string {
	return Object.hasOwn(WORDS, status) ? WORDS[status] : WORDS.draft;
}
