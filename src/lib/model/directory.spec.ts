import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createDirectory,
	directory,
	directoryEntry,
	removeDirectoryEntry,
	setDateOrder,
	setGroupName,
	syncDirectoryEntry
} from './directory';
import { createMeeting, setHeader, setStatus, setTitle } from './minutes';

const M1 = 'meeting_000000000000000001';
const M2 = 'meeting_000000000000000002';

describe('directory', () => {
	it('is created once with a name', () => {
		const doc = new Y.Doc();
		expect(directory(doc)).toEqual({
			schemaVersion: null,
			name: '',
			dateOrder: null,
			meetings: []
		});
		createDirectory(doc, { name: ' Riverside Tenants ' });
		expect(directory(doc)).toMatchObject({ schemaVersion: 1, name: 'Riverside Tenants' });
		expect(() => createDirectory(doc, { name: 'again' })).toThrow();
		expect(() => setGroupName(doc, '')).toThrow(RangeError);
		setGroupName(doc, 'Riverside');
		expect(directory(doc).name).toBe('Riverside');
	});

	it("keeps the group's date order: set at creation or later, validated", () => {
		const doc = new Y.Doc();
		createDirectory(doc, { name: 'G' });
		expect(directory(doc).dateOrder).toBeNull();
		setDateOrder(doc, 'mdy');
		expect(directory(doc).dateOrder).toBe('mdy');
		let updates = 0;
		doc.on('update', () => updates++);
		setDateOrder(doc, 'mdy');
		expect(updates).toBe(0);
		expect(() => setDateOrder(doc, 'ydm' as never)).toThrow(RangeError);
		expect(() => setDateOrder(doc, '' as never)).toThrow(RangeError);
		expect(directory(doc).dateOrder).toBe('mdy');

		const made = new Y.Doc();
		createDirectory(made, { name: 'H', dateOrder: 'ymd' });
		expect(directory(made)).toMatchObject({ name: 'H', dateOrder: 'ymd' });
		expect(() => createDirectory(new Y.Doc(), { name: 'H', dateOrder: 'x' as never })).toThrow(
			RangeError
		);
	});

	it('reads a stored date order that is not one as not set', () => {
		for (const stored of ['DMY', 'y-m-d', 3, null, { order: 'dmy' }]) {
			const doc = new Y.Doc();
			createDirectory(doc, { name: 'G' });
			doc.getMap('group').set('dateOrder', stored);
			expect(directory(doc).dateOrder).toBeNull();
		}
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
			updatedAt: 't3',
			follows: ''
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
				updatedAt: '',
				follows: ''
			}
		]);
	});
});
