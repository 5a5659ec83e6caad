/**
 * "Plan next meeting" on a meeting's screen, and the double plan it may meet: loaded with
 * `import()` by the meeting screen (its first load has no room for it).
 *
 * It follows the group's directory (the rota; which meetings were planned from which), builds
 * the plan shown before anything is made (model/plan-next.ts), creates the draft, and for a
 * meeting planned twice from the same one (two devices, offline) offers to merge the other plan
 * into this one (model/plan-merge.ts) or keep both, which both meetings then remember.
 *
 * The date comes from the next-meeting block when it has one, else from the group's schedule:
 * its first date after this meeting's (`findScheduled`, by default schedule-dates.ts
 * `comingMeetings`, loaded with `import()` only when the group has a schedule). Creating the
 * plan also records in this meeting's next-meeting block the schedule and rota it was made with,
 * so the minutes say how the group meets and who takes turns (next-plan.ts).
 */
import type * as Y from 'yjs';
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import { directory, type DirectoryEntry } from '$lib/model/directory';
import { newMeetingId } from '$lib/model/ids';
import { header, isMeetingCreated } from '$lib/model/minutes';
import { keptApart, keepApart, otherPlans, plansFrom } from '$lib/model/plan-links';
import { mergePlans, type MergeReport } from '$lib/model/plan-merge';
import {
	createPlannedMeeting,
	planNextMeeting,
	type NextMeetingPlan,
	type ScheduledDate
} from '$lib/model/plan-next';
import { setNextPlan } from '$lib/model/next-plan';
import { groupRota } from '$lib/model/rota';
import { groupSchedule } from '$lib/model/schedule';
import { localDate } from '$lib/state/local-date';
import { directoryDocumentName, minutesDocumentName } from '$lib/protocol/document-names';
import type { PlenaryDatabase } from '$lib/storage/db';

/** The seam for the group's schedule: the first scheduled date after `after` (YYYY-MM-DD). */
export type FindScheduledDate = (after: string) => Promise<ScheduledDate | null>;

export interface NextMeetingPlannerOptions {
	groupId: string;
	meetingId: string;
	/** This meeting's minutes (the screen's document). */
	doc: Y.Doc;
	findScheduled?: FindScheduledDate;
	db?: PlenaryDatabase;
}

export class NextMeetingPlanner {
	/** The directory's meetings, for the plans of this meeting and of the one it follows. */
	entries = $state.raw<DirectoryEntry[]>([]);
	rota = $state.raw<string[]>([]);
	plan = $state.raw<NextMeetingPlan | null>(null);
	/** Other meetings planned from the same meeting as this one, not yet merged or kept apart. */
	doubles = $state.raw<DirectoryEntry[]>([]);
	isBusy = $state(false);
	failure = $state('');

	readonly groupId: string;
	readonly meetingId: string;
	#doc: Y.Doc;
	#options: NextMeetingPlannerOptions;
	#directory: DocumentHandle;
	#isDestroyed = false;

	constructor(options: NextMeetingPlannerOptions) {
		this.#options = options;
		this.groupId = options.groupId;
		this.meetingId = options.meetingId;
		this.#doc = options.doc;
		this.#directory = openDocument(directoryDocumentName(options.groupId), { db: options.db });
		this.#directory.doc.on('update', this.#refresh);
		this.#doc.on('update', this.#refreshDoubles);
		this.#refresh();
		void this.#directory.whenLoaded.then(this.#refresh);
	}

	#refresh = () => {
		if (this.#isDestroyed) return;
		this.entries = directory(this.#directory.doc).meetings;
		const rota = groupRota(this.#directory.doc);
		if (JSON.stringify(rota) !== JSON.stringify(this.rota)) this.rota = rota;
		this.#refreshDoubles();
	};

	#refreshDoubles = () => {
		if (this.#isDestroyed) return;
		const apart = keptApart(this.#doc);
		this.doubles = otherPlans(this.entries, this.meetingId).filter(
			(e) => !apart.includes(e.meetingId)
		);
	};

	/** Meetings already planned from this one (another device, or earlier here). */
	get alreadyPlanned(): DirectoryEntry[] {
		return plansFrom(this.entries, this.meetingId);
	}

	/** Makes the plan shown in the preview, from the meeting as it stands now. */
	async preview(): Promise<NextMeetingPlan> {
		this.failure = '';
		await this.#directory.whenLoaded;
		let scheduled: ScheduledDate | null = null;
		const find = this.#options.findScheduled ?? this.#fromSchedule;
		try {
			scheduled = await find(header(this.#doc).date);
		} catch (error) {
			this.failure = `The group’s schedule could not be read: ${message(error)}`;
		}
		const plan = planNextMeeting(this.#doc, { rota: groupRota(this.#directory.doc), scheduled });
		this.plan = plan;
		return plan;
	}

	/** The group's first scheduled meeting after `after` (or after today when it is ''). */
	#fromSchedule: FindScheduledDate = async (after) => {
		const schedule = groupSchedule(this.#directory.doc);
		if (!schedule) return null;
		const { comingMeetings } = await import('$lib/model/schedule-dates');
		const from = after || localDate();
		const [first] = comingMeetings(schedule, from, 1);
		return first
			? { date: first.date, start: first.start, end: first.end, venue: first.venue }
			: null;
	};

	/** Creates the draft shown (offline too); resolves with its id once stored on this device. */
	async create(plan: NextMeetingPlan): Promise<string> {
		this.isBusy = true;
		this.failure = '';
		const meetingId = newMeetingId();
		const handle = openDocument(minutesDocumentName(this.groupId, meetingId), {
			db: this.#options.db
		});
		try {
			await handle.whenLoaded;
			createPlannedMeeting(this.#doc, handle.doc, plan, { meetingId });
			setNextPlan(this.#doc, {
				schedule: groupSchedule(this.#directory.doc),
				rota: groupRota(this.#directory.doc)
			});
			await handle.whenStored();
			return meetingId;
		} catch (error) {
			this.failure = `The next meeting could not be created: ${message(error)}`;
			throw error;
		} finally {
			void handle.release();
			this.isBusy = false;
		}
	}

	/**
	 * Merges the other plan into this meeting. Its minutes must be on this device (they come with
	 * background sync); false, with `failure` saying why, when they are not.
	 */
	async mergeIn(otherId: string): Promise<MergeReport | null> {
		this.isBusy = true;
		this.failure = '';
		const handle = openDocument(minutesDocumentName(this.groupId, otherId), {
			db: this.#options.db
		});
		try {
			await handle.whenLoaded;
			if (!isMeetingCreated(handle.doc)) await handle.whenSettled();
			if (!isMeetingCreated(handle.doc)) {
				this.failure =
					'The other plan’s minutes are not on this device yet, so they cannot be merged. Try again once this device has synced with the group.';
				return null;
			}
			const report = mergePlans(this.#doc, handle.doc);
			await handle.whenStored();
			return report;
		} catch (error) {
			this.failure = `Not merged: ${message(error)}`;
			return null;
		} finally {
			void handle.release();
			this.isBusy = false;
		}
	}

	/** Keeps both meetings: neither asks again, on any device. */
	async keepBoth(otherId: string): Promise<void> {
		this.failure = '';
		keepApart(this.#doc, otherId);
		const handle = openDocument(minutesDocumentName(this.groupId, otherId), {
			db: this.#options.db
		});
		try {
			await handle.whenLoaded;
			if (isMeetingCreated(handle.doc)) {
				keepApart(handle.doc, this.meetingId);
				await handle.whenStored();
			}
		} finally {
			void handle.release();
		}
	}

	destroy() {
		this.#isDestroyed = true;
		this.#directory.doc.off('update', this.#refresh);
		this.#doc.off('update', this.#refreshDoubles);
		void this.#directory.release();
	}
}

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
