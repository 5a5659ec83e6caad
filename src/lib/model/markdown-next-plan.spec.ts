/**
 * The schedule and rota a meeting's next-meeting block carries, in the Markdown dialect:
 * written as "Schedule:" and "Rota:" lines, read back byte-exact, and read from minutes people
 * wrote ("We meet on the last Tuesday of each month, 18:30–21:00").
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkMeeting } from './check';
import { setIdGenerator } from './ids';
import { importMarkdown } from './import-markdown';
import { meetingToMarkdown } from './markdown';
import { createMeeting, nextMeeting, setNextMeeting } from './minutes';
import { nextPlan, setNextPlan } from './next-plan';
import type { Schedule } from './schedule';
import { sequentialIds } from './test-helpers';

afterEach(() => setIdGenerator());

const BIRKBECK: Schedule = {
	rule: 'FREQ=MONTHLY;BYDAY=-1TU',
	timeZone: 'Europe/London',
	start: '18:30',
	end: '21:00',
	venue: 'Birkbeck'
};

function imported(markdown: string): { doc: Y.Doc; warnings: string[] } {
	const result = importMarkdown(markdown, { meetingId: 'meeting_000000000000000001' });
	if (!result.ok) throw new Error(result.error);
	return { doc: result.doc, warnings: result.warnings };
}

/** Export → import → export gives the same Markdown, and the import is sound. */
function expectStable(doc: Y.Doc): string {
	const first = meetingToMarkdown(doc, { includePrivate: true });
	const again = imported(first).doc;
	expect(checkMeeting(again)).toEqual([]);
	expect(meetingToMarkdown(again, { includePrivate: true })).toBe(first);
	expect(nextPlan(again)).toEqual(nextPlan(doc));
	return first;
}

function meeting(plan: Parameters<typeof setNextPlan>[1]): Y.Doc {
	setIdGenerator(sequentialIds('np'));
	const doc = new Y.Doc();
	createMeeting(doc, {
		meetingId: 'meeting_000000000000000002',
		title: 'October meeting',
		date: '2026-10-27'
	});
	setNextMeeting(doc, {
		date: '2026-11-24',
		startTime: '18:30',
		endTime: '21:00',
		facilitator: 'Joy'
	});
	setNextPlan(doc, plan);
	return doc;
}

describe('the next meeting’s schedule and rota in Markdown', () => {
	it('are written in words and read back byte-exact', () => {
		const md = expectStable(meeting({ schedule: BIRKBECK, rota: ['Sam', 'Joy', 'Ahmed'] }));
		expect(md).toContain(
			'## Next meeting\n\nDate: Tuesday 24 November 2026, 18:30–21:00\nFacilitator: Joy\n' +
				'Schedule: last Tuesday of each month, 18:30–21:00, Birkbeck (Europe/London)\n' +
				'Rota: Sam, Joy, Ahmed\n'
		);
	});

	it('keep a rule without words, a venue with commas and Markdown, an underscore zone', () => {
		const schedule: Schedule = {
			rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH',
			timeZone: 'America/New_York',
			start: '07:05',
			end: '08:00',
			venue: 'Hall & garden *rear*, Room_1 (upstairs) [B]'
		};
		const doc = meeting({ schedule, rota: ['Mei_Lin', 'O*Brien', 'Ana-María'] });
		const md = expectStable(doc);
		expect(md).toMatch(
			/^Schedule: FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH, 07:05–08:00, .+\(America\/New\\?_York\)$/m
		);
		expect(nextPlan(imported(md).doc).schedule).toEqual(schedule);
	});

	it('write nothing when the meeting carries neither', () => {
		const md = expectStable(meeting({}));
		expect(md).not.toMatch(/^(Schedule|Rota):/m);
		expect(nextPlan(imported(md).doc)).toEqual({ schedule: null, rota: [] });
	});

	it('are read from minutes people wrote', () => {
		const { doc } = imported(
			[
				'# Chapter meeting',
				'',
				'Date: 29 September 2026',
				'',
				'## Next meeting',
				'',
				'We meet on the last Tuesday of each month, 6:30pm - 9pm, Birkbeck, Malet Street',
				'Topic: housing',
				'Rotation: Sam, Joy and Ahmed'
			].join('\n')
		);
		expect(nextPlan(doc)).toEqual({
			schedule: {
				rule: 'FREQ=MONTHLY;BYDAY=-1TU',
				// No zone written: this device's, which the test runs in.
				timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
				start: '18:30',
				end: '21:00',
				venue: 'Birkbeck, Malet Street'
			},
			rota: ['Sam', 'Joy', 'Ahmed']
		});
		expect(nextMeeting(doc).topic).toBe('housing');
		const keyed = imported('# M\n\nMeets: every Thursday, 19:00–21:00 (Europe/Berlin)\n').doc;
		expect(nextPlan(keyed).schedule).toMatchObject({
			rule: 'FREQ=WEEKLY;BYDAY=TH',
			timeZone: 'Europe/Berlin'
		});
	});

	it('say what they could not read, and keep the line as no schedule', () => {
		const { doc, warnings } = imported('# M\n\n## Next meeting\n\nSchedule: whenever we can\n');
		expect(nextPlan(doc).schedule).toBeNull();
		expect(warnings.join('\n')).toMatch(/the schedule "whenever we can" was not read/);
	});

	it('refuse an invalid schedule or rota in the model, writing nothing', () => {
		const doc = meeting({ schedule: BIRKBECK });
		expect(() => setNextPlan(doc, { schedule: { ...BIRKBECK, rule: 'FREQ=SOMETIMES' } })).toThrow(
			/not SOMETIMES/
		);
		expect(() => setNextPlan(doc, { rota: [3 as unknown as string] })).toThrow(/list of names/);
		expect(nextPlan(doc).schedule).toEqual(BIRKBECK);
		setNextPlan(doc, { schedule: null, rota: [] });
		expect(nextPlan(doc)).toEqual({ schedule: null, rota: [] });
	});
});
