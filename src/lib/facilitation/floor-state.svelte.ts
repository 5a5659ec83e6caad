/**
 * The floor of one open meeting for its screens: check-ins, the attendance with them, the
 * group's quorum, the votes (minutes) and their ballots (floor), read reactively from the three
 * documents, and the few writes members and the facilitator make. Loaded with import(): the
 * meeting screen's first load does not carry it.
 *
 * On a device with the edit role it also copies the floor's check-ins into the minutes'
 * attendance as they come (checkin-attendance.ts), so that the minutes record them durably.
 */
import type * as Y from 'yjs';
import { openDocument, type DocumentHandle } from '$lib/documents/registry';
import {
	ballotOf,
	castBallot,
	readBallots,
	tallyBallots,
	type BallotChoice,
	type BallotTally,
	type VoteCounts
} from '$lib/model/ballots';
import {
	attendanceWithCheckIns,
	copyCheckInsToAttendance,
	type AttendanceWithCheckIns
} from '$lib/model/checkin-attendance';
import {
	checkIn,
	checkInOf,
	checkedInNames,
	withdrawCheckIn,
	type CheckIn
} from '$lib/model/checkins';
import { decisionSentence } from '$lib/model/decision';
import { getBlock } from '$lib/model/blocks';
import { groupQuorum, quorumState, type QuorumState } from '$lib/model/quorum';
import { closeVote, openVote, readVotes, setEnteredCounts, type Vote } from '$lib/model/votes';
import { directoryDocumentName } from '$lib/protocol/document-names';
import type { AccessRole } from '$lib/protocol/token-format';
import { followProfile } from '$lib/state/profile';
import { deviceId } from './device-id';

export interface FloorStateOptions {
	minutes: Y.Doc;
	floor: DocumentHandle;
	groupId: string;
	role: AccessRole;
}

export interface VoteView extends Vote {
	tally: BallotTally;
	/** This device's choice, or null. */
	mine: BallotChoice | null;
	/** The Decision's sentence once closed. */
	sentence: string;
}

/** Writes of the floor's own, kept out of the person's undo (undo.ts tracks their origin). */
const ORIGIN = { name: 'floor' };

export class FloorState {
	readonly role: AccessRole;
	readonly device = deviceId();
	/** The name this device checks in and votes under; '' until the person gives one. */
	name = $state('');
	checkIns: CheckIn[] = $state.raw([]);
	mine: CheckIn | null = $state.raw(null);
	attendance: AttendanceWithCheckIns | null = $state.raw(null);
	quorum: number | null = $state(null);
	votes: VoteView[] = $state.raw([]);
	/** A write refused here (bad input), in words. */
	error = $state('');

	readonly canTakePart: boolean;
	readonly canRun: boolean;
	quorumState: QuorumState | null = $derived(
		quorumState(this.attendance?.presentNow ?? null, this.quorum)
	);
	openVotes: VoteView[] = $derived(this.votes.filter((v) => v.status === 'open'));

	#minutes: Y.Doc;
	#floor: DocumentHandle;
	#directory: DocumentHandle;
	#cleanup: (() => void)[] = [];
	#isDestroyed = false;

	constructor(options: FloorStateOptions) {
		this.role = options.role;
		this.canTakePart = options.role === 'edit' || options.role === 'comment';
		this.canRun = options.role === 'edit';
		this.#minutes = options.minutes;
		this.#floor = options.floor;
		this.#directory = openDocument(directoryDocumentName(options.groupId));
		const refresh = () => this.#refresh();
		for (const doc of [this.#minutes, this.#floor.doc, this.#directory.doc]) {
			doc.on('update', refresh);
			this.#cleanup.push(() => doc.off('update', refresh));
		}
		if (this.canRun) {
			const copy = () => this.#copyCheckIns();
			this.#floor.doc.on('update', copy);
			this.#cleanup.push(() => this.#floor.doc.off('update', copy));
			void Promise.all([this.#floor.whenLoaded, this.#directory.whenLoaded]).then(copy);
		}
		this.#cleanup.push(
			followProfile((profile) => {
				this.name = profile.displayName.trim();
			})
		);
		this.#refresh();
	}

	#copyCheckIns() {
		if (this.#isDestroyed) return;
		try {
			copyCheckInsToAttendance(this.#minutes, this.#floor.doc, ORIGIN);
		} catch (error) {
			console.error('Plenary: could not copy check-ins into the attendance', error);
		}
	}

	#refresh() {
		if (this.#isDestroyed) return;
		const floor = this.#floor.doc;
		this.checkIns = checkedInNames(floor);
		this.mine = checkInOf(floor, this.device);
		this.attendance = attendanceWithCheckIns(this.#minutes, floor);
		this.quorum = groupQuorum(this.#directory.doc);
		const presentCount = this.attendance.presentNow;
		this.votes = readVotes(this.#minutes).map((vote) => {
			const block = vote.decisionId ? getBlock(this.#minutes, vote.decisionId) : null;
			return {
				...vote,
				tally: tallyBallots(readBallots(floor, vote.id)),
				mine: ballotOf(floor, vote.id, this.device)?.choice ?? null,
				sentence: block?.kind === 'decision' ? decisionSentence(block, { presentCount }) : ''
			};
		});
	}

	#try(write: () => void): boolean {
		try {
			write();
			this.error = '';
			return true;
		} catch (error) {
			this.error = error instanceof Error ? error.message : String(error);
			return false;
		}
	}

	/** "I'm here" under this device's name. */
	checkIn(): boolean {
		return this.#try(() =>
			checkIn(this.#floor.doc, { device: this.device, name: this.name }, ORIGIN)
		);
	}

	checkOut(): void {
		withdrawCheckIn(this.#floor.doc, this.device, ORIGIN);
	}

	vote(voteId: string, choice: BallotChoice): boolean {
		return this.#try(() =>
			castBallot(this.#floor.doc, { voteId, device: this.device, name: this.name, choice }, ORIGIN)
		);
	}

	openVote(proposal: string, itemId: string | null): string | null {
		let id: string | null = null;
		this.#try(() => {
			id = openVote(this.#minutes, { proposal, itemId }, ORIGIN);
		});
		return id;
	}

	enterCounts(voteId: string, counts: VoteCounts | null): boolean {
		return this.#try(() => setEnteredCounts(this.#minutes, voteId, counts, ORIGIN));
	}

	closeVote(voteId: string): boolean {
		return this.#try(() => {
			// Check-ins first, so that the present count written is the attendance's.
			this.#copyCheckIns();
			const present = attendanceWithCheckIns(this.#minutes, this.#floor.doc).presentNow;
			closeVote(this.#minutes, this.#floor.doc, voteId, { presentCount: present }, ORIGIN);
		});
	}

	destroy() {
		this.#isDestroyed = true;
		for (const cleanup of this.#cleanup) cleanup();
		void this.#directory.release();
	}
}
