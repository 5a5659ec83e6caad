/**
 * The few reads of the model that storage and sync need, in one place, so a change in the
 * model (src/lib/model/, owned by its own module) is a change here only.
 */
import type * as Y from 'yjs';
// Module by module, not the model's index: that would bring the Markdown importer along.
import { agendaList, itemNotes } from '$lib/model/agenda';
import { allBlocks } from '$lib/model/blocks';
import { directory } from '$lib/model/directory';
import { header, isMeetingCreated, meetingStatus } from '$lib/model/minutes';
import { notesToPlainText } from '$lib/model/notes';
import { commentThreads } from '$lib/model/comments';
import { mergedInto } from '$lib/model/plan-links';

export {
	commentsDocumentName,
	directoryDocumentName,
	floorDocumentName,
	minutesDocumentName,
	parseDocumentName
} from '$lib/protocol/document-names';
export { newMeetingId } from '$lib/model/ids';
export { createMeeting, isMeetingCreated } from '$lib/model/minutes';
export { removeDirectoryEntry, syncDirectoryEntry } from '$lib/model/directory';

export interface MeetingSummary {
	title: string;
	date: string;
	status: string;
	categories: string[];
	openActions: number;
	searchText: string;
}

/** Whether this meeting was a double plan merged into another (plan-merge.ts): not listed. */
export function isMergedAway(doc: Y.Doc): boolean {
	return mergedInto(doc) !== '';
}

/**
 * What the meetings index keeps of a minutes document; null while it holds no meeting and for
 * a meeting merged into another.
 */
export function summarizeMinutes(doc: Y.Doc): MeetingSummary | null {
	if (!isMeetingCreated(doc) || isMergedAway(doc)) return null;
	const h = header(doc);
	const items = agendaList(doc);
	const blocks = allBlocks(doc);
	const parts: string[] = [h.title, h.venue, h.categories.join(' ')];
	for (const item of items) {
		parts.push(item.title, item.presenter, notesToPlainText(itemNotes(doc, item.id)));
	}
	for (const block of blocks) {
		if (block.kind === 'decision') parts.push(block.text);
		else if (block.kind === 'action') parts.push(block.what, block.owners.join(' '));
		else if (block.kind === 'speakers') parts.push(block.names);
		else parts.push(block.title, block.place);
	}
	return {
		title: h.title,
		date: h.date,
		status: meetingStatus(doc).status,
		categories: h.categories,
		openActions: blocks.filter((b) => b.kind === 'action' && !b.done).length,
		searchText: parts
			.filter(Boolean)
			.join('\n')
			.replace(/[ \t]+/g, ' ')
			.toLowerCase()
	};
}

/** Review threads of a comments document still open (not resolved). */
export function countOpenReviewComments(doc: Y.Doc): number {
	return commentThreads(doc, { kind: 'review' }).filter((t) => !t.resolved).length;
}

export interface DirectoryListing {
	meetingId: string;
	title: string;
	date: string;
	status: string;
	categories: string[];
	updatedAt: string;
}

/** The meetings a group's directory document lists. */
export function directoryMeetings(doc: Y.Doc): DirectoryListing[] {
	return directory(doc).meetings;
}
