/**
 * A meeting's status and publication as the screens show them: the status, the latest
 * published revision and whether its public page is up, and the history of status changes,
 * read from the minutes document (the relay writes the publication there, so every device sees
 * it). Editors move the status with `move`; its change is not in their undo (the status log
 * would then disagree with the status). `destroy()` stops observing.
 */
import type * as Y from 'yjs';
import { meetingStatus } from '$lib/model/minutes';
import {
	changeStatus,
	publication,
	PUBLICATION_ROOT_NAMES,
	statusHistory,
	type Publication,
	type StatusChange
} from '$lib/model/publication';
import { minutesRoots, type MeetingStatus } from '$lib/model/schema';
import { statusLabel } from './status-words';

const [STATUS_LOG] = PUBLICATION_ROOT_NAMES;

export class MeetingStatusState {
	status: MeetingStatus = $state('draft');
	publication: Publication = $state.raw({ revision: 0, publishedAt: '', isPublic: false });
	history: StatusChange[] = $state.raw([]);
	/** "in review" */
	label: string = $derived(statusLabel(this.status));

	readonly #doc: Y.Doc;
	readonly #origin = { name: 'status-change' };
	#cleanup: (() => void)[] = [];

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		const header = minutesRoots(doc).header;
		const log = doc.getArray<unknown>(STATUS_LOG);
		const readHeader = () => {
			this.status = meetingStatus(doc).status;
			this.publication = publication(doc);
		};
		const readLog = () => (this.history = statusHistory(doc));
		header.observe(readHeader);
		log.observe(readLog);
		this.#cleanup.push(
			() => header.unobserve(readHeader),
			() => log.unobserve(readLog)
		);
		readHeader();
		readLog();
	}

	/** Move to `status` as `by` (a display name); false when it was that already. */
	move(status: MeetingStatus, by: string): boolean {
		return changeStatus(this.#doc, status, { by }, this.#origin);
	}

	destroy() {
		for (const fn of this.#cleanup.splice(0)) fn();
	}
}
