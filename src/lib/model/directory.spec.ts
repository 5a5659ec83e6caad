import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createDirectory,
	directory,
	directoryEntry,
	removeDirectoryEntry,
	setGroupName,
	syncDirectoryEntry
} from './directory';
import { createMeeting, setHeader, setStatus, setTitle } from './minutes';

const M1 = 'meeting_000000000000000001';
const M2 = 'meeting_000000000000000002';

describe('directory', () => {
	it('is created once with a name', () => {
		const doc = new Y.Doc();
		expect(directory(doc)).toEqual({ schemaVersion: null, name: '', meetings: [] });
		createDirectory(doc, { name: ' Riverside Tenants ' });
		expect(directory(doc)).toMatchObject({ schemaVersion: 1, name: 'Riverside Tenants' });
		expect(() => createDirectory(doc, { name: 'again' })).toThrow();
		expect(() => setGroupName(doc, '')).toThrow(RangeError);
		setGroupName(doc, 'Riverside');
		expect(directory(doc).name).toBe('Riverside');
	});

	it('keeps entries in step with the minutes, writing only changes', () => {
		const dir = new Y.Doc();
		createDirectory(dir, { name: 'G' });
		const m1 = new Y.Doc();
		const m2 = new Y.Doc();
		expect(syncDirectoryEntry(dir, M1, m1)).toBe(false);
		createMeeting(m1, { meetingId: M1, title: 'March', date: '2026-03-12', categories: ['x'] });
		createMeeting(m2, { meetingId: M2, title: 'April', date: '2026-04-15' });
		expect(syncDirectoryEntry(dir, M1, m1, { now: 't1' })).toBe(true);
		expect(syncDirectoryEntry(dir, M2, m2, { now: 't1' })).toBe(true);
		let updates = 0;
		dir.on('update', () => updates++);
		expect(syncDirectoryEntry(dir, M1, m1, { now: 't2' })).toBe(false);
		expect(updates).toBe(0);
		setTitle(m1, 'March meeting');
		setStatus(m1, 'published');
		setHeader(m1, { categories: ['x', 'y'] });
		expect(syncDirectoryEntry(dir, M1, m1, { now: 't3' })).toBe(true);
		expect(updates).toBe(1);
		expect(directoryEntry(dir, M1)).toEqual({
			meetingId: M1,
			title: 'March meeting',
			date: '2026-03-12',
			status: 'published',
			revision: 1,
			categories: ['x', 'y'],
			updatedAt: 't3'
		});
		expect(directory(dir).meetings.map((m) => m.title)).toEqual(['April', 'March meeting']);
		expect(removeDirectoryEntry(dir, M2)).toBe(true);
		expect(removeDirectoryEntry(dir, M2)).toBe(false);
		expect(directory(dir).meetings).toHaveLength(1);
		expect(syncDirectoryEntry(dir, 'bad id', m1)).toBe(false);
	});

	it('reads foreign entries defensively', () => {
		const dir = new Y.Doc();
		const meetings = dir.getMap<unknown>('meetings');
		meetings.set('a', 'nonsense');
		meetings.set('b', { title: 3, date: 'soon', status: 'secret', categories: [1, 'ok'] });
		expect(directory(dir).meetings).toEqual([
			{
				meetingId: 'b',
				title: '',
				date: '',
				status: 'draft',
				revision: 1,
				categories: ['ok'],
				updatedAt: ''
			}
		]);
	});
});
