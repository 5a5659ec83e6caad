import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sampleMinutes as sample } from './fixtures/sample-minutes';
import { addAgendaItem, agendaList, itemNotes } from './agenda';
import { addAction, addEvent, addSpeakers, allBlocks, recordDecision } from './blocks';
import { checkMeeting } from './check';
import { parseDate, parseTime, parseTimeRange, parseWhen } from './dates';
import { setIdGenerator } from './ids';
import { importMarkdown, importMarkdownInto, MAX_MARKDOWN_LENGTH } from './import-markdown';
import { meetingToMarkdown } from './markdown';
import {
	addPerson,
	createMeeting,
	meetingSnapshot,
	setNextMeeting,
	setPresentCount
} from './minutes';
import { notesToPlainText, readNotes } from './notes';
import { mulberry32, sequentialIds } from './test-helpers';

afterEach(() => setIdGenerator());

function imported(markdown: string): Y.Doc {
	const result = importMarkdown(markdown, { meetingId: 'meeting_000000000000000001' });
	if (!result.ok) throw new Error(result.error);
	return result.doc;
}

const outline = (doc: Y.Doc) => agendaList(doc).map((n) => `${n.number} ${n.title}`);

/** Export → import → export gives the same Markdown, and the import is sound. */
function expectStable(doc: Y.Doc): string {
	const first = meetingToMarkdown(doc, { includePrivate: true });
	const again = imported(first);
	expect(checkMeeting(again)).toEqual([]);
	expect(meetingToMarkdown(again, { includePrivate: true })).toBe(first);
	return first;
}

describe('dates as people write them', () => {
	it('parses dates, times and ranges', () => {
		expect(parseDate('Thursday 12 March 2026')).toBe('2026-03-12');
		expect(parseDate('12th Mar 2026')).toBe('2026-03-12');
		expect(parseDate('March 12, 2026')).toBe('2026-03-12');
		expect(parseDate('12/03/2026')).toBe('2026-03-12');
		expect(parseDate('2026-02-30')).toBe('');
		expect(parseDate('soon')).toBe('');
		expect(parseTime('7pm')).toBe('19:00');
		expect(parseTime('7.30 p.m.')).toBe('19:30');
		expect(parseTime('12am')).toBe('00:00');
		expect(parseTime('19')).toBe('');
		expect(parseTimeRange('7–9pm')).toEqual({ start: '19:00', end: '21:00' });
		expect(parseTimeRange('19:00 to 21:15')).toEqual({ start: '19:00', end: '21:15' });
		expect(parseWhen('Wednesday 15 April 2026, 19:00–21:00, Community room.')).toEqual({
			date: '2026-04-15',
			start: '19:00',
			end: '21:00',
			rest: 'Community room.'
		});
	});
});

describe('importing the sample minutes', () => {
	const doc = imported(sample);
	const snap = meetingSnapshot(doc);

	it('reads the header and attendance', () => {
		expect(snap.header).toEqual({
			title: "Riverside Tenants' Assembly — March meeting",
			date: '2026-03-12',
			startTime: '19:00',
			endTime: '21:15',
			venue: 'Community room, Alder Court',
			categories: ['housing', 'repairs', 'organising'],
			writtenBy: '',
			publishedOn: ''
		});
		expect(snap.status).toBe('draft');
		expect(snap.attendance.presentCount).toBe(11);
		expect(snap.attendance.people.map((p) => p.name)).toEqual([
			'Sam Okafor',
			'Lena Brandt',
			'Ahmed',
			'Joy',
			'Tomasz',
			'Priya',
			'Ruth',
			'Carlos',
			'Mei',
			'Dev',
			'Hannah'
		]);
		expect(snap.attendance.facilitators).toEqual(['Sam Okafor']);
		expect(snap.attendance.minuteTakers).toEqual(['Lena Brandt']);
	});

	it('builds the agenda tree with the lettered part and sub-points', () => {
		expect(outline(doc)).toEqual([
			'A Workshop: Rent strikes in practice',
			'1 Repairs campaign',
			'2 Upcoming events',
			'3 Newsletter',
			'3.a Content for April issue',
			'3.a.i Repairs update (Lena)',
			'3.a.ii Know your rights column (Priya)',
			'3.b Printing: quotes from two printers, decision deferred to next meeting',
			'4 Rotating roles'
		]);
		const workshop = agendaList(doc)[0];
		expect(workshop).toMatchObject({ numbered: false, presenter: 'Joy', timeBox: 20 });
		expect(notesToPlainText(itemNotes(doc, workshop.id))).toBe(
			[
				'Joy gave a 20 minute talk on the 1915 Glasgow rent strikes and what they teach us. Thanks Joy for a clear talk and for taking questions!',
				'Open discussion (40 minutes) covered:',
				'- Legal risk for tenants on short contracts',
				'- Building trust floor by floor',
				'- Childcare during meetings',
				'- Repairs vs. rent levels: which to lead with'
			].join('\n')
		);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('reads decisions, votes, actions and events', () => {
		const [, repairs, events, , , , , , roles] = agendaList(doc);
		const blocks = allBlocks(doc);
		const on = (id: string) => blocks.filter((b) => b.itemId === id);
		expect(on(repairs.id)).toMatchObject([
			// The discussion's list, read freely: "Ahmed will collate photos by the end of the
			// month", "We agreed to ask the council's environmental health team to inspect".
			{ kind: 'action', owners: ['Ahmed'], what: 'collate photos', due: '2026-03-31' },
			{
				kind: 'decision',
				text: "ask the council's environmental health team to inspect",
				method: 'consensus'
			},
			{
				kind: 'decision',
				text: 'send a second letter with a 14-day deadline',
				method: 'consensus',
				presentCount: 11,
				outcome: null
			},
			{
				kind: 'action',
				owners: ['Ahmed'],
				what: 'collate mould photos and dates',
				due: '2026-03-31'
			},
			{
				kind: 'action',
				owners: ['Lena'],
				what: 'draft second letter and circulate',
				due: '2026-03-19'
			}
		]);
		expect(on(events.id)).toMatchObject([
			{
				kind: 'event',
				title: 'Stall at the Saturday market',
				date: '2026-03-21',
				time: '11:00',
				link: 'https://example.org/events/market-stall'
			},
			{
				kind: 'event',
				title: 'Citywide housing demo, meet at the fountain',
				date: '2026-04-04',
				time: '14:00',
				link: 'https://example.org/events/housing-demo'
			}
		]);
		expect(on(roles.id)).toMatchObject([
			{
				kind: 'decision',
				text: 'facilitation and minute taking will rotate each month',
				method: 'consensus'
			},
			{
				kind: 'decision',
				text: 'moving meetings to Wednesdays',
				method: 'vote',
				votesFor: 7,
				votesAgainst: 3,
				abstentions: 1,
				outcome: 'carried'
			}
		]);
	});

	it('reads the next meeting', () => {
		expect(snap.next).toEqual({
			date: '2026-04-15',
			startTime: '19:00',
			endTime: '21:00',
			venue: 'Community room, Alder Court',
			topic: 'the repairs campaign, phase two',
			facilitator: '',
			minuteTaker: ''
		});
	});

	it('exports Markdown that imports back to the same Markdown', () => {
		const md = expectStable(doc);
		expect(md).toContain('## A) Workshop: Rent strikes in practice');
		expect(md).toContain('### a. Content for April issue');
		expect(md).toContain(
			'Decision: send a second letter with a 14-day deadline. Agreed by consensus (11 present).'
		);
		expect(md).toContain('Action: Ahmed — collate mould photos and dates, due 2026-03-31');
	});
});

describe('Markdown round trip', () => {
	function richMeeting(): Y.Doc {
		setIdGenerator(sequentialIds('rt'));
		const doc = new Y.Doc();
		createMeeting(doc, {
			meetingId: 'meeting_000000000000000002',
			title: 'AGM *2026* [draft] #1',
			date: '2026-05-02',
			startTime: '10:00',
			venue: 'Hall & garden <rear>',
			categories: ['agm', 'budget'],
			writtenBy: 'Mei_Lin',
			publishedOn: '2026-05-09'
		});
		addPerson(doc, { name: 'Sam', roles: ['facilitator'] });
		addPerson(doc, { name: 'Lena', roles: ['minute-taker'] });
		addPerson(doc, { name: 'Ruth', present: false });
		setPresentCount(doc, 14);
		recordDecision(doc, { itemId: null, text: 'adopt the agenda', presentCount: 14 });
		const intro = addAgendaItem(doc, {
			title: 'Welcome',
			numbered: false,
			presenter: 'Sam',
			timeBox: 5
		});
		const budget = addAgendaItem(doc, {
			title: '2026 budget: 1. draft',
			timeBox: 1,
			notes: [
				{
					type: 'paragraph',
					content: [
						{ text: 'Decision', marks: { strong: true } },
						{ text: ': not a block either. ' },
						{ text: 'bold', marks: { strong: true } },
						{ text: ' and ' },
						{ text: 'both', marks: { strong: true, em: true } },
						{ text: ' ' },
						{ text: 'a link', marks: { link: 'https://example.org/a_(b)' } },
						{ hardBreak: true },
						{ text: 'a. not an outline, 50% & 3 < 4, a*b_c, &amp;' }
					]
				},
				{
					type: 'paragraph',
					content: [{ text: 'Action:', marks: { strong: true } }, { text: ' not a block' }]
				},
				'# not a heading',
				'- not a list',
				{
					type: 'bullet_list',
					items: [
						[{ type: 'paragraph', content: [{ text: 'first' }] }],
						[
							{ type: 'paragraph', content: [{ text: 'second' }] },
							{
								type: 'ordered_list',
								order: 3,
								items: [
									[{ type: 'paragraph', content: [{ text: 'three' }] }],
									[{ type: 'paragraph', content: [{ text: 'four' }] }]
								]
							}
						]
					]
				}
			]
		});
		const sub = addAgendaItem(doc, { parentId: budget, title: 'Income' });
		const deep = addAgendaItem(doc, { parentId: sub, title: 'Grants', isPrivate: true });
		addAgendaItem(doc, { parentId: deep, title: 'Council grant' });
		recordDecision(doc, {
			itemId: budget,
			text: 'The budget is adopted.',
			method: 'vote',
			votesFor: 9,
			votesAgainst: 4,
			abstentions: 0,
			presentCount: 14,
			outcome: 'carried'
		});
		recordDecision(doc, {
			itemId: sub,
			text: 'close the café',
			method: 'vote',
			votesFor: 2,
			votesAgainst: 9
		});
		recordDecision(doc, { itemId: sub, text: 'review fees', outcome: 'deferred' });
		recordDecision(doc, { itemId: sub, text: '', method: 'vote' });
		addAction(doc, {
			itemId: budget,
			what: 'send, file and archive',
			owners: ['Ahmed', 'Joy'],
			due: '2026-06-01'
		});
		addAction(doc, { itemId: budget, what: 'book the hall', done: true });
		addSpeakers(doc, { itemId: budget, names: 'Joy, Ahmed (point of order), *Sam*, Joy' });
		addSpeakers(doc, { itemId: sub, names: '' });
		addEvent(doc, {
			itemId: intro,
			title: 'Summer fair',
			date: '2026-07-04',
			time: '12:00',
			place: 'Park',
			link: 'https://example.org/fair'
		});
		addEvent(doc, { itemId: intro, title: 'Walk', date: '2026-07-11' });
		setNextMeeting(doc, {
			date: '2026-06-06',
			startTime: '10:00',
			endTime: '12:00',
			venue: 'Hall',
			topic: 'budget review',
			facilitator: 'Lena',
			minuteTaker: 'Sam'
		});
		setIdGenerator();
		return doc;
	}

	it('keeps every field of a rich meeting', () => {
		const doc = richMeeting();
		const md = expectStable(doc);
		const back = imported(md);
		const a = meetingSnapshot(doc);
		const b = meetingSnapshot(back);
		expect(b.header).toEqual(a.header);
		expect(b.next).toEqual(a.next);
		expect(b.attendance.presentCount).toBe(14);
		expect(b.attendance.people.map((p) => [p.name, p.present, p.roles])).toEqual(
			a.attendance.people.map((p) => [p.name, p.present, p.roles])
		);
		const strip = (list: ReturnType<typeof agendaList>) =>
			list.map((n) => [n.number, n.title, n.presenter, n.timeBox, n.isPrivate, n.numbered]);
		expect(strip(agendaList(back))).toEqual(strip(agendaList(doc)));
		const blocks = (d: Y.Doc) =>
			allBlocks(d).map(({ id: _id, itemId: _item, pos: _pos, ...rest }) => rest);
		expect(blocks(back).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual(
			blocks(doc)
				.map((x) => (x.kind === 'decision' && x.outcome === 'agreed' ? { ...x, outcome: null } : x))
				.map((x) => (x.kind === 'decision' ? { ...x, text: x.text.replace(/\.$/, '') } : x))
				.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))
		);
		const budget = agendaList(doc)[1].id;
		const budgetBack = agendaList(back)[1].id;
		expect(readNotes(itemNotes(back, budgetBack))).toEqual(readNotes(itemNotes(doc, budget)));
	});

	it('leaves out private items and numbers the rest without gaps', () => {
		const doc = richMeeting();
		const md = meetingToMarkdown(doc);
		expect(md).not.toContain('Grants');
		expect(md).not.toContain('Council grant');
		expect(meetingToMarkdown(doc, { includePrivate: true })).toContain(
			'#### i. Grants (not for publication)'
		);
	});

	it('is stable for random titles and notes full of Markdown characters', () => {
		const random = mulberry32(Number(process.env.SEED ?? 42));
		const pieces = [
			'*',
			'_',
			'#',
			'1. ',
			'a) ',
			'- ',
			'[x]',
			'(',
			')',
			'\\',
			'`',
			'<b>',
			'&lt;',
			'Decision: ',
			'Action: ',
			'Speakers: ',
			' — ',
			'ü',
			'😀',
			'word',
			' ',
			':'
		];
		const text = () =>
			Array.from(
				{ length: 1 + Math.floor(random() * 6) },
				() => pieces[Math.floor(random() * pieces.length)]
			)
				.join('')
				.trim() || 'x';
		for (let round = 0; round < 150; round++) {
			const doc = new Y.Doc();
			createMeeting(doc, { meetingId: 'meeting_000000000000000003', title: text(), venue: text() });
			const id = addAgendaItem(doc, { title: text(), notes: [text(), text()], presenter: text() });
			addAgendaItem(doc, { parentId: id, title: text() });
			addAction(doc, { itemId: id, what: text(), owners: [text().replace(/[,—]/g, '')] });
			addSpeakers(doc, { itemId: id, names: text() });
			expectStable(doc);
		}
	});
});

describe('Markdown fuzz', () => {
	const LINES = [
		'# Title',
		'## 1. Item',
		'### a. Sub',
		'#### i. Subsub',
		'## A) Part',
		'## Next meeting',
		'## Item (not for publication)',
		'Date: 12 March 2026, 19:00–21:00',
		'Venue: Hall',
		'Present: 11 (Sam, Lena)',
		'Absent: Ruth',
		'Facilitator: Sam Okafor',
		'Minutes: Lena',
		'Categories: a, b',
		'Topic: next things.',
		'Schedule: last Tuesday of each month, 18:30–21:00, Hall, upstairs (Europe/London)',
		'Meets: every Monday, 7pm-9pm',
		'We meet on the 2nd Thursday of the month, 19:00–21:00',
		'Schedule: FREQ=WEEKLY;BYDAY=MO,TH, 07:00–08:00 (America/New_York)',
		'Schedule: whenever',
		'Rota: Sam, Joy and Ahmed',
		'Presenter: Joy',
		'Time box: 20 minutes',
		'Decision: do it. Agreed by consensus (5 present).',
		'Decision: x. 3 for, 2 against, 1 abstention. Carried.',
		'Vote on moving: 7 for, 3 against. Carried.',
		'Action: Ahmed — do thing, due 2026-03-31',
		'Action (done): x',
		'Event: 21 March 2026, 11:00 — Stall — Market — https://example.org',
		'- 4 April 2026 (2pm) — Demo: https://example.org/d',
		'- bullet',
		'  - nested bullet',
		'1. one',
		'2. two',
		'   1. nested',
		'a. letter',
		'   i. roman',
		'   ii. roman2',
		'b. letter b',
		'plain text line',
		'**bold** and _em_ [link](https://x.org)',
		'> quote',
		'```',
		'code',
		'---',
		'',
		'',
		'',
		'Joy gave a 20 minute talk',
		'Wednesday 15 April 2026, 19:00–21:00, Hall.',
		'| a | b |',
		'|---|---|',
		'<div>html</div>',
		'Misc. stuff',
		'e.g. this',
		'* star bullet',
		'+ plus',
		'    indented code',
		'Text with \\ backslash',
		'line with trailing backslash\\'
	];

	it('imports random minutes soundly, and their export is stable', () => {
		const random = mulberry32(Number(process.env.SEED ?? 7));
		for (let round = 0; round < 150; round++) {
			const n = 1 + Math.floor(random() * 30);
			const md = Array.from({ length: n }, () => LINES[Math.floor(random() * LINES.length)]);
			const result = importMarkdown(md.join('\n'));
			if (!result.ok) {
				expect(result.error).toMatch(/\w/);
				continue;
			}
			expect(checkMeeting(result.doc)).toEqual([]);
			expectStable(result.doc);
		}
	});
});

describe('importing other minutes', () => {
	it('reads minutes pasted from a pad, without headings', () => {
		const doc = imported(
			[
				'Minutes of the June meeting',
				'Date: 3 June 2026, 7pm - 9pm',
				'Present: 14 people',
				'',
				'1. Treasurer report',
				'   Balance is fine.',
				'   Decision: pay the printer. 9 for, 2 against. Carried.',
				'2. Garden',
				'   1. Watering rota',
				'   2. New beds',
				'3. AOB',
				'',
				'Next meeting: 1 July 2026, 19:00'
			].join('\n')
		);
		const snap = meetingSnapshot(doc);
		expect(snap.header).toMatchObject({
			title: 'Minutes of the June meeting',
			date: '2026-06-03',
			startTime: '19:00',
			endTime: '21:00'
		});
		expect(snap.attendance.effectivePresentCount).toBe(14);
		expect(outline(doc)).toEqual([
			'1 Treasurer report',
			'2 Garden',
			'2.a Watering rota',
			'2.b New beds',
			'3 AOB'
		]);
		expect(allBlocks(doc)).toMatchObject([
			{
				kind: 'decision',
				text: 'pay the printer',
				votesFor: 9,
				votesAgainst: 2,
				outcome: 'carried'
			}
		]);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('drops number labels from headings but keeps words that look like them', () => {
		const doc = imported(
			[
				'# T',
				'## A new hope',
				'## Misc. items',
				'## St. Patrick’s Day',
				'## Mix of topics',
				'## 2026 budget',
				'## 7) Seventh',
				'### aa. Twenty-seventh',
				'#### xiv. Fourteenth',
				'## IV. Roman',
				'## 3.a.i Dotted'
			].join('\n\n')
		);
		expect(agendaList(doc).map((n) => n.title)).toEqual([
			'A new hope',
			'Misc. items',
			'St. Patrick’s Day',
			'Mix of topics',
			'2026 budget',
			'Seventh',
			'Twenty-seventh',
			'Fourteenth',
			'Roman',
			'Dotted'
		]);
		const notes = imported('# T\n\n## 1. x\n\nMisc. notes here\ne.g. this\nmix. of things');
		expect(outline(notes)).toEqual(['1 x']);
	});

	it('reads keys written in bold', () => {
		const doc = imported(
			[
				'# T',
				'',
				'**Date:** 3 June 2026',
				'**Venue**: Hall',
				'',
				'## 1. x',
				'',
				'**Presenter:** Joy',
				'**Decision:** buy a kettle. Agreed by consensus.',
				'__Action__: Sam — buy it, due 2026-06-10'
			].join('\n')
		);
		const snap = meetingSnapshot(doc);
		expect(snap.header).toMatchObject({ date: '2026-06-03', venue: 'Hall' });
		expect(snap.agenda[0].presenter).toBe('Joy');
		expect(allBlocks(doc)).toMatchObject([
			{ kind: 'decision', text: 'buy a kettle' },
			{ kind: 'action', owners: ['Sam'], what: 'buy it', due: '2026-06-10' }
		]);
	});

	it('never throws on broken input', () => {
		const inputs: unknown[] = [
			'```\nunclosed code',
			'<div><script>alert(1)</script>',
			'# \n## \n### \n- \n1. \n> ',
			'\u0000\u0001binary\uFFFD\uD800',
			'>'.repeat(5000) + ' deep',
			'- '.repeat(3000) + 'deep list',
			'#'.repeat(7) + ' seven',
			'| a | b |\n|---|---|\n| 1 | 2 |',
			'Date: 99 Smarch 2026\nPresent: many\nDecision: \nAction: — , due tomorrow\nEvent: — — —',
			'## 1. x\n### a. y\n###### deep\n## Next meeting\nwhenever'
		];
		for (const input of inputs) {
			const result = importMarkdown(input);
			if (result.ok) expect(checkMeeting(result.doc)).toEqual([]);
			else expect(result.error).toMatch(/\w/);
		}
		expect(importMarkdown(42)).toEqual({ ok: false, error: 'the Markdown must be text' });
		expect(importMarkdown('  \n ')).toEqual({ ok: false, error: 'the Markdown is empty' });
		expect(importMarkdown('x'.repeat(MAX_MARKDOWN_LENGTH + 1)).ok).toBe(false);
		expect(importMarkdown('# x', { meetingId: 'bad' }).ok).toBe(false);
	});

	it('imports into a given empty document, and refuses one that holds a meeting', () => {
		const doc = new Y.Doc();
		const result = importMarkdownInto(doc, '# Title\n\n## 1. Item');
		expect(result.ok).toBe(true);
		expect(outline(doc)).toEqual(['1 Item']);
		const before = Y.encodeStateAsUpdate(doc);
		expect(importMarkdownInto(doc, '# Other').ok).toBe(false);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});
