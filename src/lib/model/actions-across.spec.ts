import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	actionsAcross,
	filterActions,
	groupByMeeting,
	groupByOwner,
	isSamePerson,
	myNamesIn,
	NO_OWNER
} from './actions-across';
import { addAgendaItem } from './agenda';
import { addAction, updateBlock } from './blocks';
import { addPerson, createMeeting } from './minutes';

function meeting(id: string, title: string, date: string) {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: id, title, date });
	return doc;
}

describe('actions across meetings', () => {
	const march = meeting('meeting_march_0000000001', 'March', '2026-03-31');
	const item = addAgendaItem(march, { title: 'Repairs' });
	addPerson(march, { name: 'Sam O.' });
	const letter = addAction(march, {
		itemId: item,
		what: 'Write to the landlord',
		owners: ['Sam O.'],
		due: '2026-04-07'
	});
	addAction(march, { what: 'Book the room', owners: ['Dana', 'Sam'], due: '2026-05-01' });
	const done = addAction(march, { what: 'Print flyers', owners: ['Ben'] });
	updateBlock(march, done, { done: true });
	const april = meeting('meeting_april_0000000001', 'April', '2026-04-28');
	addAction(april, { what: 'Call the council', owners: [] });
	const meetings = [
		{ meetingId: 'meeting_march_0000000001', doc: march },
		{ meetingId: 'meeting_april_0000000001', doc: april }
	];

	it('knows me by my name and by the attendance entries linked to it', () => {
		expect(isSamePerson('Sam O.', 'Sam Okafor')).toBe(true);
		expect(isSamePerson('Sam', 'Sam Okafor')).toBe(true);
		expect(isSamePerson('Sam Reed', 'Sam Okafor')).toBe(false);
		expect(isSamePerson('Samantha', 'Sam')).toBe(false);
		expect(myNamesIn(march, 'Sam Okafor')).toEqual(['Sam Okafor', 'Sam O.']);
		expect(myNamesIn(march, ' ')).toEqual([]);
	});

	it('lists every action with its meeting and item; open, mine and overdue filter them', () => {
		const rows = actionsAcross(meetings, { displayName: 'Sam Okafor', today: '2026-04-10' });
		expect(rows.map((r) => [r.what, r.meetingTitle, r.itemNumber, r.isOverdue, r.isMine])).toEqual([
			['Write to the landlord', 'March', '1', true, true],
			['Book the room', 'March', '', false, true],
			['Print flyers', 'March', '', false, false],
			['Call the council', 'April', '', false, false]
		]);
		expect(filterActions(rows, 'open').map((r) => r.what)).toEqual([
			'Write to the landlord',
			'Book the room',
			'Call the council'
		]);
		expect(filterActions(rows, 'mine').map((r) => r.what)).toEqual([
			'Write to the landlord',
			'Book the room'
		]);
		expect(filterActions(rows, 'overdue').map((r) => r.blockId)).toEqual([letter]);
		// One just marked done here stays in sight.
		expect(filterActions(rows, 'open', new Set([done])).map((r) => r.what)).toContain(
			'Print flyers'
		);
		// Nobody is "me" without a display name.
		const anonymous = actionsAcross(meetings, { displayName: '', today: '2026-04-10' });
		expect(anonymous.some((r) => r.isMine)).toBe(false);
	});

	it('groups by owner (an action with two owners in both, no owner last) and by meeting', () => {
		const rows = filterActions(
			actionsAcross(meetings, { displayName: 'Sam', today: '2026-04-10' }),
			'open'
		);
		expect(groupByOwner(rows).map((g) => [g.label, g.rows.length])).toEqual([
			['Dana', 1],
			['Sam', 1],
			['Sam O.', 1],
			[NO_OWNER, 1]
		]);
		expect(groupByMeeting(rows).map((g) => [g.label, g.rows.length])).toEqual([
			['April', 1],
			['March', 2]
		]);
	});
});
