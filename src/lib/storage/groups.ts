/**
 * Groups and the profile on this device. The local notebook (LOCAL_NOTEBOOK_ID) is a group
 * without a relay that exists from the first run, so a person can take minutes before joining
 * anything; its meetings can be moved into a group later.
 */
import { ACCESS_ROLES, strongestRole, type AccessRole } from '$lib/protocol/token-format';
import type { GroupRecord, PlenaryDatabase, ProfileRecord } from './db';
import { LOCAL_NOTEBOOK_ID } from './local-notebook';

export { LOCAL_NOTEBOOK_ID };

export function localNotebook(): GroupRecord {
	return {
		id: LOCAL_NOTEBOOK_ID,
		name: 'On this device',
		relayUrl: null,
		tokens: {},
		role: 'edit',
		joinedAt: new Date().toISOString(),
		isLocal: true
	};
}

/** Creates the local notebook on first run; returns every group, the local notebook first. */
export async function ensureGroups(db: PlenaryDatabase): Promise<GroupRecord[]> {
	await db.transaction('rw', db.groups, async () => {
		if (!(await db.groups.get(LOCAL_NOTEBOOK_ID))) await db.groups.put(localNotebook());
	});
	return listGroups(db);
}

/** Every group, the local notebook first, then by name; also as a live query (the workspace). */
export async function listGroups(db: PlenaryDatabase): Promise<GroupRecord[]> {
	const groups = await db.groups.toArray();
	return groups.sort(
		(a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name)
	);
}

export interface JoinedGroup {
	groupId: string;
	name: string;
	relayUrl: string;
	tokens: Partial<Record<AccessRole, string>>;
}

/** Stores (or updates) a group this device joined or created; the strongest token is its role. */
export async function saveGroup(db: PlenaryDatabase, group: JoinedGroup): Promise<GroupRecord> {
	return db.transaction('rw', db.groups, async () => {
		const existing = await db.groups.get(group.groupId);
		const tokens = { ...existing?.tokens, ...group.tokens };
		const role = strongestRole(tokens) ?? 'view';
		const record: GroupRecord = {
			id: group.groupId,
			name: group.name,
			relayUrl: group.relayUrl.replace(/\/+$/, ''),
			tokens,
			role,
			joinedAt: existing?.joinedAt ?? new Date().toISOString(),
			isLocal: false
		};
		await db.groups.put(record);
		return record;
	});
}

export async function getGroup(
	db: PlenaryDatabase,
	groupId: string
): Promise<GroupRecord | undefined> {
	return db.groups.get(groupId);
}

/** Where and with which token a group's documents sync; null for the local notebook. */
export async function relayTargetFor(
	db: PlenaryDatabase,
	groupId: string
): Promise<{ relayUrl: string; token: string } | null> {
	const group = await getGroup(db, groupId);
	if (!group || !group.relayUrl) return null;
	const token = group.tokens[group.role] ?? ACCESS_ROLES.map((r) => group.tokens[r]).find(Boolean);
	return token ? { relayUrl: group.relayUrl, token } : null;
}

const COLOURS = ['#1f77b4', '#b5179e', '#2a9d8f', '#e76f51', '#6a4c93', '#8a5a00', '#0b7a75'];

/** The profile, made on first use with a colour chosen at random. */
export async function getProfile(db: PlenaryDatabase): Promise<ProfileRecord> {
	return saveProfile(db, {});
}

export async function saveProfile(
	db: PlenaryDatabase,
	patch: Partial<Omit<ProfileRecord, 'id'>>
): Promise<ProfileRecord> {
	return db.transaction('rw', db.profile, async () => {
		const existing = await db.profile.get('me');
		const profile: ProfileRecord = {
			id: 'me',
			displayName: '',
			colour: COLOURS[Math.floor(Math.random() * COLOURS.length)],
			...existing,
			...patch
		};
		if (!existing || Object.keys(patch).length) await db.profile.put(profile);
		return profile;
	});
}
