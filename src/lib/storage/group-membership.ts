/**
 * A device's membership of its groups, beyond joining (groups.ts): tokens replaced after a
 * rotation or a newer link, what leaving a group would lose, removing a group's local data,
 * and moving a meeting out of the local notebook's storage.
 *
 * Document names (docs/contract.md): `<groupId>` (the directory), `<groupId>/<meetingId>` and
 * `<groupId>/<meetingId>/comments`, `<groupId>/<meetingId>/floor`; every document of a group is found by that prefix.
 */
import { isDocumentOfGroup } from '$lib/protocol/document-names';
import {
	ACCESS_ROLES,
	parseToken,
	strongestRole,
	type AccessRole
} from '$lib/protocol/token-format';
import type { GroupRecord, PlenaryDatabase } from './db';
import { deleteStoredDocuments, storedDocumentNames } from './stored-documents';
import { LOCAL_NOTEBOOK_ID } from './local-notebook';

function generationOf(token: string | undefined): number {
	return parseToken(token)?.generation ?? 0;
}

/** The newest generation among a group's stored tokens (0 when none parse). */
export function newestGeneration(tokens: Partial<Record<AccessRole, string>>): number {
	return Math.max(0, ...ACCESS_ROLES.map((role) => generationOf(tokens[role])));
}

/**
 * Tokens of an older generation than `generation` no longer work (the group was rotated):
 * drops them so a newer, weaker link is not shadowed by a dead, stronger one.
 */
export async function dropStaleTokens(
	db: PlenaryDatabase,
	groupId: string,
	generation: number
): Promise<void> {
	await db.transaction('rw', db.groups, async () => {
		const group = await db.groups.get(groupId);
		if (!group) return;
		const tokens = Object.fromEntries(
			Object.entries(group.tokens).filter(([, token]) => generationOf(token) >= generation)
		) as GroupRecord['tokens'];
		if (Object.keys(tokens).length === Object.keys(group.tokens).length) return;
		await db.groups.put({ ...group, tokens });
	});
}

/** Every token of a group replaced (after rotating its links from this device). */
export async function replaceGroupTokens(
	db: PlenaryDatabase,
	groupId: string,
	tokens: Partial<Record<AccessRole, string>>
): Promise<GroupRecord | null> {
	return db.transaction('rw', db.groups, async () => {
		const group = await db.groups.get(groupId);
		if (!group) return null;
		const role = strongestRole(tokens) ?? group.role;
		const next = { ...group, tokens: { ...tokens }, role };
		await db.groups.put(next);
		return next;
	});
}

export interface LeaveLoss {
	/** meetings of the group kept on this device */
	meetings: number;
	/** changes the relay has not confirmed, lost for good when the group is left */
	unsyncedChanges: number;
}

/** What leaving a group would remove from this device. */
export async function leaveLoss(
	db: PlenaryDatabase,
	groupId: string,
	openPending: ReadonlyMap<string, number> = new Map()
): Promise<LeaveLoss> {
	const [meetings, documents] = await db.transaction('r', db.meetings, db.documents, () =>
		Promise.all([
			db.meetings.where('groupId').equals(groupId).count(),
			db.documents.where('groupId').equals(groupId).toArray()
		])
	);
	let unsyncedChanges = 0;
	for (const doc of documents) unsyncedChanges += openPending.get(doc.name) ?? doc.pending;
	for (const [name, count] of openPending) {
		if (isDocumentOfGroup(name, groupId) && !documents.some((d) => d.name === name)) {
			unsyncedChanges += count;
		}
	}
	return { meetings, unsyncedChanges };
}

/**
 * Removes one meeting's index row and documents from this device (after moving it). Each
 * document is a database of its own (doc-store.ts), so this is not one transaction: the rows go
 * first, and a tab closed in between leaves documents that nothing lists, never a listed meeting
 * whose documents are gone.
 */
export async function removeMeetingFromDevice(
	db: PlenaryDatabase,
	groupId: string,
	meetingId: string
): Promise<void> {
	const names = ['', '/comments', '/floor'].map((tail) => `${groupId}/${meetingId}${tail}`);
	await db.transaction('rw', db.documents, db.meetings, async () => {
		await db.documents.bulkDelete(names);
		await db.meetings.delete([groupId, meetingId]);
	});
	await deleteStoredDocuments(db, names);
}

/**
 * Removes a group and everything of it stored on this device, its rows first and then its
 * documents (as above). Never the local notebook.
 */
export async function removeGroupData(db: PlenaryDatabase, groupId: string): Promise<void> {
	if (groupId === LOCAL_NOTEBOOK_ID) throw new Error('the local notebook cannot be left');
	// By what is stored, not through the documents table: a document is stored before its row is.
	const names = (await storedDocumentNames(db)).filter((name) => isDocumentOfGroup(name, groupId));
	await db.transaction('rw', [db.groups, db.meetings, db.documents, db.settings], async () => {
		await db.documents.where('groupId').equals(groupId).delete();
		await db.meetings.where('groupId').equals(groupId).delete();
		await db.groups.delete(groupId);
		if ((await db.settings.get('current-group'))?.value === groupId) {
			await db.settings.delete('current-group');
		}
	});
	await deleteStoredDocuments(db, names);
}
