/**
 * The meeting routes of the HTTP API: Markdown import, exports, and the public page. Documents
 * they change are stored and forwarded like websocket updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addComment,
	agendaList,
	directory,
	header,
	setStatus,
	updateItem
} from '../../src/lib/model/index.ts';
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

const MINUTES = `# Spring assembly

Date: Thursday 12 March 2026, 19:00–21:15
Venue: Community room
Categories: housing, repairs

## 1. Repairs campaign

Mould reports now cover 23 flats.

Decision: send a second letter with a 14-day deadline. Agreed by consensus (11 present).

Action: Ahmed — collate mould photos, due 2026-03-31

## 2. Personnel matter

Confidential discussion about a neighbour.

## Next meeting

Wednesday 15 April 2026, 19:00–21:00, Community room.
`;

let relay: TestRelay;
let group: Group;
let other: Group;
const clients: Client[] = [];

function client(document: string, token = group.tokens.edit): Client {
	const created = connectClient(relay.syncUrl, document, token);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Riverside');
	other = await createGroup(relay.httpUrl, 'Elsewhere');
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

function importMinutes(
	markdown: string,
	token: string | null = group.tokens.edit,
	contentType = 'text/markdown; charset=utf-8',
	groupId = group.groupId
): Promise<Response> {
	const headers: Record<string, string> = { 'Content-Type': contentType };
	if (token) headers.Authorization = `Bearer ${token}`;
	return fetch(`${relay.httpUrl}/api/groups/${groupId}/meetings`, {
		method: 'POST',
		headers,
		body: markdown
	});
}

function exportMinutes(
	meetingId: string,
	format: string,
	token: string | null = group.tokens.view
) {
	return fetch(
		`${relay.httpUrl}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=${format}`,
		{ headers: token ? { Authorization: `Bearer ${token}` } : {} }
	);
}

describe('importing Markdown', () => {
	it('creates a meeting, lists it in the directory, and forwards both to clients', async () => {
		const listing = client(group.groupId, group.tokens.view);
		await waitSynced(listing);
		const response = await importMinutes(MINUTES);
		expect(response.status).toBe(201);
		const { meetingId } = (await response.json()) as { meetingId: string };
		expect(meetingId).toMatch(/^[A-Za-z0-9_-]{22,64}$/);
		// The connected directory client hears of it, and the entry is already there.
		await waitFor(() => directory(listing.doc).meetings.some((m) => m.meetingId === meetingId));
		expect(directory(listing.doc).meetings.find((m) => m.meetingId === meetingId)).toMatchObject({
			title: 'Spring assembly',
			date: '2026-03-12',
			status: 'draft'
		});
		const minutes = client(`${group.groupId}/${meetingId}`, group.tokens.view);
		await waitSynced(minutes);
		expect(header(minutes.doc).title).toBe('Spring assembly');
		expect(agendaList(minutes.doc).length).toBeGreaterThanOrEqual(2);
		// Stored: the store holds the minutes, not only the memory.
		await relay.relay.registry.settled();
		expect(
			(await relay.relay.store.loadDocument(`${group.groupId}/${meetingId}`)).length
		).toBeGreaterThan(0);
	});

	it('refuses what it cannot import, with JSON errors', async () => {
		const cases: [Promise<Response>, number][] = [
			[importMinutes(MINUTES, null), 401],
			[importMinutes(MINUTES, 'garbage'), 401],
			[importMinutes(MINUTES, group.tokens.comment), 403],
			[importMinutes(MINUTES, group.tokens.view), 403],
			[importMinutes(MINUTES, other.tokens.edit), 403],
			[importMinutes(MINUTES, group.tokens.edit, 'application/json'), 415],
			[importMinutes('   \n', group.tokens.edit), 400],
			[importMinutes('# big\n' + 'x'.repeat(3 * 1024 * 1024)), 413],
			[importMinutes('## item\n'.repeat(5_001)), 413]
		];
		for (const [request, status] of cases) {
			const response = await request;
			expect(response.status).toBe(status);
			expect(await response.json()).toHaveProperty('error');
		}
	});
});

describe('what one import may build', () => {
	it('refuses more with 413, naming the bound, and builds no meeting', async () => {
		const listing = client(group.groupId, group.tokens.view);
		await waitSynced(listing);
		const before = directory(listing.doc).meetings.length;
		const response = await importMinutes(`# Big\n\n${'Decision: yes\n\n'.repeat(5_001)}`);
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({
			error:
				'the minutes have 5,001 decisions, actions and events; one import may build at most 5,000'
		});
		expect((await importMinutes(MINUTES)).status).toBe(201);
		await waitFor(() => directory(listing.doc).meetings.length === before + 1);
	});
});

describe('exports', () => {
	let meetingId: string;

	beforeAll(async () => {
		meetingId = ((await (await importMinutes(MINUTES)).json()) as { meetingId: string }).meetingId;
	});

	it.each([
		['md', 'text/markdown', '# Spring assembly'],
		['html', 'text/html', 'Spring assembly'],
		['txt', 'text/plain', 'Spring assembly'],
		['ics', 'text/calendar', 'BEGIN:VCALENDAR'],
		['csv', 'text/csv', 'Ahmed']
	])('exports %s', async (format, type, expected) => {
		const response = await exportMinutes(meetingId, format);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain(type);
		expect(await response.text()).toContain(expected);
	});

	it('refuses unknown meetings, formats and tokens', async () => {
		expect((await exportMinutes(randomId(), 'md')).status).toBe(404);
		expect((await exportMinutes(meetingId, 'pdf')).status).toBe(400);
		expect((await exportMinutes(meetingId, 'md', null)).status).toBe(401);
		expect((await exportMinutes(meetingId, 'md', other.tokens.view)).status).toBe(403);
		const body = await (await exportMinutes(randomId(), 'md')).json();
		expect(body).toHaveProperty('error');
	});
});

describe('the public page', () => {
	it('answers a person who followed a wrong link with a page, not JSON', async () => {
		const { meetingId } = (await (await importMinutes(MINUTES)).json()) as { meetingId: string };
		const addresses = [
			`/p/${group.groupId}/${meetingId}`, // not published
			`/p/${group.groupId}/${randomId()}`, // no such meeting
			`/p/${group.groupId}/not*an*id`,
			`/p/${group.groupId}`
		];
		for (const address of addresses) {
			const response = await fetch(`${relay.httpUrl}${address}`);
			expect(response.status, address).toBe(404);
			expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
			expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
			const html = await response.text();
			expect(html).toContain('<h1>No published minutes here</h1>');
			expect(html).not.toContain('not*an*id');
		}
		const post = await fetch(`${relay.httpUrl}/p/${group.groupId}/${meetingId}`, {
			method: 'POST'
		});
		expect(post.status).toBe(405);
		expect(await post.text()).toContain('<h1>Not possible here</h1>');
		// The API itself still answers in JSON.
		const api = await fetch(`${relay.httpUrl}/api/nothing`);
		expect(api.headers.get('content-type')).toBe('application/json; charset=utf-8');
	});

	it('shows published minutes only, without private items, with public comments', async () => {
		const { meetingId } = (await (await importMinutes(MINUTES)).json()) as { meetingId: string };
		const page = () => fetch(`${relay.httpUrl}/p/${group.groupId}/${meetingId}`);
		expect((await page()).status).toBe(404);
		expect((await fetch(`${relay.httpUrl}/p/${group.groupId}/${randomId()}`)).status).toBe(404);

		const editor = client(`${group.groupId}/${meetingId}`);
		const comments = client(`${group.groupId}/${meetingId}/comments`, group.tokens.comment);
		await Promise.all([waitSynced(editor), waitSynced(comments)]);
		const personnel = agendaList(editor.doc).find((item) => item.title.includes('Personnel'))!;
		updateItem(editor.doc, personnel.id, { isPrivate: true });
		addComment(comments.doc, { kind: 'public', author: 'Mei', text: 'Thanks <b>all</b>' });
		addComment(comments.doc, { kind: 'review', author: 'Lena', text: 'Fix the date' });
		// A status a client writes does not publish: only the relay makes revisions.
		setStatus(editor.doc, 'published');
		await waitFor(
			async () => !(await (await exportMinutes(meetingId, 'md')).text()).includes('Personnel')
		);
		expect((await page()).status).toBe(404);
		const published = await fetch(
			`${relay.httpUrl}/api/groups/${group.groupId}/meetings/${meetingId}/publish`,
			{ method: 'POST', headers: { Authorization: `Bearer ${group.tokens.edit}` } }
		);
		expect(published.status).toBe(201);
		expect((await page()).status).toBe(200);

		const response = await page();
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		let html = await response.text();
		await waitFor(async () => {
			html = await (await page()).text();
			return html.includes('Mei');
		});
		expect(html).toContain('Spring assembly');
		expect(html).toContain('Repairs campaign');
		expect(html).not.toContain('Personnel');
		expect(html).not.toContain('Confidential');
		expect(html).not.toContain('Fix the date');
		expect(html).not.toContain('<b>all</b>');
	});
});
