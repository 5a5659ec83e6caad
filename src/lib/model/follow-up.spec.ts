import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaList } from './agenda';
import { allBlocks, updateBlock } from './blocks';
import { checkMeeting } from './check';
import { sampleMinutes } from './fixtures/sample-minutes';
import { CARRIED_ACTIONS_TITLE, createFollowUpMeeting, isOwner, openActions } from './follow-up';
import { importMarkdown } from './import-markdown';
import { meetingSnapshot, setNextMeeting } from './minutes';

function sample(): Y.Doc {
	const result = importMarkdown(sampleMinutes, { meetingId: 'meeting_000000000000000001' });
	if (!result.ok) throw new Error(result.error);
	return result.doc;
}

describe('the next meeting from this one', () => {
	it('carries the next-meeting block, roles, agenda template and open actions', () => {
		const march = sample();
		setNextMeeting(march, { facilitator: 'Tomasz', minuteTaker: 'Mei' });
		// Ahmed's actions (the discussion's "Ahmed will collate photos …" and the Action line).
		for (const b of allBlocks(march)) {
			if (b.kind === 'action' && b.owners.includes('Ahmed'))
				updateBlock(march, b.id, { done: true });
		}
		const april = new Y.Doc();
		const id = createFollowUpMeeting(march, april, { meetingId: 'meeting_000000000000000002' });
		expect(id).toBe('meeting_000000000000000002');
		const snap = meetingSnapshot(april);
		expect(snap.header).toMatchObject({
			title: 'the repairs campaign, phase two',
			date: '2026-04-15',
			startTime: '19:00',
			endTime: '21:00',
			venue: 'Community room, Alder Court',
			categories: ['housing', 'repairs', 'organising']
		});
		expect(snap.attendance).toMatchObject({ facilitators: ['Tomasz'], minuteTakers: ['Mei'] });
		expect(agendaList(april).map((n) => `${n.number} ${n.title}`)).toEqual([
			`1 ${CARRIED_ACTIONS_TITLE}`,
			'A Workshop: Rent strikes in practice',
			'2 Repairs campaign',
			'3 Upcoming events',
			'4 Newsletter',
			'5 Rotating roles'
		]);
		expect(allBlocks(april)).toMatchObject([
			{ kind: 'action', owners: ['Lena'], what: 'draft second letter and circulate', done: false }
		]);
		expect(snap.next.date).toBe('');
		expect(checkMeeting(april)).toEqual([]);
		const all = new Y.Doc();
		createFollowUpMeeting(march, all, { agenda: 'all', carryActions: false, title: 'April' });
		expect(agendaList(all).map((n) => n.number)).toContain('3.a.ii');
		expect(meetingSnapshot(all).header.title).toBe('April');
	});
});

describe('open actions across meetings', () => {
	it('lists actions not done, one person’s, with overdue ones marked', () => {
		const march = sample();
		const list = openActions([{ meetingId: 'm1', doc: march }], { today: '2026-03-25' });
		expect(list.map((a) => [a.what, a.due, a.isOverdue, a.itemNumber])).toEqual([
			['draft second letter and circulate', '2026-03-19', true, '1'],
			['collate photos', '2026-03-31', false, '1'],
			['collate mould photos and dates', '2026-03-31', false, '1']
		]);
		expect(openActions([{ meetingId: 'm1', doc: march }], { owner: 'ahmed' })).toHaveLength(2);
		expect(isOwner(['Sam Okafor'], 'Sam')).toBe(true);
		expect(isOwner(['Sam'], 'Sam Okafor')).toBe(true);
		expect(isOwner(['Samantha'], 'Sam')).toBe(false);
		expect(isOwner(['Sam'], ' ')).toBe(false);
	});
});
