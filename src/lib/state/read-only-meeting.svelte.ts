/**
 * What the read-only meeting screen (roles `view` and `comment`) needs beyond MeetingState:
 * each item's notes as the model reads them, to be drawn as formatted text (the notes editor
 * is never loaded for them), the meeting's
 * comments document (read by everyone, written by `comment` and `edit`), and the relay's
 * refusals of this meeting's documents, said in words instead of swallowed.
 *
 * The minutes document comes in from the route; the comments document is opened here and
 * released by `destroy()`.
 */
import type * as Y from 'yjs';
import { itemNotes } from '$lib/model/agenda';
import { addComment, commentThreads, type CommentThread } from '$lib/model/comments';
import { commentsDocumentName, minutesDocumentName } from '$lib/protocol/document-names';
import { readNotes, type NotesBlock } from '$lib/model/notes';
import { minutesRoots } from '$lib/model/schema';
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import { roleNotice } from './role-words';
import { onRefusal } from '$lib/sync/refusals';
import type { AccessRole } from '$lib/protocol/token-format';
import { exposeForTests } from './test-hooks';

export interface ReadOnlyMeetingOptions {
	doc: Y.Doc;
	groupId: string;
	meetingId: string;
	role: AccessRole;
}

export class ReadOnlyMeeting {
	readonly role: AccessRole;
	readonly canComment: boolean;
	/** itemId → the item's notes (headings, paragraphs, lists, marks, links) */
	notes: Record<string, NotesBlock[]> = $state.raw({});
	threads: CommentThread[] = $state.raw([]);
	/** the relay refused a change from this screen: what this person may do instead */
	refusal = $state('');

	#doc: Y.Doc;
	#comments: DocumentHandle;
	#cleanup: (() => void)[] = [];

	constructor(options: ReadOnlyMeetingOptions) {
		this.#doc = options.doc;
		this.role = options.role;
		this.canComment = options.role !== 'view';
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

		this.#comments = openDocument(commentsName);
		const comments = this.#comments.doc;
		const readThreads = () => (this.threads = commentThreads(comments));
		comments.on('update', readThreads);
		this.#cleanup.push(() => comments.off('update', readThreads));
		void this.#comments.whenLoaded.then(readThreads);

		this.#cleanup.push(
			onRefusal((refusal) => {
				if (refusal.kind !== 'permission-denied') return;
				if (refusal.name !== minutesName && refusal.name !== commentsName) return;
				this.refusal = `The relay did not accept that change. ${roleNotice(this.role)}`;
			})
		);
		exposeForTests('minutes', this.#doc);
		exposeForTests('comments', comments);
	}

	/** A new comment on the meeting, or on one agenda item. */
	comment(text: string, author: string, itemId: string | null = null) {
		if (!this.canComment) throw new Error(roleNotice(this.role));
		addComment(this.#comments.doc, { text, author: author || 'Guest', itemId });
	}

	destroy() {
		for (const cleanup of this.#cleanup) cleanup();
		this.#comments.release();
	}
}
