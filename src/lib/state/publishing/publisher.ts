/**
 * Publishing a meeting from its screen (edit role for publish and withdraw; any role reads the
 * revisions): the preview of what the public will see, publish and withdraw through the relay,
 * the published revisions, and what changed between two of them or since the latest. Loaded
 * with `import()` when the person first asks for any of it.
 *
 * The preview is made by the same model code as the relay's public page (`meetingToHtml` with
 * the published comments, items held back left out). Publishing waits until the relay has every
 * change of this device, so the revision holds what the preview showed. The comments document
 * and the minutes' handle are opened here and given back by `destroy()`.
 */
import type * as Y from 'yjs';
import { agendaTree } from '$lib/model/agenda';
import { meetingToHtml } from '$lib/model/html';
import { meetingToMarkdown } from '$lib/model/markdown';
import { heldBackTitles, publishedComments } from '$lib/model/publication';
import { commentsDocumentName, minutesDocumentName } from '$lib/protocol/document-names';
import type { AccessRole } from '$lib/protocol/token-format';
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import type { RelayFailure, RelayOutcome } from '$lib/sync/relay-api';
import {
	fetchRevision,
	listRevisions,
	publishMeeting,
	withdrawMeeting,
	type MeetingOnRelay,
	type RevisionListing
} from '$lib/sync/publishing-api';
import { describeChanges, type Changes } from './changes';

export type { RevisionListing };

/** What of the group publishing needs (a GroupRecord fits). */
export interface PublishingGroup {
	name: string;
	relayUrl: string | null;
	tokens: Partial<Record<AccessRole, string>>;
}

export interface PublisherOptions {
	doc: Y.Doc;
	groupId: string;
	meetingId: string;
	/** read at each call: the group's links can be replaced while the screen is open */
	group: () => PublishingGroup | null;
	/** How long publishing waits for this device's changes to reach the relay (ms). */
	settleTimeout?: number;
}

export interface Preview {
	/** the public page, a whole HTML document with no script */
	html: string;
	/** titles of the items marked "not for publication", in reading order */
	held: string[];
	/** how many published comments the page shows */
	comments: number;
}

/** Which version "what changed" compares: a revision number, or the live minutes. */
export type Version = number | 'live';

const NO_RELAY: RelayFailure = {
	ok: false,
	kind: 'refused',
	message: 'These minutes are only on this device. Move them into a group with a relay to publish.'
};
const NOT_EDITOR: RelayFailure = {
	ok: false,
	kind: 'refused',
	message: 'Only people with the edit link can publish or withdraw.'
};

export class Publisher {
	readonly #doc: Y.Doc;
	readonly #groupId: string;
	readonly #meetingId: string;
	readonly #group: () => PublishingGroup | null;
	readonly #settleTimeout: number;
	#comments: DocumentHandle | null = null;
	#minutes: DocumentHandle | null = null;
	#revisionText = new Map<number, string>();

	constructor(options: PublisherOptions) {
		this.#doc = options.doc;
		this.#groupId = options.groupId;
		this.#meetingId = options.meetingId;
		this.#group = options.group;
		this.#settleTimeout = options.settleTimeout ?? 15_000;
		if (this.#where) {
			this.#comments = openDocument(commentsDocumentName(options.groupId, options.meetingId));
			this.#minutes = openDocument(minutesDocumentName(options.groupId, options.meetingId));
		}
	}

	/** The items marked "not for publication", in reading order. */
	heldBack(): string[] {
		return heldBackTitles(agendaTree(this.#doc));
	}

	/** Exactly what the public page will show once published as revision `nextRevision`. */
	async preview(nextRevision: number): Promise<Preview> {
		let comments: ReturnType<typeof publishedComments> = [];
		if (this.#comments) {
			await this.#comments.whenLoaded;
			comments = publishedComments(this.#comments.doc, this.#doc);
		}
		const groupName = this.#group()?.name;
		const html = meetingToHtml(this.#doc, {
			includePrivate: false,
			comments,
			...(groupName ? { groupName } : {}),
			revision: {
				revision: nextRevision,
				latest: nextRevision,
				publishedAt: new Date().toISOString()
			}
		});
		return { html, held: this.heldBack(), comments: comments.length };
	}

	/** Publish as `by`: the relay makes the next revision once it has this device's changes. */
	async publish(by: string): Promise<RelayOutcome<{ revision: number }>> {
		const ready = await this.#editorReady();
		if (!ready.ok) return ready;
		const published = await publishMeeting(ready.where, ready.token, by);
		if (published.ok) this.#revisionText.clear();
		return published;
	}

	/** Take the public page down, as `by`. */
	async withdraw(by: string): Promise<RelayOutcome<{ withdrawn: true }>> {
		const ready = await this.#editorReady();
		if (!ready.ok) return ready;
		return withdrawMeeting(ready.where, ready.token, by);
	}

	async revisions(): Promise<RelayOutcome<{ revisions: RevisionListing[]; isPublic: boolean }>> {
		const token = this.#anyToken();
		if (!this.#where) return NO_RELAY;
		if (!token) return NOT_EDITOR;
		return listRevisions(this.#where, token);
	}

	/** Revision `revision` as the relay renders it for the public (an HTML page, no script). */
	async revisionHtml(revision: number): Promise<RelayOutcome<{ text: string }>> {
		const token = this.#anyToken();
		if (!this.#where) return NO_RELAY;
		if (!token) return NOT_EDITOR;
		return fetchRevision(this.#where, token, revision, 'html');
	}

	/** What changed from one version to another, compared as their public Markdown. */
	async changes(from: Version, to: Version): Promise<RelayOutcome<{ changes: Changes }>> {
		const before = await this.#markdown(from);
		if (!before.ok) return before;
		const after = await this.#markdown(to);
		if (!after.ok) return after;
		return { ok: true, changes: describeChanges(before.text, after.text) };
	}

	async #markdown(version: Version): Promise<RelayOutcome<{ text: string }>> {
		if (version === 'live') {
			return { ok: true, text: meetingToMarkdown(this.#doc, { includePrivate: false }) };
		}
		// A revision never changes once made: fetched once per screen.
		const known = this.#revisionText.get(version);
		if (known !== undefined) return { ok: true, text: known };
		const token = this.#anyToken();
		if (!this.#where) return NO_RELAY;
		if (!token) return NOT_EDITOR;
		const fetched = await fetchRevision(this.#where, token, version, 'md');
		if (fetched.ok) this.#revisionText.set(version, fetched.text);
		return fetched;
	}

	get #where(): MeetingOnRelay | null {
		const relayUrl = this.#group()?.relayUrl;
		return relayUrl ? { relayUrl, groupId: this.#groupId, meetingId: this.#meetingId } : null;
	}

	get #tokens(): Partial<Record<AccessRole, string>> {
		return this.#group()?.tokens ?? {};
	}

	#anyToken(): string | undefined {
		return this.#tokens.edit ?? this.#tokens.comment ?? this.#tokens.view;
	}

	async #editorReady(): Promise<{ ok: true; where: MeetingOnRelay; token: string } | RelayFailure> {
		if (!this.#where || !this.#minutes) return NO_RELAY;
		const token = this.#tokens.edit;
		if (!token) return NOT_EDITOR;
		const minutes = this.#minutes;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const isSettled = await Promise.race([
			minutes.whenSettled(),
			new Promise<boolean>(
				(resolve) => (timer = setTimeout(() => resolve(false), this.#settleTimeout))
			)
		]).finally(() => clearTimeout(timer));
		if (!isSettled) {
			const phase = minutes.getStatus().relay?.phase;
			return phase === 'offline'
				? {
						ok: false,
						kind: 'offline',
						message: 'You are offline. Publishing needs the network: connect and try again.'
					}
				: {
						ok: false,
						kind: 'unreachable',
						message:
							'The latest changes on this device have not reached the relay yet, so they could not be published. Try again once the minutes are up to date.'
					};
		}
		return { ok: true, where: this.#where, token };
	}

	destroy() {
		void this.#comments?.release();
		void this.#minutes?.release();
		this.#comments = null;
		this.#minutes = null;
	}
}
