/**
 * The corpus of minutes as people write them (tests/fixtures/minutes/, schema in its README):
 * each file imported and compared field by field with what it must give, then two checks over
 * the whole corpus: no words dropped, and an exact round trip of the export.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { agendaList, itemNotes, type AgendaNode } from '../agenda';
import type { Block } from '../blocks';
import { meetingToMarkdown } from '../markdown';
import { meetingSnapshot } from '../minutes';
import { notesToPlainText } from '../notes';
import { comparePositioned } from '../positions';
import { importMarkdown, type DateOrder } from './index';

/** The corpus read by Vite at build time: the model may not touch the file system. */
const files = import.meta.glob('../../../../tests/fixtures/minutes/*.{md,json}', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

const fileText = (file: string) => files[`../../../../tests/fixtures/minutes/${file}`];

type Json = Record<string, unknown>;

interface Expected extends Json {
	dateOrder?: DateOrder;
}

const names = Object.keys(files)
	.map((path) => path.split('/').pop()!)
	.filter((file) => file.endsWith('.md') && file !== 'README.md')
	.map((file) => file.slice(0, -'.md'.length))
	.sort();

function source(name: string): string {
	return fileText(`${name}.md`);
}

function expectation(name: string): Expected {
	const text = fileText(`${name}.expected.json`);
	if (text === undefined) throw new Error(`${name}.expected.json is missing`);
	return JSON.parse(text) as Expected;
}

function imported(markdown: string, dateOrder?: DateOrder): Y.Doc {
	const result = importMarkdown(markdown, { meetingId: 'meeting_000000000000000001', dateOrder });
	if (!result.ok) throw new Error(result.error);
	return result.doc;
}

const exported = (doc: Y.Doc) => meetingToMarkdown(doc, { includePrivate: true });

/** Mismatches, each naming the field ("agenda[2].blocks[0].due"), collected for one report. */
class Report {
	readonly lines: string[] = [];
	same(field: string, actual: unknown, expected: unknown): void {
		if (JSON.stringify(actual) !== JSON.stringify(expected)) {
			this.lines.push(
				`${field}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
			);
		}
	}
	includes(field: string, actual: string, part: string): void {
		if (!squash(actual).includes(squash(part))) {
			this.lines.push(
				`${field}: expected to include ${JSON.stringify(part)}, got ${JSON.stringify(actual)}`
			);
		}
	}
}

/** Whitespace runs as one space: notes and titles may wrap where the source did not. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** "A)", "1.", "ii" → "A", "1", "ii": the label as written, without its closing mark. */
const bareLabel = (label: string) => label.trim().replace(/[.)]$/, '');

/** The item's label: as kept, when the model keeps one; else the last part of its number. */
function labelOf(node: AgendaNode): string {
	const kept = (node as AgendaNode & { label?: unknown }).label;
	return bareLabel(typeof kept === 'string' && kept ? kept : node.number.split('.').pop()!);
}

/** Agreed and carried are the same outcome worded for consensus and for a vote. */
function effectiveOutcome(b: Block & { kind: 'decision' }): string | null {
	const hasVotes = b.votesFor !== null && b.votesAgainst !== null;
	const outcome =
		b.outcome ??
		(b.method === 'vote' && hasVotes && b.votesFor! <= b.votesAgainst! ? 'defeated' : 'agreed');
	return outcome === 'carried' ? 'agreed' : outcome;
}

function compareBlock(r: Report, field: string, actual: Block, expected: Json): void {
	r.same(`${field}.kind`, actual.kind, expected.kind);
	if (actual.kind !== expected.kind) return;
	const fields = actual as unknown as Json;
	for (const [key, value] of Object.entries(expected)) {
		if (key === 'kind') continue;
		if (key === 'outcome' && actual.kind === 'decision') {
			const want = value === 'carried' ? 'agreed' : value;
			r.same(`${field}.outcome`, effectiveOutcome(actual), want);
		} else if (key.endsWith('Includes')) {
			const base = key.slice(0, -'Includes'.length);
			r.includes(`${field}.${base}`, String(fields[base] ?? ''), String(value));
		} else r.same(`${field}.${key}`, fields[key], value);
	}
}

function compareBlocks(r: Report, field: string, actual: Block[], expected: Json[]): void {
	if (actual.length !== expected.length) {
		const got = actual.map((b) => `${b.kind}`).join(', ');
		r.lines.push(`${field}: expected ${expected.length} blocks, got ${actual.length} (${got})`);
	}
	expected.forEach((e, i) => {
		if (actual[i]) compareBlock(r, `${field}[${i}]`, actual[i], e);
		else r.lines.push(`${field}[${i}]: missing (expected a ${String(e.kind)})`);
	});
}

interface Meeting {
	doc: Y.Doc;
	blocksByItem: Map<string | null, Block[]>;
}

function notesOf(m: Meeting, id: string): string {
	return notesToPlainText(itemNotes(m.doc, id));
}

/** Items that are `optional` ("Next meeting") are skipped when the import made no such item. */
function presentItems(actual: AgendaNode[], expected: Json[]): Json[] {
	const made = (e: Json) => actual.some((a) => squash(a.title) === squash(String(e.title)));
	return expected.filter((e) => !e.optional || made(e));
}

/**
 * Text before the first item that no field holds whole goes to a first unnumbered "Notes" item
 * (docs/markdown.md); it is not counted as an agenda item unless the expectation lists it.
 */
function withoutLeadingNotes(actual: AgendaNode[], expected: Json[]): AgendaNode[] {
	const [first] = actual;
	const listed = expected[0]?.title === 'Notes';
	return first && !first.numbered && first.title === 'Notes' && !listed ? actual.slice(1) : actual;
}

function compareItems(
	r: Report,
	m: Meeting,
	field: string,
	actual: AgendaNode[],
	list: Json[]
): void {
	const expected = presentItems(actual, list);
	if (actual.length !== expected.length) {
		const got = actual.map((n) => `${n.number} ${n.title}`).join(' | ');
		r.lines.push(`${field}: expected ${expected.length} items, got ${actual.length}: ${got}`);
	}
	expected.forEach((e, i) => {
		const a = actual[i];
		const at = `${field}[${i}]`;
		if (!a)
			return void r.lines.push(`${at}: missing (expected ${JSON.stringify(e.title ?? e.label)})`);
		if (e.label !== undefined) r.same(`${at}.label`, labelOf(a), bareLabel(String(e.label)));
		if (e.title !== undefined) r.same(`${at}.title`, a.title, e.title);
		if (e.titleIncludes !== undefined) r.includes(`${at}.title`, a.title, String(e.titleIncludes));
		if (e.presenter !== undefined) r.same(`${at}.presenter`, a.presenter, e.presenter);
		if (e.timeBox !== undefined) r.same(`${at}.timeBox`, a.timeBox, e.timeBox);
		if (e.blocks)
			compareBlocks(r, `${at}.blocks`, m.blocksByItem.get(a.id) ?? [], e.blocks as Json[]);
		for (const part of (e.notesInclude as string[] | undefined) ?? []) {
			r.includes(`${at}.notes`, notesOf(m, a.id), part);
		}
		if (e.children) compareItems(r, m, `${at}.children`, a.children, e.children as Json[]);
	});
}

function compareMeeting(doc: Y.Doc, expected: Expected, notices: unknown[]): string[] {
	const r = new Report();
	const snap = meetingSnapshot(doc);
	const list = agendaList(doc);
	const blocksByItem = new Map<string | null, Block[]>();
	for (const b of snap.blocks)
		blocksByItem.set(b.itemId, [...(blocksByItem.get(b.itemId) ?? []), b]);
	for (const blocks of blocksByItem.values()) blocks.sort(comparePositioned);
	const m: Meeting = { doc, blocksByItem };

	if (expected.title !== undefined) r.same('title', snap.header.title, expected.title);
	for (const [key, value] of Object.entries((expected.header as Json) ?? {})) {
		r.same(`header.${key}`, (snap.header as unknown as Json)[key], value);
	}
	const a = snap.attendance;
	const attendance: Json = {
		presentCount: a.effectivePresentCount,
		present: a.people.filter((p) => p.present).map((p) => p.name),
		absent: a.people.filter((p) => !p.present).map((p) => p.name),
		facilitators: a.facilitators,
		minuteTakers: a.minuteTakers
	};
	for (const [key, value] of Object.entries((expected.attendance as Json) ?? {})) {
		r.same(`attendance.${key}`, attendance[key], value);
	}
	if (expected.agenda) {
		const list = expected.agenda as Json[];
		compareItems(r, m, 'agenda', withoutLeadingNotes(snap.agenda, list), list);
	}
	if (expected.meetingBlocks) {
		compareBlocks(
			r,
			'meetingBlocks',
			blocksByItem.get(null) ?? [],
			expected.meetingBlocks as Json[]
		);
	}
	if (expected.blocks) {
		const inOrder = [null, ...list.map((n) => n.id)].flatMap((id) => blocksByItem.get(id) ?? []);
		compareBlocks(r, 'blocks', inOrder, expected.blocks as Json[]);
	}
	if (expected.notesInclude) {
		const all = list.map((n) => notesOf(m, n.id)).join('\n');
		for (const part of expected.notesInclude as string[]) r.includes('notes', all, part);
	}
	for (const [key, value] of Object.entries((expected.next as Json) ?? {})) {
		r.same(`next.${key}`, (snap.next as unknown as Json)[key], value);
	}
	for (const notice of (expected.notices as Json[] | undefined) ?? []) {
		if (!notices.some((n) => JSON.stringify(n) === JSON.stringify(notice))) {
			r.lines.push(`notices: expected ${JSON.stringify(notice)}, got ${JSON.stringify(notices)}`);
		}
	}
	return r.lines;
}

/**
 * Words a recognised line may give up because a field holds their meaning in its own form: dates
 * and times (the export writes "Thursday 9 March 2023, 19:00–21:15" however they were written),
 * and the cue words of the recognisers ("Present:", "ACTION:", "The committee agreed that",
 * "by Friday", "with 1 abstention"), which a block holds as its kind, method, tally or due date.
 * Every other word — names, places, what was said and done — must survive.
 */
const CUE_WORDS = new Set(
	(
		'mon monday tue tues tuesday wed weds wednesday thu thur thurs thursday fri friday sat ' +
		'saturday sun sunday jan january feb february mar march apr april may jun june jul july ' +
		'aug august sep sept september oct october nov november dec december am pm noon midday ' +
		'midnight st nd rd th present apologies absent attendance attendees chair chr minutes ' +
		'minute mins taker secretary recording facilitator facilitated took venue location place meet ' +
		'held at on from until till to by due before end of the month week next this action ' +
		'actions ap agreed decided decision unanimously it was that we will is which be and date ' +
		'time meeting people members were there consensus vote for against abstention abstentions ' +
		'abstaining in favor favour opposed carried defeated fell motion presentation gave ' +
		'discussion talk hour hours first same two weeks fortnight within a an who what when with ' +
		'committee group moved proposed seconded second'
	).split(' ')
);

/** The words of a text, lower-cased, Markdown punctuation and entities aside. */
function words(text: string): string[] {
	return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(
		(w) => !CUE_WORDS.has(w) && !/^\d{1,2}(am|pm|st|nd|rd|th)?$/.test(w) && !/^(19|20)\d\d$/.test(w)
	);
}

function counts(list: string[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const w of list) out.set(w, (out.get(w) ?? 0) + 1);
	return out;
}

/** Each source line's words that the export holds fewer times than the source: dropped. */
function droppedWords(text: string, markdown: string): string[] {
	const have = counts(words(markdown));
	const out: string[] = [];
	text.split('\n').forEach((line, i) => {
		const lost: string[] = [];
		for (const w of words(line)) {
			const n = have.get(w) ?? 0;
			if (n > 0) have.set(w, n - 1);
			else lost.push(w);
		}
		if (lost.length) out.push(`line ${i + 1} ${JSON.stringify(line.trim())}: ${lost.join(' ')}`);
	});
	return out;
}

describe('the corpus of real minutes', () => {
	it('holds at least twelve files, each with its expectation', () => {
		expect(names.length).toBeGreaterThanOrEqual(12);
		for (const name of names) expect(() => expectation(name), name).not.toThrow();
	});

	it.each(names)('%s gives the structure it must', (name) => {
		const expected = expectation(name);
		const result = importMarkdown(source(name), {
			meetingId: 'meeting_000000000000000001',
			dateOrder: expected.dateOrder
		});
		if (!result.ok) throw new Error(`${name}: ${result.error}`);
		const mismatches = compareMeeting(result.doc, expected, result.notices);
		expect(mismatches, `${name}.md:\n  ${mismatches.join('\n  ')}`).toEqual([]);
	});

	it.each(names)('%s: no word of the source is dropped', (name) => {
		const text = source(name);
		const markdown = exported(imported(text, expectation(name).dateOrder));
		const lost = droppedWords(text, markdown);
		expect(lost, `${name}.md lost words:\n  ${lost.join('\n  ')}`).toEqual([]);
	});

	it.each(names)('%s: export → import → export gives the same bytes', (name) => {
		const { dateOrder } = expectation(name);
		const first = exported(imported(source(name), dateOrder));
		expect(exported(imported(first, dateOrder)), `${name}.md round trip`).toBe(first);
	});
});

describe('the corpus checks themselves', () => {
	it('find a dropped line and a missing field', () => {
		const markdown = '# T\n\n## One\n\nKeep this line.\n\nAnd this Zanzibar line.\n';
		const doc = imported(markdown);
		expect(droppedWords(markdown, exported(doc))).toEqual([]);
		expect(droppedWords(markdown, exported(doc).replace('Zanzibar', ''))).toEqual([
			'line 7 "And this Zanzibar line.": zanzibar'
		]);
		expect(
			compareMeeting(
				doc,
				{ title: 'T', agenda: [{ title: 'One', blocks: [{ kind: 'action' }] }] },
				[]
			)
		).toEqual([
			'agenda[0].blocks: expected 1 blocks, got 0 ()',
			'agenda[0].blocks[0]: missing (expected a action)'
		]);
	});
});
