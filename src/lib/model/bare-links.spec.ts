import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from './agenda';
import { addAction, recordDecision } from './blocks';
import { findBareLinks, splitBareLinks } from './bare-links';
import { addComment, commentThreads } from './comments';
import { htmlViolations, markdownViolations } from './fixtures/export-invariants';
import { meetingToHtml } from './html';
import { importMarkdown } from './import-markdown';
import { meetingToMarkdown } from './markdown';
import { createMeeting } from './minutes';
import { meetingToText } from './text-export';

/** A meeting with one item whose notes are one paragraph of plain `text`. */
function meetingWithNotes(text: string): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId: 'meeting_000000000000000042', title: 'Links' });
	addAgendaItem(doc, {
		title: 'Item',
		notes: [{ type: 'paragraph', content: [{ text }] }]
	});
	return doc;
}

const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]);

describe('findBareLinks', () => {
	it('finds http, https, mailto and www addresses without the punctuation after them', () => {
		const text =
			'Agenda at https://example.org/agenda. Mail mailto:clerk@example.org or see www.example.org, (https://en.wikipedia.org/wiki/Rent_strike_(1915)).';
		expect(findBareLinks(text).map(({ text, href }) => [text, href])).toEqual([
			['https://example.org/agenda', 'https://example.org/agenda'],
			['mailto:clerk@example.org', 'mailto:clerk@example.org'],
			['www.example.org', 'https://www.example.org'],
			[
				'https://en.wikipedia.org/wiki/Rent_strike_(1915)',
				'https://en.wikipedia.org/wiki/Rent_strike_(1915)'
			]
		]);
	});

	it('leaves domains without a scheme, other schemes and scripts as text', () => {
		for (const text of [
			'node.js and example.org',
			'clerk@example.org',
			'ftp://example.org/file //example.org/x',
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1) data:text/html,<script>alert(1)</script>',
			'https://ok.example/\u202ex'
		]) {
			expect(findBareLinks(text), text).toEqual([]);
		}
	});

	it('ends an address before a quote or an angle bracket', () => {
		expect(findBareLinks('http://x"onmouseover=alert(1)').map((l) => l.href)).toEqual(['http://x']);
		expect(
			findBareLinks('https://ok.example/<script>alert(1)</script>').map((l) => l.href)
		).toEqual(['https://ok.example/']);
	});

	it('splits text into parts that join back to it', () => {
		const text = 'see https://example.org/a and www.example.org';
		const parts = splitBareLinks(text);
		expect(parts.map((p) => p.text).join('')).toBe(text);
		expect(parts.filter((p) => p.href).length).toBe(2);
		expect(splitBareLinks('')).toEqual([{ text: '' }]);
	});
});

describe('bare addresses in exports', () => {
	it('HTML links them, through safeLink, in notes, decisions, actions and comments', () => {
		const doc = meetingWithNotes('Details at https://example.org/a?b=1&c=2. Or www.example.org');
		recordDecision(doc, { text: 'adopt the plan at https://example.org/plan' });
		addAction(doc, { what: 'read mailto:clerk@example.org' });
		const comments = new Y.Doc();
		addComment(comments, { kind: 'public', author: 'Sam', text: 'see https://example.org/c' });
		const html = meetingToHtml(doc, { comments: commentThreads(comments, { kind: 'public' }) });
		expect(htmlViolations(html)).toEqual([]);
		expect(hrefs(html)).toEqual([
			'https://example.org/plan',
			'mailto:clerk@example.org',
			'https://example.org/a?b=1&amp;c=2',
			'https://www.example.org',
			'https://example.org/c'
		]);
		expect(html).toContain('>www.example.org</a>');
	});

	it('Markdown writes an autolink or a link, never an escaped address, and reads it back', () => {
		const doc = meetingWithNotes(
			'See https://example.org/a_b*c and www.example.org or https://ok.example/[x](y)'
		);
		const md = meetingToMarkdown(doc);
		expect(md).toContain('See <https://example.org/a_b*c> and');
		expect(md).toContain('[www.example.org](https://www.example.org)');
		expect(md).toContain('[https://ok.example/\\[x\\]\\(y)](https://ok.example/%5Bx%5D(y))');
		expect(md).not.toMatch(/https?\\:/);
		expect(markdownViolations(md, 1)).toEqual([]);
		const back = importMarkdown(md);
		if (!back.ok) throw new Error(back.error);
		expect(meetingToMarkdown(back.doc)).toBe(md);
	});

	it('Markdown keeps a URL in a decision as written only where an autolink would end with it', () => {
		const doc = meetingWithNotes('x');
		recordDecision(doc, { text: 'adopt it (see https://example.org/a), https://example.org/b\\c' });
		recordDecision(doc, { text: 'read https://example.org/c"\\<img> now' });
		const md = meetingToMarkdown(doc);
		expect(md).toContain(
			'Decision: adopt it (see https://example.org/a), https\\://example.org/b\\\\c.'
		);
		expect(md).toContain('Decision: read https\\://example.org/c"\\\\\\<img> now.');
		expect(markdownViolations(md, 1)).toEqual([]);
	});

	it('plain text keeps them as written', () => {
		const text = meetingToText(meetingWithNotes('Details at https://example.org/a_b. Thanks'));
		expect(text).toContain('Details at https://example.org/a_b. Thanks');
	});

	it('never links what a member wrote bare to attack: javascript:, a quote, a script tag', () => {
		const doc = meetingWithNotes(
			'javascript:alert(1) then http://x"onmouseover=alert(1) then https://ok.example/<script>alert(1)</script>'
		);
		recordDecision(doc, { text: 'javascript:alert(1) and http://x"onmouseover=alert(1)' });
		const html = meetingToHtml(doc);
		expect(htmlViolations(html)).toEqual([]);
		expect(hrefs(html)).toEqual(['http://x', 'http://x', 'https://ok.example/']);
		expect(html).not.toContain('<script>');
		expect(html).toContain('&quot;onmouseover=alert(1)');
		const md = meetingToMarkdown(doc);
		expect(markdownViolations(md, 1)).toEqual([]);
		expect(md).toContain('<http://x>"onmouseover=alert(1)');
		expect(md).not.toMatch(/(?<!\\)<script>|\]\(javascript/i);
	});
});
