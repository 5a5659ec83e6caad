/**
 * One meeting opened for its screen: the minutes document (stored on the device, synced with the
 * group's relay), its floor document (hands, check-ins, ballots: floor.ts), the MeetingState over it, the person's name for presence, and whether the
 * minutes exist yet. `destroy()` releases the document when the person leaves.
 */
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import { createMeeting, isMeetingCreated } from '$lib/model/minutes';
import { floorDocumentName, minutesDocumentName } from '$lib/protocol/document-names';
import { MeetingState } from './meeting.svelte';
import { GUEST, presenceUser } from './profile';

/** `loading` until the device (and then the relay) said whether the minutes exist. */
export type MeetingPhase = 'loading' | 'missing' | 'ready';

export class OpenMeeting {
	readonly groupId: string;
	readonly meetingId: string;
	readonly meeting: MeetingState;
	phase: MeetingPhase = $state('loading');
	/** The name this person writes under ("Guest" until they give one). */
	authorName = $state(GUEST.name);

	#handle: DocumentHandle;
	#floor: DocumentHandle;

	constructor(groupId: string, meetingId: string) {
		this.groupId = groupId;
		this.meetingId = meetingId;
		this.#handle = openDocument(minutesDocumentName(groupId, meetingId));
		// Opened with the minutes so that hands, check-ins and ballots sync (and stay on the
		// device for offline use) whichever view of the meeting shows them.
		this.#floor = openDocument(floorDocumentName(groupId, meetingId));
		const { doc, awareness, whenLoaded } = this.#handle;
		// What loading brings in is no news: "Someone added 8 agenda items" on opening is noise.
		this.meeting = new MeetingState({ doc, awareness, isAnnouncing: false });
		void presenceUser()
			.then((user) => {
				this.authorName = user.name;
				this.meeting.setUser(user);
			})
			.catch(() => this.meeting.setUser(GUEST));
		const check = (): boolean => {
			if (!isMeetingCreated(doc)) return false;
			this.phase = 'ready';
			doc.off('update', check);
			return true;
		};
		doc.on('update', check);
		void whenLoaded
			.then(() => this.#handle.whenSettled())
			.then(() => this.meeting.announceRemoteChanges());
		void whenLoaded.then(async () => {
			if (check()) return;
			// Not on this device yet: wait for the relay before offering to start it here.
			await this.#handle.whenSettled();
			if (!check()) this.phase = 'missing';
		});
	}

	/** The Yjs document, for the read-only screen's extras (comments). */
	get doc() {
		return this.#handle.doc;
	}

	/** The floor document (floor.ts): raised hands, check-ins, ballots. */
	get floor(): DocumentHandle {
		return this.#floor;
	}

	/** "Start these minutes": creates the meeting on this device when nobody has. */
	start(): void {
		if (!isMeetingCreated(this.#handle.doc)) {
			createMeeting(this.#handle.doc, { meetingId: this.meetingId });
		}
	}

	destroy(): void {
		this.meeting.destroy();
		this.#handle.release();
		this.#floor.release();
	}
}
