import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, agendaList, itemNotes, setItemNotes } from './agenda';
import { addAction, addEvent, allBlocks } from './blocks';
import { checkMeeting } from './check';
import { createDirectory, directory, syncDirectoryEntry } from './directory';
import { addPerson, createMeeting, header, setHeader } from './minutes';
import { notesToPlainText } from './notes';
import { followedMeeting, mergedInto, otherPlans, plansFrom } from './plan-links';
import { mergePlans, OTHER_PLAN_TITLE } from './plan-merge';
import { createPlannedMeeting, planNextMeeting } from './plan-next';

const MARCH = 'meeting_march_0000000001';
const A = 'meeting_plan_a_000000001';
const B = 'meeting_plan_b_000000001';

function previous(): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: MARCH, title: 'March', date: '2026-03-31', venue: 'Birkbeck' });
	const item = addAgendaItem(doc, { title: 'Repairs' });
	addAction(doc, { itemId: item, what: 'Write to the landlord', owners: ['Ben'] });
	return doc;
}

/** Two devices plan from the same replica of March, offline, then sync through the directory. */
function doublePlan() {
	const march = previous();
	const plan = planNextMeeting(march, { rota: ['Amara', 'Ben'] });
	const a = new Y.Doc();
	const b = new Y.Doc();
	createPlannedMeeting(march, a, plan, { meetingId: A });
	createPlannedMeeting(march, b, plan, { meetingId: B });
	return { march, a, b };
}

describe('a next meeting planned twice', () => {
	it('is found through the directory once both plans synced', () => {
		const { a, b } = doublePlan();
		const dirA = new Y.Doc();
		const dirB = new Y.Doc();
		createDirectory(dirA, { name: 'Chapter' });
		Y.applyUpdate(dirB, Y.encodeStateAsUpdate(dirA));
		syncDirectoryEntry(dirA, A, a);
		syncDirectoryEntry(dirB, B, b);
		expect(otherPlans(directory(dirA).meetings, A)).toEqual([]);
		Y.applyUpdate(dirA, Y.encodeStateAsUpdate(dirB));
		const entries = directory(dirA).meetings;
		expect(
			plansFrom(entries, MARCH)
				.map((e) => e.meetingId)
				.sort()
		).toEqual([A, B]);
		expect(otherPlans(entries, A).map((e) => e.meetingId)).toEqual([B]);
		expect(otherPlans(entries, B).map((e) => e.meetingId)).toEqual([A]);
		expect(otherPlans(entries, 'meeting_unrelated_00001')).toEqual([]);
	});

	it('merging keeps everything either device typed, once, and drops the other from the directory', () => {
		const { a, b } = doublePlan();
		// Device A names the venue and writes notes; device B adds an item, an event, a person and
		// notes to the shared template item, and disagrees on the date.
		setHeader(a, { date: '2026-04-28' });
		const repairsA = agendaList(a).find((n) => n.title === 'Repairs')!.id;
		setItemNotes(a, repairsA, 'Ask about the lift');
		setHeader(b, { date: '2026-04-21', writtenBy: 'Ben' });
		const repairsB = agendaList(b).find((n) => n.title === 'Repairs')!.id;
		setItemNotes(b, repairsB, 'Photos from flat 4');
		addAction(b, { itemId: repairsB, what: 'Print the photos', owners: ['Dana'] });
		const fete = addAgendaItem(b, { title: 'Summer fete' });
		addEvent(b, { itemId: fete, title: 'Fete', date: '2026-07-04' });
		addPerson(b, { name: 'Dana' });

		const report = mergePlans(a, b);
		const titles = agendaList(a).map((n) => n.title);
		expect(titles.filter((t) => t === 'Repairs')).toHaveLength(1);
		expect(titles).toContain('Summer fete');
		expect(titles).toContain(OTHER_PLAN_TITLE);
		const notes = notesToPlainText(itemNotes(a, repairsA));
		expect(notes).toContain('Ask about the lift');
		expect(notes).toContain('Photos from flat 4');
		const actions = allBlocks(a).filter((x) => x.kind === 'action');
		expect(actions.map((x) => (x.kind === 'action' ? x.what : '')).sort()).toEqual([
			'Print the photos',
			'Write to the landlord'
		]);
		expect(allBlocks(a).some((x) => x.kind === 'event' && x.title === 'Fete')).toBe(true);
		expect(header(a).date).toBe('2026-04-28');
		const other = agendaList(a).find((n) => n.title === OTHER_PLAN_TITLE)!;
		expect(notesToPlainText(itemNotes(a, other.id))).toContain('2026-04-21');
		expect(report.differences).toEqual(['Date in the other plan: 2026-04-21']);
		expect(checkMeeting(a)).toEqual([]);

		// Again (the other device merged too, or a late change): nothing twice.
		const before = Y.encodeStateVector(a);
		mergePlans(a, b);
		expect(agendaList(a).map((n) => n.title)).toEqual(titles);
		expect(Y.encodeStateAsUpdate(a, before).byteLength).toBeLessThan(40);

		expect(mergedInto(b)).toBe(A);
		expect(followedMeeting(a)).toBe(MARCH);
		const dir = new Y.Doc();
		createDirectory(dir, { name: 'Chapter' });
		syncDirectoryEntry(dir, A, a);
		syncDirectoryEntry(dir, B, b);
		expect(directory(dir).meetings.map((e) => e.meetingId)).toEqual([A]);
	});

	it('keeping both leaves both plans and their directory entries untouched', () => {
		const { a, b } = doublePlan();
		const dir = new Y.Doc();
		createDirectory(dir, { name: 'Chapter' });
		syncDirectoryEntry(dir, A, a);
		syncDirectoryEntry(dir, B, b);
		expect(directory(dir).meetings).toHaveLength(2);
		expect(mergedInto(a)).toBe('');
		expect(mergedInto(b)).toBe('');
	});
});
