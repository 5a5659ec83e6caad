import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from './agenda';
import { setIdGenerator } from './ids';
import {
	addPerson,
	attendance,
	createMeeting,
	header,
	isMeetingCreated,
	meetingSnapshot,
	meetingStatus,
	nextMeeting,
	removePerson,
	setAttendanceRole,
	setHeader,
	setNextMeeting,
	setPresentCount,
	setRevision,
	setStatus,
	setTitle,
	titleText,
	updatePerson
} from './minutes';
import { minutesRoots, MINUTES_SCHEMA_VERSION } from './schema';
import { sequentialIds } from './test-helpers';

const MEETING = 'meeting_000000000000000001';

beforeEach(() => setIdGenerator(sequentialIds('p')));
afterEach(() => setIdGenerator());

describe('creating a meeting', () => {
	it('opening a document writes nothing', () => {
		const doc = new Y.Doc();
		let updates = 0;
		doc.on('update', () => updates++);
		minutesRoots(doc);
		expect(meetingSnapshot(doc).header.title).toBe('');
		expect(isMeetingCreated(doc)).toBe(false);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
		expect(updates).toBe(0);
	});

	it('writes the first content once, in one transaction', () => {
		const doc = new Y.Doc();
		let updates = 0;
		doc.on('update', () => updates++);
		const id = createMeeting(doc, {
			meetingId: MEETING,
			title: 'March meeting',
			date: '2026-03-12',
			startTime: '19:00',
			endTime: '21:15',
			venue: 'Community room',
			categories: ['housing', ' repairs ', 'housing'],
			createdAt: '2026-03-01T10:00:00.000Z'
		});
		expect(id).toBe(MEETING);
		expect(updates).toBe(1);
		const snap = meetingSnapshot(doc);
		expect(snap).toMatchObject({
			schemaVersion: MINUTES_SCHEMA_VERSION,
			meetingId: MEETING,
			createdAt: '2026-03-01T10:00:00.000Z',
			status: 'draft',
			revision: 1,
			header: {
				title: 'March meeting',
				date: '2026-03-12',
				startTime: '19:00',
				endTime: '21:15',
				venue: 'Community room',
				categories: ['housing', 'repairs'],
				writtenBy: '',
				publishedOn: ''
			}
		});
		expect(() => createMeeting(doc)).toThrow();
		expect(() => createMeeting(new Y.Doc(), { meetingId: 'bad' })).toThrow(RangeError);
		expect(() => createMeeting(new Y.Doc(), { date: '12/03/2026' })).toThrow(RangeError);
		expect(createMeeting(new Y.Doc())).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});
});

describe('header and status', () => {
	it('sets the title as a minimal edit and other header fields', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: MEETING, title: 'March' });
		const deltas: unknown[] = [];
		titleText(doc)!.observe((e) => deltas.push(e.delta));
		setTitle(doc, 'March meeting');
		expect(deltas).toEqual([[{ retain: 5 }, { insert: ' meeting' }]]);
		setHeader(doc, { writtenBy: 'Lena', publishedOn: '2026-03-20', venue: 'Hall' });
		expect(header(doc)).toMatchObject({
			writtenBy: 'Lena',
			publishedOn: '2026-03-20',
			venue: 'Hall'
		});
		expect(() => setHeader(doc, { startTime: '25:00' })).toThrow(RangeError);
		expect(() => setHeader(doc, { date: '2026-02-30' })).toThrow(RangeError);
		setHeader(doc, { date: '' });
		expect(header(doc).date).toBe('');
	});

	it('sets status and revision', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: MEETING });
		setStatus(doc, 'review');
		expect(meetingStatus(doc)).toEqual({ status: 'review', revision: 1 });
		setStatus(doc, 'published');
		setRevision(doc, 2);
		expect(meetingStatus(doc)).toEqual({ status: 'published', revision: 2 });
		expect(() => setStatus(doc, 'done' as 'draft')).toThrow(RangeError);
		expect(() => setRevision(doc, 0)).toThrow(RangeError);
	});
});

describe('attendance', () => {
	it('keeps people, roles and a present count', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: MEETING });
		const sam = addPerson(doc, { name: ' Sam ', roles: ['facilitator'] });
		const lena = addPerson(doc, { name: 'Lena' });
		const ruth = addPerson(doc, { name: 'Ruth', present: false });
		expect(attendance(doc)).toMatchObject({
			presentCount: null,
			namedPresent: 2,
			effectivePresentCount: 2,
			facilitators: ['Sam'],
			minuteTakers: []
		});
		setAttendanceRole(doc, 'minute-taker', [lena]);
		setAttendanceRole(doc, 'facilitator', [ruth]);
		expect(attendance(doc)).toMatchObject({ facilitators: ['Ruth'], minuteTakers: ['Lena'] });
		updatePerson(doc, ruth, { present: true, name: 'Ruth B' });
		expect(attendance(doc).people.map((p) => [p.name, p.present])).toEqual([
			['Sam', true],
			['Lena', true],
			['Ruth B', true]
		]);
		setPresentCount(doc, 14);
		expect(attendance(doc).effectivePresentCount).toBe(14);
		setPresentCount(doc, 1);
		expect(attendance(doc).effectivePresentCount).toBe(3);
		expect(removePerson(doc, sam)).toBe(true);
		expect(removePerson(doc, sam)).toBe(false);
		expect(updatePerson(doc, sam, { name: 'x' })).toBe(false);
		expect(() => setPresentCount(doc, -1)).toThrow(RangeError);
		expect(() => addPerson(doc, { name: 'x', roles: ['chair' as 'facilitator'] })).toThrow();
	});

	it('counts a stand-alone "14 people" without names', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: MEETING });
		expect(attendance(doc).effectivePresentCount).toBeNull();
		setPresentCount(doc, 14);
		expect(attendance(doc)).toMatchObject({ people: [], effectivePresentCount: 14 });
	});
});

describe('next meeting', () => {
	it('sets and reads the block', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: MEETING });
		setNextMeeting(doc, {
			date: '2026-04-15',
			startTime: '19:00',
			endTime: '21:00',
			venue: 'Community room',
			topic: 'Repairs, phase two',
			facilitator: 'Tomasz',
			minuteTaker: 'Mei'
		});
		expect(nextMeeting(doc)).toEqual({
			date: '2026-04-15',
			startTime: '19:00',
			endTime: '21:00',
			venue: 'Community room',
			topic: 'Repairs, phase two',
			facilitator: 'Tomasz',
			minuteTaker: 'Mei'
		});
		expect(() => setNextMeeting(doc, { date: 'soon' })).toThrow(RangeError);
	});
});

describe('defensive reading', () => {
	it('shows what it can of a document with wrong types and never throws', () => {
		const doc = new Y.Doc();
		const { meta, header: h, people, next, blocks, items } = minutesRoots(doc);
		doc.transact(() => {
			meta.set('schemaVersion', 'two');
			h.set('title', 12);
			h.set('date', '2026-13-01');
			h.set('startTime', '7pm');
			h.set('venue', 'Hall');
			h.set('categories', 'housing');
			h.set('status', 'archived');
			h.set('revision', -4);
			h.set('presentCount', '14');
			people.set('x', 'Sam');
			const p = new Y.Map<unknown>();
			people.set('y', p);
			p.set('name', 5);
			p.set('roles', ['facilitator', 'chair', 3]);
			next.set('date', 20260415);
			blocks.set('b1', new Y.Map());
			blocks.set('b2', 'decision');
			const bad = new Y.Map<unknown>();
			blocks.set('b3', bad);
			bad.set('kind', 'decision');
			bad.set('votesFor', 'seven');
			bad.set('method', 'lottery');
			items.set('i', null);
		});
		const snap = meetingSnapshot(doc);
		expect(snap).toMatchObject({
			schemaVersion: null,
			status: 'draft',
			revision: 1,
			header: { title: '', date: '', startTime: '', venue: 'Hall', categories: [] },
			attendance: { presentCount: null, effectivePresentCount: 1 },
			agenda: [],
			next: { date: '' }
		});
		expect(snap.attendance.people).toEqual([
			{ id: 'y', name: '', present: true, roles: ['facilitator'], pos: '' }
		]);
		expect(snap.blocks).toMatchObject([
			{ id: 'b3', kind: 'decision', method: 'consensus', votesFor: null, itemId: null }
		]);
	});

	it('reads an item added in the same document before the meeting was created', () => {
		const doc = new Y.Doc();
		addAgendaItem(doc, { title: 'early' });
		expect(meetingSnapshot(doc).agenda.map((n) => n.title)).toEqual(['early']);
	});
});
