/**
 * The meeting's comments, for both meeting screens (editors, and the read-only one of the
 * `view` and `comment` roles): review threads beside the items they are about or under the whole
 * meeting, their open counts, and the member comments under the published minutes with what
 * editors hid from the public page.
 *
 * The comments document is opened here through the document registry (stored on this device,
 * synced with the relay like the minutes, so it works offline) and released by `destroy()`; the
 * minutes document comes in from the route and is only read, except for hiding a comment (edit
 * role only: moderation lives in the minutes so no commenter can undo it). Authors are the
 * person's display name.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- snapshots in $state.raw are replaced whole, never mutated */
import { createContext } from 'svelte';
import type * as Y from 'yjs';
import { openDocument } from '$lib/documents/registry';
import {
	addComment,
	commentThreads,
	resolveThread,
	type CommentInput,
	type CommentMessage,
	type CommentThread
} from '$lib/model/comments';
import { hideComment, hiddenCommentIds, publication, showComment } from '$lib/model/publication';
import { placeReviewThreads, type ReviewPlaces } from '$lib/model/review-threads';
import { minutesRoots } from '$lib/model/schema';
import { commentsDocumentName } from '$lib/protocol/document-names';
import type { AccessRole } from '$lib/protocol/token-format';
import { GUEST, presenceUser } from './profile';
import { roleNotice } from './role-words';
import { exposeForTests } from './test-hooks';

/** What this needs of an opened document (the registry's handle; tests give a plain Y.Doc). */
export interface CommentsHandle {
	readonly doc: Y.Doc;
	readonly whenLoaded: Promise<void>;
	release(): unknown;
}

export interface ReviewCommentsOptions {
	/** the minutes document, opened by the route */
	minutes: Y.Doc;
	groupId: string;
	meetingId: string;
	role: AccessRole;
	/** Opens the comments document; by default through the registry. */
	open?: (name: string) => CommentsHandle;
	/** The name comments are written under; by default this person's display name. */
	author?: string;
}

export interface PublicMessage extends CommentMessage {
	/** hidden from the public page by an editor (only editors see these) */
	isHidden: boolean;
}

export interface PublicThread extends Omit<CommentThread, 'messages'> {
	messages: PublicMessage[];
}

/** Where a thread list is: an item's id, or null for the whole meeting. */
export type ReviewPlace = string | null;

export class ReviewComments {
	readonly role: AccessRole;
	/** may add, answer, resolve and reopen (edit and comment roles) */
	readonly canComment: boolean;
	/** may hide member comments from the public page (edit role) */
	readonly canModerate: boolean;
	/** every thread of the comments document, oldest first */
	threads: CommentThread[] = $state.raw([]);
	/** ids of the agenda items in the minutes now */
	itemIds: ReadonlySet<string> = $state.raw(new Set());
	hidden: ReadonlySet<string> = $state.raw(new Set());
	/** the latest published revision; 0 when never published */
	publishedRevision = $state(0);
	author = $state(GUEST.name);
	/** the thread lists shown on this screen (this device only) */
	expanded: ReadonlySet<ReviewPlace> = $state.raw(new Set());
	/** the list whose form takes focus once shown; the form clears it */
	focusRequest: ReviewPlace | undefined = $state(undefined);

	places: ReviewPlaces = $derived(placeReviewThreads(this.threads, this.itemIds));
	/** Member comments under the published minutes; editors also see the hidden ones, marked. */
	publicThreads: PublicThread[] = $derived.by(() =>
		this.threads
			.filter((t) => t.kind === 'public')
			.map((t) => ({
				...t,
				messages: t.messages
					.map((m) => ({ ...m, isHidden: this.hidden.has(m.id) }))
					.filter((m) => this.canModerate || !m.isHidden)
			}))
			.filter((t) => t.messages.length > 0)
	);

	#minutes: Y.Doc;
	#comments: CommentsHandle;
	#origin = { name: 'review-comments' };
	#cleanup: (() => void)[] = [];

	constructor(options: ReviewCommentsOptions) {
		this.#minutes = options.minutes;
		this.role = options.role;
		this.canComment = options.role !== 'view';
		this.canModerate = options.role === 'edit';
		if (options.author) this.author = options.author;
		else
			void presenceUser().then(
				(user) => (this.author = user.name),
				() => {}
			);

		const { items, header } = minutesRoots(this.#minutes);
		const moderation = this.#minutes.getMap<unknown>('moderation');
		const readItems = () => (this.itemIds = new Set(items.keys()));
		const readHeader = () => (this.publishedRevision = publication(this.#minutes).revision);
		const readHidden = () => (this.hidden = hiddenCommentIds(this.#minutes));
		for (const [type, read] of [
			[items, readItems],
			[header, readHeader],
			[moderation, readHidden]
		] as const) {
			type.observe(read);
			this.#cleanup.push(() => type.unobserve(read));
			read();
		}

		const open = options.open ?? ((name: string) => openDocument(name));
		this.#comments = open(commentsDocumentName(options.groupId, options.meetingId));
		const comments = this.#comments.doc;
		const readThreads = () => (this.threads = commentThreads(comments));
		comments.on('update', readThreads);
		this.#cleanup.push(() => comments.off('update', readThreads));
		readThreads();
		void this.#comments.whenLoaded.then(readThreads);
		exposeForTests('comments', comments);
	}

	/** Review threads shown at `place`: an item's, or the whole meeting's (deleted items' too). */
	threadsAt(place: ReviewPlace) {
		return place === null ? this.places.meeting : (this.places.byItem.get(place) ?? []);
	}

	/** Open review threads at `place`. */
	openAt(place: ReviewPlace): number {
		return place === null ? this.places.openOnMeeting : (this.places.openByItem.get(place) ?? 0);
	}

	isExpanded(place: ReviewPlace) {
		return this.expanded.has(place);
	}

	/** Show or hide the thread list at `place` on this screen; `focus`: move to its form. */
	setExpanded(place: ReviewPlace, isExpanded: boolean, focus = false) {
		if (isExpanded && focus) this.focusRequest = place;
		if (this.expanded.has(place) === isExpanded) return;
		const next = new Set(this.expanded);
		if (isExpanded) next.add(place);
		else next.delete(place);
		this.expanded = next;
	}

	/** A new review thread on an item or (null) on the whole meeting; returns its id. */
	add(text: string, place: ReviewPlace): string {
		this.#mayComment();
		return addComment(this.#comments.doc, this.#input(text, { itemId: place }), this.#origin)
			.threadId;
	}

	/** A member comment under the published minutes. */
	addPublic(text: string): string {
		this.#mayComment();
		return addComment(this.#comments.doc, this.#input(text, { kind: 'public' }), this.#origin)
			.threadId;
	}

	reply(threadId: string, text: string): void {
		this.#mayComment();
		addComment(this.#comments.doc, this.#input(text, { threadId }), this.#origin);
	}

	resolve(threadId: string): void {
		this.#mayComment();
		resolveThread(this.#comments.doc, threadId, true, { author: this.author }, this.#origin);
	}

	reopen(threadId: string): void {
		this.#mayComment();
		resolveThread(this.#comments.doc, threadId, false, {}, this.#origin);
	}

	/** Hide a member comment from the public page (edit role). */
	hide(messageId: string): void {
		if (!this.canModerate) throw new Error(roleNotice(this.role));
		hideComment(this.#minutes, messageId, { by: this.author }, this.#origin);
	}

	/** Show a hidden member comment on the public page again (edit role). */
	show(messageId: string): void {
		if (!this.canModerate) throw new Error(roleNotice(this.role));
		showComment(this.#minutes, messageId, this.#origin);
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0)) cleanup();
		void this.#comments.release();
	}

	#mayComment() {
		if (!this.canComment) throw new Error(roleNotice(this.role));
	}

	#input(text: string, where: Omit<CommentInput, 'text' | 'author'>): CommentInput {
		return { ...where, text, author: this.author.trim() || GUEST.name };
	}
}

export const [getReviewContext, setReviewContext] = createContext<ReviewComments>();
