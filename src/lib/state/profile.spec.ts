import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PlenaryDatabase, setDatabase } from '$lib/storage/db';
import { saveProfile } from '$lib/storage/groups';
import { followProfile, loadProfile, updateProfile, type Profile } from './profile';

let db: PlenaryDatabase;
let n = 0;

beforeEach(() => {
	db = new PlenaryDatabase(`profile-test-${++n}`);
	setDatabase(db);
});

afterEach(async () => {
	setDatabase(undefined);
	await db.delete();
});

test('the profile is followed: a name saved here or in another tab is heard at once', async () => {
	const heard: Profile[] = [];
	const stop = followProfile((profile) => heard.push(profile));
	const first = await loadProfile();
	await vi.waitFor(() => expect(heard).toEqual([first]));

	await updateProfile({ displayName: '  Sam  ' });
	await vi.waitFor(() => expect(heard.at(-1)).toEqual({ ...first, displayName: 'Sam' }));

	const otherTab = new PlenaryDatabase(db.name);
	await saveProfile(otherTab, { displayName: 'Sam Lee', colour: '#2a9d8f' });
	await vi.waitFor(() =>
		expect(heard.at(-1)).toEqual({ displayName: 'Sam Lee', colour: '#2a9d8f' })
	);
	otherTab.close();

	stop();
	const count = heard.length;
	await updateProfile({ displayName: 'After' });
	await new Promise((resolve) => setTimeout(resolve, 50));
	expect(heard.length).toBe(count);
});
