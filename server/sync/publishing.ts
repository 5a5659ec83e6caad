/**
 * Publishing and withdrawing a meeting's minutes, on the relay: it alone numbers revisions.
 *
 * A publish runs as one task of the minutes' room queue, so two publishes of one meeting run
 * one after the other and no client's update lands between the revision and the minutes'
 * record of it. In that task:
 *
 *   1. n = the highest stored revision + 1; the publication record (`recordPublication`:
 *      status published, publishedRevision n, publishedAt, isPublic) is written into a copy of
 *      the minutes, and the copy's whole state is the snapshot of revision n;
 *   2. the store keeps the snapshot as revision n (`Store.addRevision`, which numbers it);
 *   3. the same record, as the update the copy made, goes into the live minutes through the
 *      room's `change`: committed, then forwarded to every connected client;
 *   4. the meeting's directory entry is brought up to date (status "published").
 *
 * Why this order is safe when the process dies at any point: the minutes and the directory only
 * ever say "published, revision n" after revision n is stored (steps 3 and 4 follow 2), and the
 * number comes from the store, which never gives one twice. A crash between 2 and 3 leaves a
 * stored revision that the minutes never mention: it is never served (pages serve only the
 * revisions the minutes' status log names, `publishedRevisions`), and the next publish takes
 * the number after it, so no number ever names two snapshots. Numbering in the minutes first (the other order) could leave
 * "published, revision n" synced to every device with no revision n stored, and the next
 * publish would then store different minutes under that same n.
 *
 * The snapshot is exactly the live minutes after step 3: the update applied in step 3 is the
 * difference between the copy and the live document, and nothing else runs in between.
 */
import * as Y from 'yjs';
import {
	isMeetingCreated,
	publication,
	recordPublication,
	recordWithdrawal,
	type ChangedBy
} from '../../src/lib/model/index.ts';
import type { DocumentName } from '../../src/lib/protocol/document-names.ts';
import type { Logger } from '../log.ts';
import type { RevisionRecord, Store } from '../storage/store.ts';
import { DocumentTooLargeError } from './document-bounds.ts';
import { writeDirectoryEntry } from './directory-sync.ts';
import type { Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

export const PUBLISH_ORIGIN = 'relay:publish';

export interface PublishingDependencies {
	registry: RoomRegistry;
	store: Store;
	logger: Logger;
}

export type PublishResult = { ok: true; revision: number } | { ok: false; reason: 'unknown' };

export type WithdrawResult = { ok: true; wasPublic: boolean } | { ok: false; reason: 'unknown' };

/**
 * Makes the minutes `name` as they stand the next revision (see the header). Throws
 * `DocumentTooLargeError`, with nothing stored, when the minutes have no room for the record.
 */
export function publishMeeting(
	deps: PublishingDependencies,
	name: DocumentName,
	changed: ChangedBy
): Promise<PublishResult> {
	return deps.registry.withRoom(name, async (minutes): Promise<PublishResult> => {
		if (!isMeetingCreated(minutes.doc)) return { ok: false, reason: 'unknown' };
		// Checked before the revision is stored, so a refused write leaves no revision behind.
		minutes.checkRelayWrite();
		const stored = await deps.store.listRevisions(name.name);
		const revision = (stored.at(-1)?.revision ?? 0) + 1;
		const at = new Date().toISOString();

		const copy = new Y.Doc();
		let snapshot: Uint8Array;
		let record: Uint8Array;
		try {
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(minutes.doc));
			recordPublication(copy, revision, { ...changed, at });
			snapshot = Y.encodeStateAsUpdate(copy);
			record = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(minutes.doc));
		} finally {
			copy.destroy();
		}

		const numbered = await deps.store.addRevision(name.name, at, snapshot);
		if (numbered !== revision) {
			// Only a second relay writing this meeting's revisions could do this; the minutes are
			// left as they were, and the stored revision is never served (see the header).
			throw new Error(`revision numbered ${numbered}, expected ${revision}`);
		}
		await minutes.change(null, (doc) => Y.applyUpdate(doc, record, PUBLISH_ORIGIN));
		await listMeeting(deps, minutes);
		deps.logger.info('published', { doc: name.name, revision });
		return { ok: true, revision };
	});
}

/**
 * Takes the public page of the minutes `name` down; their revisions stay stored and come back
 * with the next publish. A page already down is left as it is (nothing written), so a script
 * may send it again; minutes never published have no page, and nothing is written either.
 */
export function withdrawMeeting(
	deps: PublishingDependencies,
	name: DocumentName,
	changed: ChangedBy
): Promise<WithdrawResult> {
	return deps.registry.withRoom(name, async (minutes): Promise<WithdrawResult> => {
		if (!isMeetingCreated(minutes.doc)) return { ok: false, reason: 'unknown' };
		if (!publication(minutes.doc).isPublic) return { ok: true, wasPublic: false };
		await minutes.change(null, (doc) => recordWithdrawal(doc, changed, PUBLISH_ORIGIN));
		await listMeeting(deps, minutes);
		deps.logger.info('withdrawn', { doc: name.name });
		return { ok: true, wasPublic: true };
	});
}

/**
 * The revisions that may be served: those the minutes record as published (`published`, from
 * `publishedRevisions`); a revision stored by a publish that died before the minutes recorded
 * it is left out, also after later publishes. Oldest first.
 */
export async function servableRevisions(
	store: Store,
	name: string,
	published: readonly number[]
): Promise<RevisionRecord[]> {
	const confirmed = new Set(published);
	return (await store.listRevisions(name)).filter((r) => confirmed.has(r.revision));
}

/**
 * The directory entry follows, so the meetings list says "published" (or no longer does). An
 * entry the directory cannot take (a title of thousands of characters) does not undo the
 * publish, which is stored: it is logged, as the relay's directory sync logs it.
 */
async function listMeeting(deps: PublishingDependencies, minutes: Room): Promise<void> {
	try {
		await writeDirectoryEntry(deps.registry, minutes, PUBLISH_ORIGIN);
	} catch (error) {
		if (!(error instanceof DocumentTooLargeError)) throw error;
		deps.logger.warn('directory_entry_refused', { doc: minutes.name.name, reason: error.message });
	}
}
