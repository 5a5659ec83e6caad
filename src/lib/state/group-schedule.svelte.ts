/**
 * A group's meeting schedule, kept in its directory document (model/schedule.ts), for the
 * group's settings: the stored schedule, saving a new one, and the coming dates of any
 * schedule (stored or being edited). The directory and the rule expander (rrule-temporal,
 * about 50 KB) are loaded with `import()`, so only a screen that shows a schedule pays for
 * them; `destroy()` releases the directory.
 */
import type { DocumentHandle } from '$lib/documents/registry';
import type { Schedule } from '$lib/model/schedule';
import type { ScheduledMeeting } from '$lib/model/schedule-dates';

type Expand = (schedule: Schedule, after: string, count: number) => ScheduledMeeting[];

export class GroupSchedule {
	/** The group's schedule as stored; null while none (or not loaded). */
	schedule = $state.raw<Schedule | null>(null);
	/** The directory holds everything stored on this device. */
	isLoaded = $state(false);
	/** The expander is loaded: `coming` answers. */
	canExpand = $state(false);

	readonly groupId: string;
	#handle: DocumentHandle | null = null;
	#off: (() => void) | null = null;
	#isDestroyed = false;
	#write: ((doc: DocumentHandle['doc'], schedule: Schedule | null) => void) | null = null;
	#expand: Expand | null = null;

	constructor(groupId: string) {
		this.groupId = groupId;
		void this.#start();
		void import('$lib/model/schedule-dates').then(({ comingMeetings }) => {
			this.#expand = comingMeetings;
			if (!this.#isDestroyed) this.canExpand = true;
		});
	}

	async #start() {
		const { groupSchedule, setSchedule } = await import('$lib/model/schedule');
		const [{ openDocument }, { directoryDocumentName }] = await Promise.all([
			import('$lib/documents/registry'),
			import('$lib/protocol/document-names')
		]);
		if (this.#isDestroyed) return;
		this.#write = setSchedule;
		const handle = (this.#handle = openDocument(directoryDocumentName(this.groupId)));
		const refresh = () => {
			if (this.#isDestroyed) return;
			const next = groupSchedule(handle.doc);
			if (JSON.stringify(next) !== JSON.stringify(this.schedule)) this.schedule = next;
		};
		handle.doc.on('update', refresh);
		this.#off = () => handle.doc.off('update', refresh);
		refresh();
		await handle.whenLoaded;
		refresh();
		if (!this.#isDestroyed) this.isLoaded = true;
	}

	/**
	 * The next `count` meetings of `schedule` after `after` (YYYY-MM-DD); an Error with the
	 * schedule's problem in words when it is not valid; [] until the expander is loaded.
	 */
	coming(schedule: Schedule, after: string, count: number): ScheduledMeeting[] {
		return this.#expand ? this.#expand(schedule, after, count) : [];
	}

	/** Stores the schedule, or with null removes it (editors: the caller checks the role). */
	save(schedule: Schedule | null): void {
		if (!this.#handle || !this.#write) throw new Error('the group’s settings are still loading');
		this.#write(this.#handle.doc, schedule);
	}

	destroy() {
		this.#isDestroyed = true;
		this.#off?.();
		void this.#handle?.release();
		this.#handle = null;
	}
}
