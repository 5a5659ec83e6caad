/**
 * The room display's state: the meeting's minutes and floor documents opened through the
 * registry (from the device, then the relay), the meeting's title, and the LiveFloor over them
 * with the view role's rights (it only reads). Lighter than OpenMeeting on purpose: the room
 * route shares no module with the meeting screen's own chunk, so neither grows the other.
 */
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import { asText } from '$lib/model/read';
import { minutesRoots } from '$lib/model/schema';
import { floorDocumentName, minutesDocumentName } from '$lib/protocol/document-names';
import { LiveFloor } from './live-floor.svelte';

export class RoomFloor {
	readonly live: LiveFloor;
	title = $state('');

	#minutes: DocumentHandle;
	#floor: DocumentHandle;
	#readTitle = () => (this.title = asText(minutesRoots(this.#minutes.doc).header.get('title')));

	constructor(groupId: string, meetingId: string) {
		this.#minutes = openDocument(minutesDocumentName(groupId, meetingId));
		this.#floor = openDocument(floorDocumentName(groupId, meetingId));
		this.live = new LiveFloor({
			minutes: this.#minutes.doc,
			floor: this.#floor.doc,
			groupId,
			role: 'view'
		});
		this.#readTitle();
		this.#minutes.doc.on('update', this.#readTitle);
	}

	destroy(): void {
		this.#minutes.doc.off('update', this.#readTitle);
		this.live.destroy();
		void this.#minutes.release();
		void this.#floor.release();
	}
}
