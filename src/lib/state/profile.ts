/**
 * This person's display name and colour (the `profile` row), for screens that must not pull
 * storage into the first screen's bundle: everything is loaded with `import()`.
 */
export interface Profile {
	displayName: string;
	colour: string;
}

/** Colours with enough contrast for initials on them; one is chosen at first use. */
export const PROFILE_COLOURS = [
	'#1f77b4',
	'#b5179e',
	'#2a9d8f',
	'#e76f51',
	'#6a4c93',
	'#8a5a00',
	'#0b7a75'
];

async function storage() {
	const [{ getDatabase }, groups, live] = await Promise.all([
		import('$lib/storage/db'),
		import('$lib/storage/groups'),
		import('$lib/storage/live-query')
	]);
	return { db: getDatabase(), groups, live };
}

export async function loadProfile(): Promise<Profile> {
	const { db, groups } = await storage();
	const { displayName, colour } = await groups.getProfile(db);
	return { displayName, colour };
}

export async function updateProfile(patch: Partial<Profile>): Promise<Profile> {
	const { db, groups } = await storage();
	const next: Partial<Profile> = {};
	if (patch.displayName !== undefined) next.displayName = patch.displayName.trim().slice(0, 80);
	if (patch.colour !== undefined && /^#[0-9a-f]{6}$/i.test(patch.colour))
		next.colour = patch.colour;
	const { displayName, colour } = await groups.saveProfile(db, next);
	return { displayName, colour };
}

/**
 * Calls `listener` with the profile once read and after each change, made in this tab or
 * another (a live query); returns the function that stops it. Nothing is called before the
 * profile is first made (`loadProfile` makes it).
 */
export function followProfile(listener: (profile: Profile) => void): () => void {
	let stop: (() => void) | null = null;
	let isStopped = false;
	void storage().then(({ db, live }) => {
		if (isStopped) return;
		stop = live.followQuery(
			db,
			'profile',
			() => db.profile.get('me'),
			(row) => row && listener({ displayName: row.displayName, colour: row.colour })
		);
	});
	return () => {
		isStopped = true;
		stop?.();
	};
}

/** How someone without a profile yet appears to others. */
export const GUEST = { name: 'Guest', color: PROFILE_COLOURS[0] };

/** How this person appears to others: their name, or "Guest" until they give one. */
export function asPresenceUser(profile: Profile): { name: string; color: string } {
	return { name: profile.displayName.trim() || GUEST.name, color: profile.colour };
}

export async function presenceUser(): Promise<{ name: string; color: string }> {
	return asPresenceUser(await loadProfile());
}
