import { expect, test } from 'vitest';
import {
	categoriesOf,
	filterMeetings,
	NO_FILTER,
	openCounts,
	type MeetingIndexRecord
} from './meetings-filter';

function row(meetingId: string, date: string, more: Partial<MeetingIndexRecord> = {}) {
	return {
		groupId: 'g',
		meetingId,
		title: meetingId,
		date,
		status: 'draft',
		categories: [],
		updatedAt: 1,
		openActions: 0,
		searchText: '',
		isOnDevice: true,
		...more
	} satisfies MeetingIndexRecord;
}

const rows = [
	row('past-1', '2026-01-10', { status: 'published', categories: ['housing'] }),
	row('past-2', '2026-02-10', { categories: ['housing', 'budget'] }),
	row('undated', ''),
	row('today', '2026-03-01'),
	row('soon', '2026-03-05', { status: 'review' }),
	row('later', '2026-04-01', { categories: ['budget'] }),
	row('placeholder', '', { isOnDevice: false, updatedAt: 0, openComments: 2 })
];
const ids = (list: MeetingIndexRecord[]) => list.map((r) => r.meetingId);

test('upcoming soonest first from today; past newest first, undated last; placeholders out', () => {
	const { upcoming, past, total } = filterMeetings(rows, NO_FILTER, '2026-03-01');
	expect(ids(upcoming)).toEqual(['today', 'soon', 'later']);
	expect(ids(past)).toEqual(['past-2', 'past-1', 'undated']);
	expect(total).toBe(6);
});

test('filters by status, category and an inclusive date range', () => {
	const at = (f: Partial<typeof NO_FILTER>) => {
		const { upcoming, past } = filterMeetings(rows, { ...NO_FILTER, ...f }, '2026-03-01');
		return [...ids(upcoming), ...ids(past)];
	};
	expect(at({ status: 'review' })).toEqual(['soon']);
	expect(at({ category: 'budget' })).toEqual(['later', 'past-2']);
	expect(at({ from: '2026-02-10', to: '2026-03-05' })).toEqual(['today', 'soon', 'past-2']);
	expect(at({ to: '2026-01-31' })).toEqual(['past-1']);
	expect(categoriesOf(rows)).toEqual(['budget', 'housing']);
});

test('counts say what is not on this device rather than 0', () => {
	expect(openCounts(row('a', '', { openActions: 1, openComments: 2 }))).toBe(
		'1 open action · 2 open comments'
	);
	expect(openCounts(row('a', ''))).toBe('0 open actions · comments not on this device yet');
	expect(openCounts(row('a', '', { isOnDevice: false }))).toBe('minutes not on this device yet');
});
