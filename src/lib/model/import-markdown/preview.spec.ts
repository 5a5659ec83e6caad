import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaList } from '../agenda';
import { sampleMinutes } from '../fixtures/sample-minutes';
import { header, isMeetingCreated, meetingStatus } from '../minutes';
import { IMPORT_LIMITS } from './limits';
import { readMarkdownImport } from './preview';

describe('readMarkdownImport', () => {
	it('gives the updates of the meeting and a preview of what was recognised', () => {
		const reading = readMarkdownImport(sampleMinutes);
		if (!reading.ok) throw new Error(reading.error);
		const { preview } = reading;
		expect(preview.title).toBe("Riverside Tenants' Assembly — March meeting");
		expect(preview.header).toContainEqual(['Date', 'Thursday 12 March 2026, 19:00–21:15']);
		expect(preview.header).toContainEqual(['Venue', 'Community room, Alder Court']);
		expect(preview.header).toContainEqual(['Categories', 'housing, repairs, organising']);
		expect(preview.attendance).toContainEqual(['Facilitator', 'Sam Okafor']);
		expect(preview.items.map((i) => `${i.label} ${i.title}`)).toEqual([
			'A) Workshop: Rent strikes in practice',
			'1. Repairs campaign',
			'2. Upcoming events',
			'3. Newsletter',
			'3.a Content for April issue',
			'3.a.i Repairs update (Lena)',
			'3.a.ii Know your rights column (Priya)',
			'3.b Printing: quotes from two printers, decision deferred to next meeting',
			'4. Rotating roles'
		]);
		const repairs = preview.items[1];
		// The list's "Ahmed will …" and "We agreed to …" are read too, in their place.
		expect(repairs.blocks.map((b) => b.kind)).toEqual([
			'action',
			'decision',
			'decision',
			'action',
			'action'
		]);
		expect(repairs.blocks[3].text).toBe(
			'Action: Ahmed — collate mould photos and dates, due 2026-03-31'
		);
		expect(preview.counts).toEqual({ items: 9, decisions: 4, actions: 3, events: 2 });
		expect(preview.next.length).toBeGreaterThan(0);

		// Applied in one go to a fresh document, the updates make the meeting.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.mergeUpdates(reading.updates));
		expect(isMeetingCreated(doc)).toBe(true);
		expect(header(doc).title).toBe(preview.title);
		expect(agendaList(doc)).toHaveLength(9);
		expect(meetingStatus(doc).status).toBe('draft');
	});

	// The header's key line and the date as people write it under the title.
	it.each(['Date: 3/4/2026', '3/4/2026'])(
		'reads "%s" in the date order given and flags it to be checked',
		(line) => {
			const markdown = `# Committee\n\n${line}\n\n## 1. Open\n`;
			for (const [order, iso, words] of [
				[undefined, '2026-04-03', 'Friday 3 April 2026'],
				['dmy', '2026-04-03', 'Friday 3 April 2026'],
				['mdy', '2026-03-04', 'Wednesday 4 March 2026']
			] as const) {
				const reading = readMarkdownImport(markdown, { dateOrder: order });
				if (!reading.ok) throw new Error(reading.error);
				expect(reading.preview.header).toContainEqual(['Date', words]);
				expect(reading.preview.notices).toEqual([
					{ kind: 'ambiguous-date', text: '3/4/2026', read: iso }
				]);
			}
		}
	);

	it('flags nothing where no date could be read two ways', () => {
		const reading = readMarkdownImport('# Committee\n\nDate: 2026-04-03\n');
		expect(reading.ok && reading.preview.notices).toEqual([]);
	});

	it('says clearly why it cannot: empty, not text, too long, too many items', () => {
		expect(readMarkdownImport('  \n')).toMatchObject({ ok: false, error: 'the Markdown is empty' });
		expect(readMarkdownImport(42)).toMatchObject({ ok: false, error: 'the Markdown must be text' });
		expect(readMarkdownImport('x'.repeat(IMPORT_LIMITS.characters + 1))).toMatchObject({
			ok: false,
			isTooLarge: true,
			error: expect.stringContaining('longer than 2,000,000 characters')
		});
		const many = Array.from({ length: IMPORT_LIMITS.items + 1 }, (_, i) => `## ${i + 1}. x`);
		expect(readMarkdownImport(many.join('\n'))).toMatchObject({
			ok: false,
			error: expect.stringContaining('one import may build at most 5,000')
		});
	});

	it('previews hostile text as text: nothing in it is markup', () => {
		const reading = readMarkdownImport(
			'# <script>alert(1)</script>\n\n## 1. <img src=x onerror=alert(1)>\n\nDecision: [x](javascript:alert(1))\n'
		);
		if (!reading.ok) throw new Error(reading.error);
		expect(reading.preview.title).toBe('<script>alert(1)</script>');
		expect(reading.preview.items[0].title).toBe('<img src=x onerror=alert(1)>');
		expect(reading.preview.items[0].blocks[0].text).not.toContain('javascript:alert(1))');
	});
});
