/**
 * Every export of a hostile document (fixtures/hostile-meeting.ts) keeps its structure: no
 * value leaves its field, line, cell or element, no id is written as the document holds it, and
 * no link with an unsafe scheme is written as a link. SEED picks another run of seeds.
 */
import { describe, expect, it } from 'vitest';
import { agendaList } from './agenda';
import { allBlocks } from './blocks';
import { actionsToCsv, ACTION_CSV_COLUMNS } from './csv';
import {
	csvViolations,
	htmlViolations,
	icsViolations,
	isSafeHref,
	markdownViolations,
	textViolations
} from './fixtures/export-invariants';
import { hostileMeeting, PRIVATE_MARKER, UNSAFE_LINKS } from './fixtures/hostile-meeting';
import { meetingToHtml } from './html';
import { meetingToIcs } from './ics';
import { importMarkdown } from './import-markdown';
import { meetingToMarkdown } from './markdown';
import { meetingToText } from './text-export';

const FIRST_SEED = Number(process.env.SEED ?? 1);
const SEEDS = Array.from({ length: 40 }, (_, i) => FIRST_SEED + i);

/** Violations of every seed, each prefixed with its seed, so a failure names the one to keep. */
function overSeeds(check: (seed: number) => string[]): string[] {
	return SEEDS.flatMap((seed) => check(seed).map((v) => `seed ${seed}: ${v}`));
}

describe('the invariants themselves', () => {
	it('take every spelling of an unsafe link for unsafe', () => {
		for (const link of UNSAFE_LINKS) expect(isSafeHref(link), link).toBe(false);
		expect(isSafeHref('https://example.org/a?b=1&c=2')).toBe(true);
		expect(isSafeHref('mailto:a@example.org')).toBe(true);
	});
});

describe('exports of a hostile document', () => {
	it('ICS: one calendar of exactly the expected events, every line NAME[;params]:value', () => {
		const violations = overSeeds((seed) => {
			const { doc, expected } = hostileMeeting(seed);
			const ics = meetingToIcs(doc, { now: '2026-05-01T00:00:00Z' });
			const out = icsViolations(ics, expected.calendarEvents);
			if (ics.includes(PRIVATE_MARKER)) out.push('holds a private item');
			return out;
		});
		expect(violations).toEqual([]);
	});

	it('CSV: exactly the expected rows and columns, no cell a spreadsheet runs', () => {
		const violations = overSeeds((seed) => {
			const { doc, expected } = hostileMeeting(seed);
			const csv = actionsToCsv(doc);
			const out = csvViolations(csv, expected.actions, ACTION_CSV_COLUMNS.length);
			if (csv.includes(PRIVATE_MARKER)) out.push('holds a private item');
			return out;
		});
		expect(violations).toEqual([]);
	});

	it('Markdown: the expected headings, safe links only, nothing a renderer reads as more', () => {
		const violations = overSeeds((seed) => {
			const { doc, expected } = hostileMeeting(seed);
			const md = meetingToMarkdown(doc);
			const out = markdownViolations(md, expected.publicItems + 1);
			if (md.includes(PRIVATE_MARKER)) out.push('holds a private item');
			return out;
		});
		expect(violations).toEqual([]);
	});

	it('Markdown: imports back to the same items and no more blocks than exported', () => {
		const violations = overSeeds((seed) => {
			const { doc, expected } = hostileMeeting(seed);
			const result = importMarkdown(meetingToMarkdown(doc));
			if (!result.ok) return [`does not import: ${result.error}`];
			const out: string[] = [];
			const items = agendaList(result.doc).length;
			if (items !== expected.publicItems) {
				out.push(`${items} items back, expected ${expected.publicItems}`);
			}
			const blocks = allBlocks(result.doc);
			for (const kind of ['decision', 'action', 'event'] as const) {
				const count = blocks.filter((b) => b.kind === kind).length;
				const wrote = {
					decision: expected.decisions,
					action: expected.actions,
					event: expected.events
				}[kind];
				if (count > wrote) out.push(`${count} ${kind}s back, ${wrote} exported`);
			}
			// What the import made of it exports as safely again.
			out.push(...markdownViolations(meetingToMarkdown(result.doc), items + 1));
			return out;
		});
		expect(violations).toEqual([]);
	});

	it('HTML: allowed elements and attributes only, balanced, safe links', () => {
		const violations = overSeeds((seed) => {
			const { doc, expected } = hostileMeeting(seed);
			const html = meetingToHtml(doc, { groupName: '<b>group</b>\r\n"', lang: 'en"><script>' });
			const out = htmlViolations(html);
			const sections = html.match(/<section class="item">/g)?.length ?? 0;
			if (sections !== expected.publicItems) {
				out.push(`${sections} item sections, expected ${expected.publicItems}`);
			}
			if (html.includes(PRIVATE_MARKER)) out.push('holds a private item');
			return out;
		});
		expect(violations).toEqual([]);
	});

	it('plain text: no control characters, no line a value started', () => {
		const violations = overSeeds((seed) => {
			const text = meetingToText(hostileMeeting(seed).doc);
			const out = textViolations(text);
			if (text.includes(PRIVATE_MARKER)) out.push('holds a private item');
			return out;
		});
		expect(violations).toEqual([]);
	});
});
