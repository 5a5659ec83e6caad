/**
 * What the read-only meeting screen (roles `view` and `comment`) needs beyond MeetingState:
 * each item's notes as the model reads them, to be drawn as formatted text (the notes editor
 * is never loaded for them), the meeting's comments (ReviewComments, as on the editors'
 * screen), and the relay's refusals of this meeting's documents, said in words instead of
 * swallowed.
 *
 * The minutes document comes in from the route; the comments are opened here and released by
 * `destroy()`.
 */
import type * as Y from 'yjs';
import { itemNotes } from '$lib/model/agenda';
import { commentsDocumentName, minutesDocumentName } from '$lib/protocol/document-names';
import { readNotes, type NotesBlock } from '$lib/model/notes';
import { minutesRoots } from '$lib/model/schema';
import { roleNotice } from './role-words';
import { onRefusal } from '$lib/sync/refusals';
import type { AccessRole } from '$lib/protocol/token-format';
import { exposeForTests } from './test-hooks';
import { ReviewComments } from './review-comments.svelte';

export interface ReadOnlyMeetingOptions {
	doc: Y.Doc;
	groupId: string;
	meetingId: string;
	role: AccessRole;
}

export class ReadOnlyMeeting {
	readonly role: AccessRole;
	readonly review: ReviewComments;
	/** itemId → the item's notes (headings, paragraphs, lists, marks, links) */
	notes: Record<string, NotesBlock[]> = $state.raw({});
	/** the relay refused a change from this screen: what this person may do instead */
	refusal = $state('');

	#doc: Y.Doc;
	#cleanup: (() => void)[] = [];

	constructor(options: ReadOnlyMeetingOptions) {
		this.#doc = options.doc;
		this.role = options.role;
		const minutesName = minutesDocumentName(options.groupId, options.meetingId);
		const commentsName = commentsDocumentName(options.groupId, options.meetingId);

		const items = minutesRoots(this.#doc).items;
		const readAllNotes = () => {
			const next: Record<string, NotesBlock[]> = {};
			items.forEach((_value, id) => {
				next[id] = readNotes(itemNotes(this.#doc, id));
			});
			this.notes = next;
		};
		items.observeDeep(readAllNotes);
		this.#cleanup.push(() => items.unobserveDeep(readAllNotes));
		readAllNotes();

		this.review = new ReviewComments({
			minutes: this.#doc,
			groupId: options.groupId,
			meetingId: options.meetingId,
			role: options.role
		});

		this.#cleanup.push(
			onRefusal((refusal) => {
				if (refusal.kind !== 'permission-denied') return;
				if (refusal.name !== minutesName && refusal.name !== commentsName) return;
				this.refusal = `The relay did not accept that change. ${roleNotice(this.role)}`;
			})
		);
		exposeForTests('minutes', this.#doc);
	}

	destroy() {
		for (const cleanup of this.#cleanup) cleanup();
		this.review.destroy();
	}
}
