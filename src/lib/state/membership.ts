/**
 * Joining, creating, rotating and leaving groups: the steps between the relay's answers
 * (sync/relay-api.ts), this device's storage (storage/groups.ts, group-membership.ts) and the
 * workspace. Screens call these and show the outcome's words; nothing here throws for a
 * network or relay failure.
 */
import { getDatabase } from '$lib/storage/db';
import {
	dropStaleTokens,
	leaveLoss,
	newestGeneration,
	replaceGroupTokens
} from '$lib/storage/group-membership';
import { getGroup, getProfile, saveProfile } from '$lib/storage/groups';
import type { Invite } from '$lib/protocol/invite-links';
import { deviceDateOrder } from './date-order';
import { ROLE_WORDS, youCan } from './role-words';
import { pendingByDocument, useNewGroupToken } from '$lib/documents/registry';
import { expectRotation } from '$lib/sync/refusals';
import { revokedGroups } from './revoked-groups.svelte';
import {
	checkInvite,
	createGroupOnRelay,
	fetchGroupTokens,
	rotateLinks,
	type RelayFailure,
	type RelayOutcome
} from '$lib/sync/relay-api';
import type { GroupRecord, MeetingIndexRecord } from '$lib/storage/db';
import { LOCAL_NOTEBOOK_ID } from '$lib/storage/local-notebook';
import { dropGroupPresence } from './group-presence.svelte';
import type { Workspace } from './workspace.svelte';

export type { GroupRecord, MeetingIndexRecord };

export type JoinResult =
	| {
			ok: true;
			group: GroupRecord;
			/** the person's words for what happened */
			message: string;
			wasMember: boolean;
	  }
	| RelayFailure;

/** Remembers the display name for next time (a colour was chosen for the person already). */
export async function rememberName(displayName: string): Promise<void> {
	await saveProfile(getDatabase(), { displayName: displayName.trim() });
}

export async function savedName(): Promise<string> {
	try {
		return (await getProfile(getDatabase())).displayName;
	} catch {
		return '';
	}
}

/** Checks the invite with its relay, then stores the group (or updates it) and makes it current. */
export async function joinWithInvite(workspace: Workspace, invite: Invite): Promise<JoinResult> {
	const checked = await checkInvite(invite.relayUrl, invite.token, invite.claims);
	if (!checked.ok) return checked;
	const db = getDatabase();
	const { groupId, role, generation } = invite.claims;
	const before = await getGroup(db, groupId);
	if (before && generation > newestGeneration(before.tokens)) {
		await dropStaleTokens(db, groupId, generation);
	}
	// Its directory reopens with the new token once nothing holds the old connection.
	if (before) dropGroupPresence(groupId);
	const group = await workspace.addGroup({
		groupId,
		name: checked.name || before?.name || 'Group',
		relayUrl: invite.relayUrl,
		tokens: { [role]: invite.token }
	});
	revokedGroups.forget(groupId);
	const words = youCan(group.role);
	let message = `You joined “${group.name}”: ${words}.`;
	if (before) {
		message =
			before.role === group.role
				? `You were already in “${group.name}”; this link is kept too, and ${words}.`
				: `You were already in “${group.name}”; now ${words} (before: ${ROLE_WORDS[before.role].label.toLowerCase()}).`;
	}
	return { ok: true, group, message, wasMember: !!before };
}

export async function createGroup(
	workspace: Workspace,
	name: string,
	relayUrl: string
): Promise<{ ok: true; group: GroupRecord } | RelayFailure> {
	// Written with the directory's first content, so every member sees it from the start.
	const created = await createGroupOnRelay(relayUrl, name, { dateOrder: deviceDateOrder() });
	if (!created.ok) return created;
	const group = await workspace.addGroup({
		groupId: created.groupId,
		name: created.name,
		relayUrl,
		tokens: created.tokens
	});
	return { ok: true, group };
}

/** The relay and edit token that managing a group's links needs, or why this device has none. */
function editorOf(
	group: GroupRecord
): { ok: true; relayUrl: string; editToken: string } | RelayFailure {
	const editToken = group.tokens.edit;
	if (!group.relayUrl || !editToken) {
		return { ok: false, kind: 'refused', message: 'Only people with the edit link can do this.' };
	}
	return { ok: true, relayUrl: group.relayUrl, editToken };
}

/** New links for a group this device can edit; the old ones stop working everywhere. */
export async function rotateGroupLinks(
	workspace: Workspace,
	group: GroupRecord
): Promise<{ ok: true; group: GroupRecord } | RelayFailure> {
	const editor = editorOf(group);
	if (!editor.ok) return editor;
	const rotated = await rotateLinks(editor.relayUrl, group.id, editor.editToken);
	if (!rotated.ok) return rotated;
	const next = await replaceGroupTokens(getDatabase(), group.id, rotated.tokens);
	revokedGroups.forget(group.id);
	await workspace.reloadGroup(group.id);
	return { ok: true, group: next ?? group };
}

/**
 * An editor who joined with the edit link holds only that token: asks the relay for the group's
 * comment and view links and stores them with the group. The edit token stays the same string
 * (same generation), so the group's sync carries on untouched.
 */
export async function fetchMissingLinks(
	workspace: Workspace,
	group: GroupRecord
): Promise<{ ok: true; group: GroupRecord } | RelayFailure> {
	const editor = editorOf(group);
	if (!editor.ok) return editor;
	const fetched = await fetchGroupTokens(editor.relayUrl, group.id, editor.editToken);
	if (!fetched.ok) return fetched;
	if (fetched.tokens.edit !== editor.editToken) {
		// Not expected (the relay accepted this very token); keep the sync's token as it is.
		return { ok: false, kind: 'error', message: 'The relay answered with other links. Try again.' };
	}
	const next = await replaceGroupTokens(getDatabase(), group.id, fetched.tokens);
	await workspace.reloadGroups();
	return { ok: true, group: next ?? group };
}

/**
 * Rotation from a screen that holds the group's documents open (a meeting): its own sockets'
 * 4401 is expected, and every open document reconnects with the new token.
 */
export async function rotateLinksHere(
	workspace: Workspace,
	group: GroupRecord
): Promise<{ ok: true; group: GroupRecord } | RelayFailure> {
	const done = expectRotation(group.id);
	try {
		const result = await rotateGroupLinks(workspace, group);
		if (result.ok) await useNewGroupToken(group.id);
		return result;
	} finally {
		done();
	}
}

/** Checks an invite link with its relay before joining: the group's name, or why it fails. */
export function previewInvite(invite: Invite): Promise<RelayOutcome<{ name: string }>> {
	return checkInvite(invite.relayUrl, invite.token, invite.claims);
}

/** What leaving a group removes from this device, in the person's words. */
export async function leaveWarning(group: GroupRecord): Promise<string> {
	const loss = await leaveLoss(getDatabase(), group.id, pendingByDocument());
	const meetings = loss.meetings === 1 ? '1 meeting' : `${loss.meetings} meetings`;
	let text = `This removes “${group.name}” and its ${meetings} from this device. The relay keeps the group; you can join again with a link.`;
	if (loss.unsyncedChanges > 0) {
		const changes = loss.unsyncedChanges === 1 ? '1 change' : `${loss.unsyncedChanges} changes`;
		text += ` ${changes} made here have not reached the relay yet and will be lost for good.`;
	}
	return text;
}

/** The meetings of the local notebook, which can be moved into a group. */
export async function notebookMeetings(): Promise<MeetingIndexRecord[]> {
	return getDatabase().meetings.where('groupId').equals(LOCAL_NOTEBOOK_ID).toArray();
}
