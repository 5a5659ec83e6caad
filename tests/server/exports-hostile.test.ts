/**
 * Exports of a hostile document, end to end: a member writes a minutes document with ids
 * holding line breaks and control characters, calendar lines, formulas, HTML, Markdown and
 * unsafe links (src/lib/model/fixtures/hostile-meeting.ts) through the relay's websocket, and
 * every format of `GET …/export` and the public page keeps its structure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ACTION_CSV_COLUMNS } from '../../src/lib/model/index.ts';
import {
	csvViolations,
	htmlViolations,
	icsViolations,
	markdownViolations,
	textViolations
} from '../../src/lib/model/fixtures/export-invariants.ts';
import {
	hostileMeeting,
	PRIVATE_MARKER,
	type HostileExpectation
} from '../../src/lib/model/fixtures/hostile-meeting.ts';
import {
	connectClient,
	createGroup,
	randomId,
	startTestRelay,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

const SEEDS = [3, 11, 29];
const COMMENT_MARKER = 'hostile-comment';

let relay: TestRelay;
let group: Group;
const clients: Client[] = [];
const meetings: { meetingId: string; expected: HostileExpectation }[] = [];

function client(document: string, token: string): Client {
	const created = connectClient(relay.syncUrl, document, token);
	clients.push(created);
	return created;
}

/** Public comments written as a foreign client could: odd ids, markup, a time that is not one. */
function writeHostileComments(doc: Y.Doc): void {
	doc.transact(() => {
		doc.getMap('meta').set('schemaVersion', 1);
		const thread = new Y.Map<unknown>();
		doc.getMap('threads').set('t\r\nBEGIN:VALARM', thread);
		thread.set('kind', 'public');
		thread.set('itemId', null);
		thread.set('createdAt', '2026-05-02T10:00:00Z');
		const messages = new Y.Array<unknown>();
		thread.set('messages', messages);
		messages.push([
			{
				id: '"><script>',
				author: '<script>alert(1)</script>\r\n"',
				time: '"><img src=x onerror=alert(1)>',
				text: `${COMMENT_MARKER} <img src=x onerror=alert(1)>\r\n<a href="javascript:alert(1)">x</a>`
			},
			{ id: 'm2', author: 'Mei', time: '2026-05-02T10:05:00Z', text: `${COMMENT_MARKER} thanks` }
		]);
	});
}

function exportOf(meetingId: string, format: string): Promise<Response> {
	return fetch(
		`${relay.httpUrl}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=${format}`,
		{ headers: { Authorization: `Bearer ${group.tokens.view}` } }
	);
}

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, '<script>alert(1)</script> & "group"');
	for (const seed of SEEDS) {
		const { doc, expected } = hostileMeeting(seed);
		const meetingId = randomId();
		const minutes = client(`${group.groupId}/${meetingId}`, group.tokens.edit);
		const comments = client(`${group.groupId}/${meetingId}/comments`, group.tokens.comment);
		await Promise.all([waitSynced(minutes), waitSynced(comments)]);
		Y.applyUpdate(minutes.doc, Y.encodeStateAsUpdate(doc));
		writeHostileComments(comments.doc);
		meetings.push({ meetingId, expected });
	}
	// The relay holds each meeting once its export answers; published, its page shows the
	// comments.
	for (const { meetingId } of meetings) {
		await waitFor(async () => (await exportOf(meetingId, 'md')).status === 200, {
			timeout: 10_000,
			message: 'the hostile meeting on the relay'
		});
		await relay.relay.registry.settled();
		const published = await fetch(
			`${relay.httpUrl}/api/groups/${group.groupId}/meetings/${meetingId}/publish`,
			{ method: 'POST', headers: { Authorization: `Bearer ${group.tokens.edit}` } }
		);
		expect(published.status).toBe(201);
		await waitFor(
			async () => {
				const page = await fetch(`${relay.httpUrl}/p/${group.groupId}/${meetingId}`);
				return page.status === 200 && (await page.text()).includes(COMMENT_MARKER);
			},
			{ timeout: 10_000, message: 'the hostile meeting on the relay' }
		);
	}
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

describe('exports of a hostile document over HTTP', () => {
	it('ICS: one calendar of exactly the expected events, every line sound', async () => {
		for (const { meetingId, expected } of meetings) {
			const response = await exportOf(meetingId, 'ics');
			expect(response.status).toBe(200);
			const ics = await response.text();
			expect(icsViolations(ics, expected.calendarEvents)).toEqual([]);
			expect(ics).not.toContain(PRIVATE_MARKER);
		}
	});

	it('CSV: exactly the expected rows and columns, no formula cell', async () => {
		for (const { meetingId, expected } of meetings) {
			const csv = await (await exportOf(meetingId, 'csv')).text();
			expect(csvViolations(csv, expected.actions, ACTION_CSV_COLUMNS.length)).toEqual([]);
			expect(csv).not.toContain(PRIVATE_MARKER);
		}
	});

	it('Markdown: the expected headings, safe links only', async () => {
		for (const { meetingId, expected } of meetings) {
			const md = await (await exportOf(meetingId, 'md')).text();
			expect(markdownViolations(md, expected.publicItems + 1)).toEqual([]);
			expect(md).not.toContain(PRIVATE_MARKER);
		}
	});

	it('HTML: allowed elements and attributes only, safe links', async () => {
		for (const { meetingId } of meetings) {
			const html = await (await exportOf(meetingId, 'html')).text();
			expect(htmlViolations(html)).toEqual([]);
			expect(html).not.toContain(PRIVATE_MARKER);
		}
	});

	it('plain text: no control characters, no line a value started', async () => {
		for (const { meetingId } of meetings) {
			const text = await (await exportOf(meetingId, 'txt')).text();
			expect(textViolations(text)).toEqual([]);
			expect(text).not.toContain(PRIVATE_MARKER);
		}
	});

	it('the public page: the group name, minutes and comments escaped, safe links only', async () => {
		for (const { meetingId, expected } of meetings) {
			const response = await fetch(`${relay.httpUrl}/p/${group.groupId}/${meetingId}`);
			expect(response.status).toBe(200);
			const html = await response.text();
			expect(htmlViolations(html)).toEqual([]);
			expect(html.match(/<section class="item">/g)?.length ?? 0).toBe(expected.publicItems);
			expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;group&quot;');
			expect(html.match(/<article class="comment">/g)).toHaveLength(2);
			expect(html).not.toContain(PRIVATE_MARKER);
		}
	});
});
