import { describe, expect, it } from 'vitest';
import { readContext } from './context';
import { lex } from './tokens';
import { buildDraft } from './builder';
import { importMarkdown } from './index';
import { draftSize, IMPORT_LIMITS } from './limits';

const WORDS = 'the members agreed to meet again and asked the treasurer to report'.split(' ');

/** A long meeting as people write it: 300 items of notes, bullets, bold and links, blocks. */
function threeHourMeeting(): string {
	const names = Array.from({ length: 60 }, (_, i) => `Member ${i}`);
	const lines = [
		'# Annual general meeting',
		'',
		'Date: 12 March 2026, 18:00–21:00',
		`Present: ${names.join(', ')}`,
		'Facilitator: Member 1',
		'Minutes: Member 2',
		''
	];
	for (let i = 0; i < 300; i++) {
		lines.push(`## ${i + 1}. Agenda item ${i}`, '');
		for (let p = 0; p < 2; p++) {
			const words = Array.from({ length: 40 }, (_, w) => WORDS[(i + p + w) % WORDS.length]);
			words[5] = `**${words[5]}**`;
			words[20] = `[${words[20]}](https://example.org/${i})`;
			lines.push(words.join(' '), '');
		}
		for (let b = 0; b < 4; b++) lines.push(`- point ${b} on *item* ${i}`);
		lines.push('', `Decision: choice ${i}. Agreed by consensus.`, '');
		lines.push(`Action: Member ${i % 60} — follow up ${i}, due 2026-04-01`, '');
	}
	return lines.join('\n');
}

const repeat = (n: number, line: (i: number) => string) =>
	Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('what one import may build', () => {
	it('takes a three-hour meeting with room to spare', () => {
		const markdown = threeHourMeeting();
		const size = draftSize(buildDraft(lex(markdown), readContext('free')));
		expect(size.items * 10).toBeLessThan(IMPORT_LIMITS.items);
		expect(size.blocks * 5).toBeLessThan(IMPORT_LIMITS.blocks);
		expect(size.people * 10).toBeLessThan(IMPORT_LIMITS.people);
		expect(size.noteParts * 5).toBeLessThan(IMPORT_LIMITS.noteParts);
		expect(size.itemNoteParts * 10).toBeLessThan(IMPORT_LIMITS.itemNoteParts);
		expect(markdown.length * 5).toBeLessThan(IMPORT_LIMITS.characters);
		expect(importMarkdown(markdown).ok).toBe(true);
	});

	it('refuses more, saying which limit was passed', () => {
		const cases: [string, RegExp][] = [
			[repeat(IMPORT_LIMITS.items + 1, (i) => `## Item ${i}`), /5,001 agenda items.*5,000/],
			[
				repeat(IMPORT_LIMITS.blocks + 1, (i) => `Decision: choice ${i}\n`),
				/5,001 decisions, actions and events.*5,000/
			],
			[
				`Present: ${repeat(IMPORT_LIMITS.people + 1, (i) => `P${i}`).replaceAll('\n', ', ')}`,
				/2,001 names in their attendance lines.*2,000/
			],
			[
				`## Notes\n\n${repeat(IMPORT_LIMITS.noteParts / 2, () => '- a')}`,
				/150,001 paragraphs, list items and runs of formatted text in their notes.*100,000/
			],
			[`## Notes\n\n${repeat(2_000, () => '- a')}`, /6,001 .* in the notes of one item.*5,000/],
			[
				`## Notes\n\n${repeat(IMPORT_LIMITS.noteParts / 2, () => '*a* b')}`,
				/runs of formatted text/
			],
			['x'.repeat(IMPORT_LIMITS.characters + 1), /longer than 2,000,000 characters/]
		];
		for (const [markdown, message] of cases) {
			const result = importMarkdown(markdown);
			expect(result).toMatchObject({ ok: false, isTooLarge: true });
			if (!result.ok) expect(result.error).toMatch(message);
		}
	});

	it('does not count unreadable or empty Markdown as too large', () => {
		expect(importMarkdown('   ')).toEqual({ ok: false, error: 'the Markdown is empty' });
	});
});
