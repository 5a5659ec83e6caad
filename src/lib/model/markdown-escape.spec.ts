import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sampleMinutes } from './fixtures/sample-minutes';
import { addAgendaItem, agendaList, itemNotes } from './agenda';
import { addAction, addEvent, allBlocks, recordDecision } from './blocks';
import { checkMeeting } from './check';
import { setIdGenerator } from './ids';
import { importMarkdown } from './import-markdown';
import { DIALECT_MARK, isDialect } from './import-markdown/dialect';
import { meetingToMarkdown } from './markdown';
import {
	addPerson,
	createMeeting,
	meetingSnapshot,
	setNextMeeting,
	setPresentCount
} from './minutes';
import { notesToPlainText } from './notes';
import { mulberry32 } from './test-helpers';

afterEach(() => setIdGenerator());

function imported(markdown: string): Y.Doc {
	const result = importMarkdown(markdown, { meetingId: 'meeting_000000000000000001' });
	if (!result.ok) throw new Error(result.error);
	return result.doc;
}

/** Export → import → export gives the same bytes, and the import is sound. */
function expectStable(doc: Y.Doc): string {
	const first = meetingToMarkdown(doc, { includePrivate: true });
	const again = imported(first);
	expect(checkMeeting(again)).toEqual([]);
	expect(meetingToMarkdown(again, { includePrivate: true })).toBe(first);
	return first;
}

function meetingWithNotes(notes: string[], title = 'Item'): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: 'meeting_000000000000000004', title: 'Minutes' });
	addAgendaItem(doc, { title, notes });
	return doc;
}

/** The notes of the only item, as plain text. */
const notesOf = (doc: Y.Doc) => notesToPlainText(itemNotes(doc, agendaList(doc)[0].id));

describe('the Markdown export reads like minutes a person wrote', () => {
	it('ends with the dialect mark, which asks for the strict reading', () => {
		const md = meetingToMarkdown(meetingWithNotes(['x']));
		expect(md.endsWith(`\n\n${DIALECT_MARK}\n`)).toBe(true);
		expect(isDialect(md)).toBe(true);
	});

	it.each([
		'Thursday 9 March 2026 we met at the hall',
		'12 March 2026 – stall at the market',
		'7 for, 3 against',
		'Agreed by consensus',
		'Note: the hall is booked',
		'Re: the letter from the council',
		'Joy gave a 20 minute talk on rent strikes',
		'a. the first point',
		'ii. and a roman one',
		'text with a_b, 5 * 3, #1, x > y, a < b, R&D and [TBC]',
		'Time box: when there is time'
	])('writes the notes line %j as it is, and reads it back as notes', (line) => {
		const doc = meetingWithNotes([line]);
		const md = expectStable(doc);
		expect(md).toContain(`\n\n${line}\n\n`);
		expect(md).not.toMatch(/\\|&#/);
		const back = imported(md);
		expect(notesOf(back)).toBe(line);
		expect(allBlocks(back)).toEqual([]);
		expect(agendaList(back).map((n) => [n.title, n.presenter, n.timeBox])).toEqual([
			['Item', '', null]
		]);
	});

	it('keeps a bare address a link, never escaped', () => {
		const doc = meetingWithNotes(['http://example.org/x', 'See http://example.org/y for the plan']);
		const md = expectStable(doc);
		expect(md).toContain('\n\n<http://example.org/x>\n\n');
		expect(md).toContain('\n\nSee <http://example.org/y> for the plan\n\n');
		expect(md).not.toMatch(/\\|&#/);
		expect(notesOf(imported(md))).toBe(
			'http://example.org/x\nSee http://example.org/y for the plan'
		);
	});

	it('escapes the colon of a line the strict reading would take for a key, and nothing else', () => {
		const doc = meetingWithNotes([
			'Decision: x',
			'Presenter: Joy',
			'Action: Sam — book the hall',
			'Vote on the budget: 7 for, 3 against'
		]);
		const md = expectStable(doc);
		expect(md).toContain(
			'\n\nDecision\\: x\n\nPresenter\\: Joy\n\nAction\\: Sam — book the hall\n\nVote on the budget\\: 7 for, 3 against\n\n'
		);
		const back = imported(md);
		expect(allBlocks(back)).toEqual([]);
		expect(agendaList(back)[0].presenter).toBe('');
		expect(notesOf(back)).toBe(
			'Decision: x\nPresenter: Joy\nAction: Sam — book the hall\nVote on the budget: 7 for, 3 against'
		);
	});

	it('escapes what would start structure at a line start, and only there', () => {
		const lines = ['# not a heading', '- not a list', '1. not a list', '> not a quote', '---'];
		const md = expectStable(meetingWithNotes(lines));
		expect(md).toContain(
			'\n\n\\# not a heading\n\n\\- not a list\n\n1\\. not a list\n\n\\> not a quote\n\n\\---\n\n'
		);
		const mid = expectStable(meetingWithNotes(['a # b - c 1. d > e']));
		expect(mid).toContain('\n\na # b - c 1. d > e\n\n');
	});

	it('writes values plain too, a heading’s closing `#` escaped', () => {
		const doc = new Y.Doc();
		createMeeting(doc, {
			meetingId: 'meeting_000000000000000005',
			title: 'R&D a_b: 5 * 3 > 2 #',
			venue: 'Hall (rear) [TBC] https://example.org/hall'
		});
		addAgendaItem(doc, { title: 'Item #', presenter: 'Mei_Lin' });
		const md = expectStable(doc);
		expect(md).toContain('# R&D a_b: 5 * 3 > 2 \\#\n');
		expect(md).toContain('Venue: Hall (rear) [TBC] https://example.org/hall\n');
		expect(md).toContain('## 1. Item \\#\n');
		expect(md).toContain('Presenter: Mei_Lin\n');
		expect(meetingSnapshot(imported(md)).header.title).toBe('R&D a_b: 5 * 3 > 2 #');
	});

	it('reads the sample minutes’ export without the mark (the free reading) to the same meeting', () => {
		const md = meetingToMarkdown(imported(sampleMinutes), { includePrivate: true });
		const older = md.replace(`\n${DIALECT_MARK}\n`, '');
		expect(isDialect(older)).toBe(false);
		const back = imported(older);
		expect(meetingToMarkdown(back, { includePrivate: true })).toBe(md);
	});
});

describe('generated meetings', () => {
	const PIECES = [
		'Thursday 9 March 2026',
		'12 March 2026 – ',
		'7 for, 3 against',
		'Agreed by consensus',
		'http://example.org/x',
		'www.example.org',
		'Note: ',
		'Decision: ',
		'Presenter: ',
		'Time box: 5',
		'Joy gave a 20 minute talk',
		'a. ',
		'ii. ',
		'1. ',
		'- ',
		'a_b',
		' * ',
		'*',
		'_',
		'#',
		'> ',
		'<',
		'<b>',
		'&',
		'&amp;',
		'[',
		']',
		'(',
		')',
		'|',
		'~',
		'\\',
		'`',
		'!',
		':',
		'ü',
		'😀',
		'word',
		'word',
		' ',
		' '
	];

	const TALLY_PIECES = /agreed by consensus|\d+ for, \d+ against/gi;

	function generated(seed: number): Y.Doc {
		const random = mulberry32(seed);
		const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
		const chance = (p: number) => random() < p;
		const text = () =>
			Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(PIECES))
				.join('')
				.trim() || 'x';
		// What the dialect cannot hold, whatever the escaping: separators in names, owners
		// and event parts (they separate them), a number starting a name (a present count) or a
		// full stop ending one (the end of a sentence), a tally in a decision's text (where its
		// tally starts).
		const name = () =>
			text()
				.replace(/[,;—–-]/g, ' ')
				.replace(/^[\d\s]+|[.\s]+$/g, '')
				.trim() || 'x';
		const decisionText = () => text().replace(TALLY_PIECES, ' ').trim() || 'x';
		const date = () => `2026-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 10)}`;
		const doc = new Y.Doc();
		createMeeting(doc, {
			meetingId: 'meeting_000000000000000006',
			title: text(),
			date: chance(0.7) ? date() : '',
			startTime: chance(0.5) ? '19:00' : '',
			venue: chance(0.7) ? text() : '',
			categories: chance(0.5) ? [name().replace(/\s+/g, '-')] : [],
			writtenBy: chance(0.3) ? name() : ''
		});
		for (let i = Math.floor(random() * 4); i > 0; i--) {
			addPerson(doc, {
				name: name(),
				present: chance(0.8),
				roles: chance(0.2) ? [pick(['facilitator', 'minute-taker'] as const)] : []
			});
		}
		if (chance(0.5)) setPresentCount(doc, Math.floor(random() * 30));
		const items: string[] = [];
		for (let i = 1 + Math.floor(random() * 6); i > 0; i--) {
			const parentId = items.length && chance(0.4) ? pick(items) : undefined;
			const notes = Array.from({ length: Math.floor(random() * 4) }, text);
			const id = addAgendaItem(doc, {
				parentId,
				title: text(),
				numbered: parentId !== undefined || chance(0.8),
				presenter: chance(0.3) ? name() : '',
				timeBox: chance(0.3) ? 1 + Math.floor(random() * 90) : null,
				notes: chance(0.3)
					? [
							...notes,
							{
								type: 'bullet_list',
								items: [[{ type: 'paragraph', content: [{ text: text() }] }]]
							}
						]
					: notes
			});
			items.push(id);
			for (let b = Math.floor(random() * 3); b > 0; b--) {
				const kind = pick(['decision', 'vote', 'action', 'event'] as const);
				if (kind === 'decision') recordDecision(doc, { itemId: id, text: decisionText() });
				else if (kind === 'vote') {
					recordDecision(doc, {
						itemId: id,
						text: decisionText(),
						method: 'vote',
						votesFor: Math.floor(random() * 20),
						votesAgainst: Math.floor(random() * 20),
						outcome: pick(['carried', 'defeated'] as const)
					});
				} else if (kind === 'action') {
					addAction(doc, {
						itemId: id,
						what: text(),
						owners: chance(0.7) ? [name()] : [],
						due: chance(0.5) ? date() : '',
						done: chance(0.3)
					});
				} else {
					addEvent(doc, {
						itemId: id,
						title: name(),
						date: date(),
						place: chance(0.5) ? name() : '',
						link: chance(0.5) ? 'https://example.org/e' : ''
					});
				}
			}
		}
		if (chance(0.6)) {
			setNextMeeting(doc, {
				date: date(),
				startTime: '19:00',
				venue: text(),
				topic: text(),
				facilitator: name()
			});
		}
		return doc;
	}

	it('export → import → export gives the same bytes', () => {
		const first = Number(process.env.SEED ?? 15);
		for (let seed = first; seed < first + 60; seed++) {
			const doc = generated(seed);
			const md = meetingToMarkdown(doc, { includePrivate: true });
			const again = imported(md);
			expect(checkMeeting(again), `seed ${seed}`).toEqual([]);
			expect(meetingToMarkdown(again, { includePrivate: true }), `seed ${seed}`).toBe(md);
		}
	});
});
