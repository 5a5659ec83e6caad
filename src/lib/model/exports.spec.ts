import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from './agenda';
import { addAction, addEvent, recordDecision } from './blocks';
import { addComment, commentThreads } from './comments';
import { actionsToCsv, csvField } from './csv';
import { sampleMinutes } from './fixtures/sample-minutes';
import { escapeHtml, meetingToHtml } from './html';
import { meetingToIcs } from './ics';
import { escapeIcsText, foldIcsLine, icsCalendar } from './ics-format';
import { importMarkdown } from './import-markdown';
import { createMeeting, meetingStatus, setHeader, setNextMeeting } from './minutes';
import { changeStatus } from './publication';
import { statusWord } from './status-words';
import { meetingToMarkdown } from './markdown';
import { safeLink, WEB_SCHEMES } from './safe-link';
import { exportId } from './export-ids';
import { meetingToText } from './text-export';

function sample(): Y.Doc {
	const result = importMarkdown(sampleMinutes, { meetingId: 'meeting_000000000000000001' });
	if (!result.ok) throw new Error(result.error);
	return result.doc;
}

function hostile(): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, {
		meetingId: 'meeting_000000000000000009',
		title: '<script>alert("x")</script> & co',
		venue: "O'Brien's <pub>"
	});
	const open = addAgendaItem(doc, {
		title: 'Public <b>item</b>',
		notes: [
			{
				type: 'paragraph',
				content: [
					{ text: 'bad link', marks: { link: 'javascript:alert(1)' } },
					{ text: ' good link', marks: { link: 'https://example.org/?a=1&b=2' } }
				]
			}
		]
	});
	const secret = addAgendaItem(doc, { title: 'Secret salary talk', isPrivate: true });
	addAction(doc, { itemId: secret, what: 'secret action', due: '2026-05-01' });
	addAction(doc, {
		itemId: open,
		what: '=HYPERLINK("http://evil")',
		owners: ['Ann, "Nan"', 'Bob'],
		due: '2026-05-02'
	});
	addAction(doc, { itemId: open, what: 'line one\nline two', done: true });
	addEvent(doc, { itemId: open, title: 'Fair', date: '2026-06-01', link: 'javascript:evil()' });
	recordDecision(doc, { itemId: open, text: 'adopt <rules>', presentCount: 3 });
	return doc;
}

describe('HTML export', () => {
	it('is one self-contained page with the minutes', () => {
		const html = meetingToHtml(sample(), { groupName: 'Riverside' });
		expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
		expect(html).toContain('<style>');
		expect(html).not.toMatch(/<script|<link |src=/i);
		expect(html).toContain('<h1>Riverside Tenants&#39; Assembly — March meeting</h1>');
		expect(html).toContain('<p class="group">Riverside</p>');
		expect(html).toContain(
			'The 11 members present unanimously agreed to send a second letter with a 14-day deadline.'
		);
		expect(html).toContain('<h4><span class="num">3.a.i</span> Repairs update (Lena)</h4>');
		expect(html).toContain('<a href="https://example.org/events/market-stall">');
		expect(html).toContain('<dt>Topic</dt><dd>the repairs campaign, phase two</dd>');
	});

	it('closes every element it opens', () => {
		for (const doc of [sample(), hostile()]) {
			const html = meetingToHtml(doc, { includePrivate: true });
			for (const tag of [
				'html',
				'head',
				'body',
				'main',
				'article',
				'header',
				'section',
				'p',
				'dl',
				'ul',
				'ol',
				'li',
				'a',
				'h1',
				'h2',
				'h3',
				'h4',
				'time',
				'span'
			]) {
				const open = html.match(new RegExp(`<${tag}[\\s>]`, 'g'))?.length ?? 0;
				const close = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
				expect(close, tag).toBe(open);
			}
		}
	});

	it('escapes everything, drops unsafe links and private items', () => {
		const doc = hostile();
		const html = meetingToHtml(doc);
		expect(html).not.toContain('<script>');
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
		expect(html).toContain('O&#39;Brien&#39;s &lt;pub&gt;');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('<a href="https://example.org/?a=1&amp;b=2"> good link</a>');
		expect(html).not.toContain('Secret');
		expect(html).not.toContain('secret action');
		expect(html).toContain('adopt &lt;rules&gt;');
		expect(meetingToHtml(doc, { includePrivate: true })).toContain('Secret salary talk');
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'
		);
		expect(safeLink(' https://x.org/a ')).toBe('https://x.org/a');
		expect(safeLink('data:text/html,x')).toBeNull();
	});

	it('marks the actions and events of held items in CSV and ICS when they are asked for', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { title: 'Board' });
		const held = addAgendaItem(doc, { title: 'Personnel', isPrivate: true });
		const part = addAgendaItem(doc, { title: 'Salaries', parentId: held });
		const open = addAgendaItem(doc, { title: 'Open' });
		addAction(doc, { itemId: part, what: 'Write offer', due: '2026-05-01' });
		addEvent(doc, { itemId: held, title: 'Interview', date: '2026-05-02' });
		addAction(doc, { itemId: open, what: 'Book hall', due: '2026-05-03' });
		expect(actionsToCsv(doc)).not.toContain('Write offer');
		const csv = actionsToCsv(doc, { includePrivate: true });
		expect(csv).toMatch(/Salaries \(not for publication\),Write offer/);
		expect(csv).toMatch(/Open,Book hall/);
		expect(meetingToIcs(doc)).not.toContain('Interview');
		const ics = meetingToIcs(doc, { includePrivate: true }).replace(/\r\n /g, '');
		expect(ics).toContain('Announced in: Board\\nNot for publication');
		expect(ics).toContain('Action from: Board\\nNot for publication');
		expect(ics.match(/Not for publication/g)).toHaveLength(2);
	});

	it('shows comments under the minutes, escaped', () => {
		const comments = new Y.Doc();
		addComment(comments, {
			kind: 'public',
			author: '<Joy>',
			text: 'Thanks!\n<img src=x onerror=alert(1)>',
			time: '2026-03-20T09:00:00Z'
		});
		const html = meetingToHtml(sample(), {
			comments: commentThreads(comments, { kind: 'public' })
		});
		expect(html).toContain('<h2 id="comments-title">Comments</h2>');
		expect(html).toContain('&lt;Joy&gt;');
		expect(html).toContain('Thanks!<br>&lt;img src=x onerror=alert(1)&gt;');
	});
});

describe('HTML export: which revision', () => {
	const at = '2026-12-08T18:30:00.000Z';

	it('says the revision shown is the latest', () => {
		const html = meetingToHtml(sample(), { revision: { revision: 2, latest: 2, publishedAt: at } });
		expect(html).toContain(
			'<p class="revision">Revision 2, published <time datetime="2026-12-08T18:30:00.000Z">Tuesday 8 December 2026</time> (the latest).</p>'
		);
		expect(html).not.toContain('<dt>Revision</dt>');
	});

	it('says a newer revision exists and links to it', () => {
		const html = meetingToHtml(sample(), {
			revision: { revision: 1, latest: 3, publishedAt: at, latestHref: '/p/g_1/m-2' }
		});
		expect(html).toContain('Revision 1 of 3, published');
		expect(html).toContain(
			'A newer revision exists. <a href="/p/g_1/m-2">Read the latest revision (3)</a>.'
		);
	});

	it('writes no link it did not make, and nothing of an odd time', () => {
		for (const latestHref of [
			'javascript:alert(1)',
			'//evil.example/p',
			'/p/"><script>alert(1)</script>',
			'https://evil.example/'
		]) {
			const html = meetingToHtml(sample(), {
				revision: { revision: 1, latest: 2, publishedAt: '"><script>', latestHref }
			});
			expect(html).toContain('A newer revision exists. The latest is revision 2.');
			expect(html).not.toMatch(/<a href="[^h]/);
			expect(html).not.toContain('<script>');
			expect(html).not.toContain('evil');
		}
		for (const revision of [0, Number.NaN, Infinity, 1.5]) {
			const html = meetingToHtml(sample(), { revision: { revision, latest: 2 } });
			expect(html).not.toContain('class="revision');
		}
	});
});

describe('text export', () => {
	it('writes plain text for email', () => {
		const text = meetingToText(sample());
		expect(text.split('\n').slice(0, 4)).toEqual([
			"Riverside Tenants' Assembly — March meeting",
			'===========================================',
			'',
			'Date: Thursday 12 March 2026, 19:00–21:15'
		]);
		expect(text).toContain('\n1. Repairs campaign\n');
		expect(text).toContain('      3.a.i Repairs update (Lena)');
		expect(text).toContain(
			'   Decision: The 11 members present agreed on moving meetings to Wednesdays by 7 votes to 3, with 1 abstention.'
		);
		expect(text).toContain('   Action: Ahmed — collate mould photos and dates, due 2026-03-31');
		expect(text).toContain('Next meeting\n------------\nDate: Wednesday 15 April 2026');
		expect(text).not.toMatch(/[*_<>]/);
		expect(meetingToText(hostile())).not.toContain('Secret');
	});
});

describe('ICS export', () => {
	it('lists the next meeting, events and open action due dates', () => {
		const ics = meetingToIcs(sample(), { now: '2026-03-13T10:00:00Z' });
		expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
		expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(6);
		expect(ics).toContain('DTSTAMP:20260313T100000Z');
		expect(ics).toContain(
			'DTSTART:20260415T190000\r\nDTEND:20260415T210000\r\nSUMMARY:Next meeting: the repairs campaign\\, phase two'
		);
		expect(ics).toContain('DTSTART;VALUE=DATE:20260331\r\nDTEND;VALUE=DATE:20260401');
		expect(ics).toContain('URL:https://example.org/events/market-stall');
		expect(ics).toContain('UID:meeting_000000000000000001-next@plenary');
		for (const line of ics.split('\r\n')) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		}
	});

	it('escapes and folds as RFC 5545 says', () => {
		expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
		const long = 'SUMMARY:' + 'ü'.repeat(80);
		const folded = foldIcsLine(long);
		const lines = folded.split('\r\n');
		expect(lines.length).toBeGreaterThan(1);
		for (const [i, line] of lines.entries()) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
			if (i > 0) expect(line.startsWith(' ')).toBe(true);
		}
		expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(long);
	});

	it('leaves out done and private actions and unsafe links', () => {
		const doc = hostile();
		setNextMeeting(doc, { date: '2026-07-01' });
		setHeader(doc, { date: '2026-05-01' });
		const ics = meetingToIcs(doc, { now: new Date(0) });
		expect(ics).not.toContain('secret');
		expect(ics).not.toContain('line one');
		expect(ics).not.toContain('javascript');
		expect(ics).toContain('DTSTART;VALUE=DATE:20260701');
		expect(ics).toContain('SUMMARY:Due: =HYPERLINK("http://evil") (Ann\\, "Nan"\\, Bob)');
	});
});

describe('CSV export', () => {
	it('writes actions as RFC 4180 rows', () => {
		expect(actionsToCsv(sample())).toBe(
			[
				'Meeting,Meeting date,Item,Action,Owners,Due,Done',
				"Riverside Tenants' Assembly — March meeting,2026-03-12,1 Repairs campaign,collate photos,Ahmed,2026-03-31,no",
				"Riverside Tenants' Assembly — March meeting,2026-03-12,1 Repairs campaign,collate mould photos and dates,Ahmed,2026-03-31,no",
				"Riverside Tenants' Assembly — March meeting,2026-03-12,1 Repairs campaign,draft second letter and circulate,Lena,2026-03-19,no",
				''
			].join('\r\n')
		);
	});

	it('quotes, doubles quotes and defuses formulas', () => {
		const csv = actionsToCsv(hostile());
		expect(csv).toContain(`"'=HYPERLINK(""http://evil"")","Ann, ""Nan""; Bob",2026-05-02,no`);
		expect(csv).toContain('"line one\nline two",,,yes');
		expect(csv).not.toContain('secret');
		expect(csvField('-1')).toBe("'-1");
		expect(csvField('plain')).toBe('plain');
	});
});

describe('values a hostile document holds', () => {
	it('CSV: neutralises every cell a spreadsheet may run, however it starts', () => {
		for (const cell of [
			'=1+1',
			' =1+1',
			'\r\n=cmd|" /C calc"!A0',
			'\n@SUM(1)',
			'\t1',
			'\r1',
			'\u3000=1',
			'\u200b=1',
			'\uff1d1+1',
			'\uff0bcmd',
			'\uff0d1',
			'\uff20SUM(A1)',
			'\ufe66x',
			'\u22121'
		]) {
			const field = csvField(cell);
			const value = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
			expect(value.startsWith("'"), JSON.stringify(cell)).toBe(true);
		}
		expect(csvField('a; b')).toBe('"a; b"');
		expect(csvField('x\u0000y\u001b')).toBe('xy');
		expect(csvField('email@example.org')).toBe('email@example.org');
	});

	it('links: only http, https and mailto, however a scheme is spelled', () => {
		for (const href of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			' javascript:alert(1)',
			'java\tscript:alert(1)',
			'java\nscript:alert(1)',
			'\u0000javascript:alert(1)',
			'&#106;avascript:alert(1)',
			'javascript&colon;alert(1)',
			'%6Aavascript:alert(1)',
			'data:text/html,x',
			'vbscript:msgbox(1)',
			'//evil.example/',
			'https://ok.example/\r\nBEGIN:VALARM',
			'https://ok.example/\u202e',
			'https:evil.example'
		]) {
			expect(safeLink(href), JSON.stringify(href)).toBeNull();
		}
		expect(safeLink('HTTPS://example.org/a_(b)?c=1&d=2')).toBe('HTTPS://example.org/a_(b)?c=1&d=2');
		expect(safeLink('mailto:clerk@example.org')).toBe('mailto:clerk@example.org');
		expect(safeLink('mailto:clerk@example.org', WEB_SCHEMES)).toBeNull();
	});

	it('Markdown: writes unsafe links as text and keeps every value on its line', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: 'meeting_000000000000000010', title: 'T' });
		addAgendaItem(doc, {
			title: 'Item\r\n## 9. Injected',
			notes: [
				{
					type: 'paragraph',
					content: [
						{ text: 'a', marks: { link: 'JaVaScRiPt:alert(1)' } },
						{ text: ' b', marks: { link: 'data:text/html,x' } },
						{ text: ' c', marks: { link: 'vbscript:msgbox(1)' } },
						{ text: ' d', marks: { link: 'https://ok.example/a)b](javascript:alert(1))' } },
						{ hardBreak: true },
						{ text: '---' }
					]
				}
			]
		});
		addEvent(doc, {
			itemId: null,
			title: 'Fair',
			date: '2026-06-01',
			link: 'https://ok.example/\nDecision: injected'
		});
		const md = meetingToMarkdown(doc);
		expect(md).not.toMatch(/\]\((javascript|data|vbscript):/i);
		// Not at a line's start, a heading's marks are text.
		expect(md).toContain('## 1. Item ## 9. Injected\n');
		expect(md).toContain(
			'a b c [d](https://ok.example/a%29b%5D%28javascript:alert%281%29%29)\\\n\\---'
		);
		expect(md).toContain('Event: Monday 1 June 2026 — Fair\n');
		expect(md).not.toMatch(/^Decision: injected/m);
		expect(meetingToText(doc)).not.toMatch(/^Decision: injected/m);
	});

	it('ICS: ids that are not valid are written as ids derived from them', () => {
		const doc = new Y.Doc();
		createMeeting(doc, { meetingId: 'meeting_000000000000000011', title: 'T' });
		addAction(doc, { itemId: null, what: 'pay', due: '2026-05-02' });
		const blocks = doc.getMap<Y.Map<unknown>>('blocks');
		const [id] = [...blocks.keys()];
		const block = blocks.get(id)!.clone();
		doc.transact(() => {
			blocks.delete(id);
			blocks.set('b\r\nBEGIN:VALARM\r\nACTION:DISPLAY', block);
			doc.getMap('meta').set('meetingId', 'm\nATTACH:x');
		});
		const ics = meetingToIcs(doc, { now: new Date(0) });
		expect(ics).not.toMatch(/^(BEGIN:VALARM|ATTACH|ACTION)/m);
		const uid = /^UID:(.*)$/m.exec(ics)![1];
		expect(uid).toMatch(/^x\.[0-9a-f]{16}-x\.[0-9a-f]{16}@plenary$/);
		expect(meetingToIcs(doc, { now: new Date(0) })).toBe(ics);
		expect(exportId('valid_id_00000001')).toBe('valid_id_00000001');
		expect(exportId('short')).toMatch(/^x\.[0-9a-f]{16}$/);
	});

	it('ICS: folds four-byte characters whole and escapes every line separator', () => {
		const folded = foldIcsLine('SUMMARY:' + '😀'.repeat(40));
		for (const line of folded.split('\r\n')) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
			expect(line).not.toMatch(/[\ud800-\udbff]$/);
		}
		expect(escapeIcsText('a\u2028b\u2029c\u0085d\re\r\nf\u0000g')).toBe('a\\nb\\nc\\nd\\ne\\nfg');
	});

	it('ICS: checks dates and times before it writes them', () => {
		const ics = icsCalendar(
			[
				{ uid: 'a', date: '9999-12-31', summary: 'last day' },
				{ uid: 'b', date: '2026-02-30', summary: 'no such day' },
				{ uid: 'c', date: '2026-05-01\r\nBEGIN:VALARM', summary: 'not a date' },
				{ uid: 'd', date: '2026-05-01', startTime: '25:00', summary: 'no such time' },
				{ uid: 'e', date: '2026-05-01', startTime: '10:00', endTime: '10:00\r\nX', summary: 'x' }
			],
			{ now: new Date(0), uidDomain: 'example.org\r\nATTACH:x' }
		);
		expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(3);
		expect(ics).toContain(
			'UID:a@example.orgATTACHx\r\nDTSTAMP:19700101T000000Z\r\nDTSTART;VALUE=DATE:99991231\r\nSUMMARY'
		);
		expect(ics).toContain(
			'DTSTART;VALUE=DATE:20260501\r\nDTEND;VALUE=DATE:20260502\r\nSUMMARY:no such time'
		);
		expect(ics).toContain('DTSTART:20260501T100000\r\nSUMMARY:x');
	});
});

describe('the status in every export', () => {
	it('is written in words with the header fields, and an import starts as a draft', () => {
		const doc = sample();
		changeStatus(doc, 'review', { by: 'Sam' });
		const md = meetingToMarkdown(doc);
		expect(md).toMatch(/^Status: in review$/m);
		expect(meetingToText(doc)).toMatch(/^Status: in review$/m);
		expect(meetingToHtml(doc)).toContain('<dt>Status</dt><dd>in review</dd>');
		const back = importMarkdown(md);
		if (!back.ok) throw new Error(back.error);
		expect(meetingStatus(back.doc).status).toBe('draft');
		expect(back.warnings).toContain(
			'the status "in review" was not taken over: an imported meeting starts as a draft'
		);
		// The line is read as the header's, not kept as notes or a block.
		expect(meetingToMarkdown(back.doc)).toBe(md.replace('Status: in review', 'Status: draft'));
		expect(statusWord('approved')).toBe('approved');
		expect(statusWord('nonsense' as never)).toBe('draft');
	});
});
