/**
 * Publishing on the real relay: numbered revisions, the public pages `/p/<g>/<m>[/<n>]`,
 * withdrawing, the revisions API, `held=include`, roles, hostile content, and revisions kept
 * through a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addAgendaItem,
	addComment,
	agendaList,
	createMeeting,
	deleteComment,
	directory,
	hideComment,
	meetingStatus,
	publication,
	setTitle,
	showComment,
	statusHistory,
	updateItem
} from '../../src/lib/model/index.ts';
import { htmlViolations } from '../../src/lib/model/fixtures/export-invariants.ts';
import {
	connectClient,
	createGroup,
	randomId,
	removeDir,
	startTestRelay,
	tempDir,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

const MINUTES = `# Spring assembly

Date: Thursday 12 March 2026, 19:00–21:15
Venue: Community room

## 1. Repairs campaign

Mould reports now cover 23 flats.

Decision: send a second letter with a 14-day deadline. Agreed by consensus (11 present).

## 2. Personnel matter

Confidential discussion about a neighbour.
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

async function importMinutes(base = relay.httpUrl, g = group): Promise<string> {
	const response = await fetch(`${base}/api/groups/${g.groupId}/meetings`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${g.tokens.edit}` },
		body: MINUTES
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { meetingId: string }).meetingId;
}

function post(
	action: 'publish' | 'withdraw',
	meetingId: string,
	{
		token = group.tokens.edit as string | null,
		body,
		base = relay.httpUrl,
		groupId = group.groupId
	}: { token?: string | null; body?: string; base?: string; groupId?: string } = {}
): Promise<Response> {
	const headers: Record<string, string> = {};
	if (token) headers.Authorization = `Bearer ${token}`;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	return fetch(`${base}/api/groups/${groupId}/meetings/${meetingId}/${action}`, {
		method: 'POST',
		headers,
		body
	});
}

async function publish(meetingId: string, body?: string): Promise<number> {
	const response = await post('publish', meetingId, { body });
	expect(response.status).toBe(201);
	const answer = (await response.json()) as { revision: number; url: string };
	expect(answer.url).toBe(`/p/${group.groupId}/${meetingId}`);
	return answer.revision;
}

function page(meetingId: string, n?: string | number, base = relay.httpUrl): Promise<Response> {
	return fetch(`${base}/p/${group.groupId}/${meetingId}${n === undefined ? '' : `/${n}`}`);
}

async function pageText(meetingId: string, n?: string | number): Promise<string> {
	const response = await page(meetingId, n);
	expect(response.status).toBe(200);
	return response.text();
}

function api(path: string, token: string | null = group.tokens.view, base = relay.httpUrl) {
	return fetch(`${base}/api/groups/${group.groupId}/meetings/${path}`, {
		headers: token ? { Authorization: `Bearer ${token}` } : {}
	});
}

/** Every violation but the page's own link to its latest revision, a path on the same site. */
function violations(html: string, meetingId: string): string[] {
	return htmlViolations(html).filter(
		(v) => v !== `unsafe href ${JSON.stringify(`/p/${group.groupId}/${meetingId}`)}`
	);
}

describe('publishing', () => {
	it('numbers revisions 1, 2, serves each, and shows the latest at /p', async () => {
		const meetingId = await importMinutes();
		const watcher = client(`${group.groupId}/${meetingId}`, group.tokens.view);
		const listing = client(group.groupId, group.tokens.view);
		await Promise.all([waitSynced(watcher), waitSynced(listing)]);
		expect((await page(meetingId)).status).toBe(404);

		expect(await publish(meetingId)).toBe(1);
		// A connected client hears of it: the status, the revision and the public flag.
		await waitFor(() => publication(watcher.doc).revision === 1, { message: 'revision 1' });
		expect(meetingStatus(watcher.doc).status).toBe('published');
		expect(publication(watcher.doc).isPublic).toBe(true);
		expect(publication(watcher.doc).publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		// The meetings list says published.
		const entry = () => directory(listing.doc).meetings.find((m) => m.meetingId === meetingId);
		await waitFor(() => entry()?.status === 'published', { message: 'directory' });

		// A correction, published as revision 2.
		const editor = client(`${group.groupId}/${meetingId}`);
		await waitSynced(editor);
		setTitle(editor.doc, 'Spring assembly (corrected)');
		await waitFor(async () =>
			(await api(`${meetingId}/export`)).text().then((t) => t.includes('corrected'))
		);
		expect(await publish(meetingId)).toBe(2);
		await waitFor(() => publication(watcher.doc).revision === 2, { message: 'revision 2' });
		await waitFor(() => entry()?.revision === 2, { message: 'directory revision 2' });

		const first = await pageText(meetingId, 1);
		expect(first).toContain('<h1>Spring assembly</h1>');
		expect(first).toContain('Revision 1 of 2');
		expect(first).toContain(
			`A newer revision exists. <a href="/p/${group.groupId}/${meetingId}">Read the latest revision (2)</a>.`
		);
		const second = await pageText(meetingId, 2);
		expect(second).toContain('<h1>Spring assembly (corrected)</h1>');
		expect(second).toContain('(the latest)');
		expect(await pageText(meetingId)).toBe(second);

		const list = await api(`${meetingId}/revisions`);
		expect(list.status).toBe(200);
		const body = (await list.json()) as {
			revisions: { revision: number; publishedAt: string }[];
			isPublic: boolean;
		};
		expect(body.isPublic).toBe(true);
		expect(body.revisions.map((r) => r.revision)).toEqual([1, 2]);
		expect(body.revisions[1].publishedAt).toBe(publication(watcher.doc).publishedAt);

		const md = await api(`${meetingId}/revisions/1?format=md`);
		expect(md.status).toBe(200);
		expect(md.headers.get('content-type')).toContain('text/markdown');
		expect(await md.text()).toContain('# Spring assembly\n');
		expect(await (await api(`${meetingId}/revisions/2?format=txt`)).text()).toContain('corrected');
		const html = await api(`${meetingId}/revisions/1?format=html`, group.tokens.comment);
		expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(await html.text()).toContain('Revision 1 of 2');
		expect((await api(`${meetingId}/revisions/1?format=ics`)).status).toBe(400);
		expect((await api(`${meetingId}/revisions/1?format=toString`)).status).toBe(400);
	});

	it('records who published, and serialises two publishes of one meeting', async () => {
		const meetingId = await importMinutes();
		const [a, b] = await Promise.all([
			post('publish', meetingId, { body: JSON.stringify({ by: 'Ann' }) }),
			post('publish', meetingId, { body: JSON.stringify({ by: 'Bob' }) })
		]);
		expect([a.status, b.status]).toEqual([201, 201]);
		const numbers = [
			((await a.json()) as { revision: number }).revision,
			((await b.json()) as { revision: number }).revision
		].sort();
		expect(numbers).toEqual([1, 2]);
		const watcher = client(`${group.groupId}/${meetingId}`, group.tokens.view);
		await waitSynced(watcher);
		expect(publication(watcher.doc).revision).toBe(2);
		const published = statusHistory(watcher.doc).filter((c) => c.status === 'published');
		expect(published.map((c) => c.by).sort()).toEqual(['Ann', 'Bob']);
		// Each revision's snapshot holds its own record: revision 1 says revision 1.
		expect(await pageText(meetingId, 1)).toContain('Revision 1 of 2');
	});

	it('answers a bad body with 400 and a body past the limit with 413', async () => {
		const meetingId = await importMinutes();
		const bad = [
			'{"by": 5}',
			'{"by": null}',
			'[]',
			'"Ann"',
			'{"by": "Ann", "role": "edit"}',
			'{by: Ann}',
			JSON.stringify({ by: 'x'.repeat(201) })
		];
		for (const body of bad) {
			const response = await post('publish', meetingId, { body });
			expect(response.status, body).toBe(400);
			expect(await response.json()).toHaveProperty('error');
			expect((await post('withdraw', meetingId, { body })).status, body).toBe(400);
		}
		const huge = await post('publish', meetingId, {
			body: JSON.stringify({ by: 'x'.repeat(3 * 1024 * 1024) })
		});
		expect(huge.status).toBe(413);
		expect((await api(`${meetingId}/revisions`)).ok).toBe(true);
		expect(
			((await (await api(`${meetingId}/revisions`)).json()) as { revisions: [] }).revisions
		).toEqual([]);
		expect(await publish(meetingId, JSON.stringify({ by: 'x'.repeat(200) }))).toBe(1);
		expect(await publish(meetingId, '  ')).toBe(2);
		expect(await publish(meetingId, '{}')).toBe(3);
	});
});

describe('withdrawing', () => {
	it('takes every page down, keeps the revisions, and the next publish brings them back', async () => {
		const meetingId = await importMinutes();
		const watcher = client(`${group.groupId}/${meetingId}`, group.tokens.view);
		await waitSynced(watcher);
		expect(await publish(meetingId)).toBe(1);
		expect(await publish(meetingId)).toBe(2);

		const withdrawn = await post('withdraw', meetingId, { body: '{"by": "Ann"}' });
		expect(withdrawn.status).toBe(200);
		expect(await withdrawn.json()).toEqual({ withdrawn: true });
		for (const n of [undefined, 1, 2]) expect((await page(meetingId, n)).status, `${n}`).toBe(404);
		await waitFor(() => !publication(watcher.doc).isPublic, { message: 'withdrawal' });
		expect(meetingStatus(watcher.doc).status).toBe('approved');
		expect(statusHistory(watcher.doc).at(-1)).toMatchObject({ status: 'withdrawn', by: 'Ann' });

		// Members still read the revisions; the list says the page is down.
		const list = (await (await api(`${meetingId}/revisions`)).json()) as {
			revisions: { revision: number }[];
			isPublic: boolean;
		};
		expect(list).toMatchObject({ isPublic: false });
		expect(list.revisions.map((r) => r.revision)).toEqual([1, 2]);
		expect((await api(`${meetingId}/revisions/1`)).status).toBe(200);

		// Again: nothing more to take down, still 200, nothing written.
		const entries = statusHistory(watcher.doc).length;
		expect((await post('withdraw', meetingId)).status).toBe(200);
		expect(statusHistory(watcher.doc).length).toBe(entries);

		expect(await publish(meetingId)).toBe(3);
		expect(await pageText(meetingId, 1)).toContain('Revision 1 of 3');
		expect(await pageText(meetingId)).toContain('Revision 3');
		await waitFor(() => publication(watcher.doc).isPublic, { message: 'public again' });
	});

	it('withdraws minutes never published as a no-op (200) and answers 404 for unknown meetings', async () => {
		const meetingId = await importMinutes();
		const never = await post('withdraw', meetingId);
		expect(never.status).toBe(200);
		expect(await never.json()).toEqual({ withdrawn: true });
		expect((await page(meetingId)).status).toBe(404);
		const markdown = await (await api(`${meetingId}/export?format=md`)).text();
		expect(markdown).toContain('Status: draft');
		for (const id of [randomId(), 'not*an*id', 'short']) {
			for (const action of ['publish', 'withdraw'] as const) {
				const response = await post(action, id);
				expect(response.status, `${action} ${id}`).toBe(404);
				expect(await response.json()).toEqual({ error: 'unknown meeting' });
			}
			expect((await api(`${id}/revisions`)).status).toBe(404);
			expect((await api(`${id}/revisions/1`)).status).toBe(404);
		}
	});
});

describe('who may', () => {
	it('publish and withdraw: edit only; read revisions: any token of the group', async () => {
		const meetingId = await importMinutes();
		for (const action of ['publish', 'withdraw'] as const) {
			const cases: [string | null, number][] = [
				[null, 401],
				['garbage', 401],
				[group.tokens.comment, 403],
				[group.tokens.view, 403],
				[other.tokens.edit, 403]
			];
			for (const [token, status] of cases) {
				const response = await post(action, meetingId, { token });
				expect(response.status, `${action} ${token?.slice(0, 8)}`).toBe(status);
				expect(await response.json()).toHaveProperty('error');
			}
		}
		expect((await page(meetingId)).status).toBe(404);
		await publish(meetingId);
		for (const path of [`${meetingId}/revisions`, `${meetingId}/revisions/1`]) {
			expect((await api(path, null)).status).toBe(401);
			expect((await api(path, other.tokens.view)).status).toBe(403);
			for (const token of Object.values(group.tokens))
				expect((await api(path, token)).status).toBe(200);
		}
	});

	it('answers 404 for a revision number that is not one, or not there', async () => {
		const meetingId = await importMinutes();
		await publish(meetingId);
		expect((await page(meetingId, 1)).status).toBe(200);
		for (const n of ['0', '01', '2', '-1', '1.0', '1e0', 'abc', '%31', '9999999999', '1/1']) {
			const response = await page(meetingId, n);
			expect(response.status, n).toBe(404);
			expect(await response.text()).toContain('No published minutes here');
			expect((await api(`${meetingId}/revisions/${n}`)).status, n).toBe(404);
		}
		const head = await fetch(`${relay.httpUrl}/p/${group.groupId}/${meetingId}/1`, {
			method: 'HEAD'
		});
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
	});
});

describe('held back from publication', () => {
	it('never reaches a public page, a revision or a default export; held=include is for editors', async () => {
		const meetingId = await importMinutes();
		const editor = client(`${group.groupId}/${meetingId}`);
		await waitSynced(editor);
		const personnel = agendaList(editor.doc).find((item) => item.title.includes('Personnel'))!;
		updateItem(editor.doc, personnel.id, { isPrivate: true });
		const exportOf = (format: string, held = '', token = group.tokens.edit) =>
			api(`${meetingId}/export?format=${format}${held}`, token);
		await waitFor(async () => !(await (await exportOf('md')).text()).includes('Personnel'));
		await publish(meetingId);

		const everywhere = [
			await pageText(meetingId),
			await pageText(meetingId, 1),
			...(await Promise.all(
				['md', 'html', 'txt'].map(async (f) =>
					(await api(`${meetingId}/revisions/1?format=${f}`, group.tokens.edit)).text()
				)
			)),
			...(await Promise.all(
				['md', 'html', 'txt', 'ics', 'csv'].map(async (f) => (await exportOf(f)).text())
			))
		];
		for (const text of everywhere) {
			expect(text).not.toContain('Personnel');
			expect(text).not.toContain('Confidential');
		}

		for (const format of ['md', 'html', 'txt']) {
			for (const path of [
				`export?format=${format}&held=include`,
				`revisions/1?format=${format}&held=include`
			]) {
				const included = await api(`${meetingId}/${path}`, group.tokens.edit);
				expect(included.status, path).toBe(200);
				const text = await included.text();
				expect(text, path).toContain('Personnel matter');
				expect(text, path).toContain('Confidential');
				expect(text, path).toMatch(/not for publication/i);
				for (const token of [group.tokens.comment, group.tokens.view]) {
					const refused = await api(`${meetingId}/${path}`, token);
					expect(refused.status, path).toBe(403);
					expect(await refused.json()).toHaveProperty('error');
				}
			}
		}
		for (const held of ['yes', 'INCLUDE', '', 'include&held=include']) {
			expect((await exportOf('md', `&held=${held}`)).status, held).toBe(400);
			expect((await api(`${meetingId}/revisions/1?held=${held}`, group.tokens.edit)).status).toBe(
				400
			);
		}
	});
});

describe('comments under the public page', () => {
	it('shows the published ones, live; never review comments or hidden ones', async () => {
		const meetingId = await importMinutes();
		const editor = client(`${group.groupId}/${meetingId}`);
		const comments = client(`${group.groupId}/${meetingId}/comments`, group.tokens.comment);
		await Promise.all([waitSynced(editor), waitSynced(comments)]);
		const kept = addComment(comments.doc, { kind: 'public', author: 'Mei', text: 'Thanks all' });
		const hidden = addComment(comments.doc, { kind: 'public', author: 'Troll', text: 'Spam here' });
		addComment(comments.doc, { kind: 'review', author: 'Lena', text: 'Fix the date' });
		await publish(meetingId);
		let html = '';
		await waitFor(async () => (html = await pageText(meetingId)).includes('Spam here'));
		expect(html).toContain('Thanks all');
		expect(html).not.toContain('Fix the date');

		// Hidden by an editor (in the minutes): gone from the page, and back when shown again.
		hideComment(editor.doc, hidden.messageId, { by: 'Ann' });
		await waitFor(async () => !(await pageText(meetingId)).includes('Spam here'), {
			message: 'hidden'
		});
		expect(await pageText(meetingId, 1)).not.toContain('Spam here');
		showComment(editor.doc, hidden.messageId);
		await waitFor(async () => (await pageText(meetingId)).includes('Spam here'), {
			message: 'shown again'
		});
		hideComment(editor.doc, hidden.messageId);
		await waitFor(async () => !(await pageText(meetingId)).includes('Spam here'));

		// A comment posted after publishing shows; a deleted one goes (a deletion moves no clock).
		addComment(comments.doc, { kind: 'public', author: 'Joy', text: 'Late thanks' });
		await waitFor(async () => (await pageText(meetingId)).includes('Late thanks'));
		deleteComment(comments.doc, kept.threadId, kept.messageId);
		await waitFor(async () => !(await pageText(meetingId)).includes('Thanks all'), {
			message: 'deleted comment gone'
		});
	});
});

describe('hostile content', () => {
	it('is escaped on the public pages and in revisions', async () => {
		const hostileGroup = await createGroup(
			relay.httpUrl,
			'<script>alert(1)</script> " onmouseover="alert(2)'
		);
		const meetingId = randomId();
		const minutes = connectClient(
			relay.syncUrl,
			`${hostileGroup.groupId}/${meetingId}`,
			hostileGroup.tokens.edit
		);
		const comments = connectClient(
			relay.syncUrl,
			`${hostileGroup.groupId}/${meetingId}/comments`,
			hostileGroup.tokens.comment
		);
		clients.push(minutes, comments);
		await Promise.all([waitSynced(minutes), waitSynced(comments)]);
		const evil = '<script>alert(1)</script>" onmouseover="alert(2)" x=\'';
		createMeeting(minutes.doc, { meetingId, title: `Title ${evil}`, venue: evil });
		addAgendaItem(minutes.doc, {
			title: `Item ${evil}`,
			notes: [
				{
					type: 'paragraph',
					content: [
						{ text: `notes ${evil}` },
						{ text: ' bad link', marks: { link: 'javascript:alert(3)' } },
						{ text: ' quoted link', marks: { link: 'https://x.org/" onmouseover="alert(4)' } },
						{ text: ' good link', marks: { link: 'https://example.org/?a=1&b=2' } }
					]
				}
			]
		});
		addComment(comments.doc, { kind: 'public', author: `Author ${evil}`, text: `Comment ${evil}` });
		const base = `${relay.httpUrl}/api/groups/${hostileGroup.groupId}/meetings/${meetingId}`;
		const auth = { Authorization: `Bearer ${hostileGroup.tokens.edit}` };
		await waitFor(async () => (await fetch(`${base}/export`, { headers: auth })).status === 200);
		for (let i = 0; i < 2; i++) {
			const response = await fetch(`${base}/publish`, {
				method: 'POST',
				headers: auth,
				body: JSON.stringify({ by: `By ${evil}` })
			});
			expect(response.status).toBe(201);
		}
		const pages = [
			`${relay.httpUrl}/p/${hostileGroup.groupId}/${meetingId}`,
			`${relay.httpUrl}/p/${hostileGroup.groupId}/${meetingId}/1`,
			`${base}/revisions/1?format=html`,
			`${base}/revisions/2?format=html&held=include`
		];
		await waitFor(async () => (await (await fetch(pages[0])).text()).includes('Comment'));
		for (const url of pages) {
			const response = await fetch(url, { headers: auth });
			expect(response.status, url).toBe(200);
			expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
			expect(response.headers.get('content-security-policy')).not.toContain('script-src');
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			const html = await response.text();
			const own = `unsafe href ${JSON.stringify(`/p/${hostileGroup.groupId}/${meetingId}`)}`;
			expect(
				htmlViolations(html).filter((v) => v !== own),
				url
			).toEqual([]);
			expect(html).not.toMatch(/<script|javascript:|<[^>]*onmouseover/i);
			expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;');
			expect(html).toContain('<a href="https://example.org/?a=1&amp;b=2"> good link</a>');
			expect(html).not.toContain('By ');
		}
	});
});

describe('the page cache', () => {
	it('serves the same bytes again, and a new state anew', async () => {
		const meetingId = await importMinutes();
		await publish(meetingId);
		const first = await pageText(meetingId);
		const cached = relay.relay.publicPages.cache.size;
		expect(await pageText(meetingId)).toBe(first);
		// Served from the cache: no second page was rendered and stored.
		expect(relay.relay.publicPages.cache.size).toBe(cached);
		expect(violations(first, meetingId)).toEqual([]);
		await publish(meetingId);
		expect(await pageText(meetingId)).toContain('Revision 2');
		expect(relay.relay.publicPages.cache.size).toBe(cached + 1);
		const older = await pageText(meetingId, 1);
		expect(older).not.toBe(first);
		expect(older).toContain('Revision 1 of 2');
		expect(violations(older, meetingId)).toEqual([]);
	});
});

describe('size and restarts', () => {
	it('refuses to publish minutes with no room left (413), storing no revision', async () => {
		const own = await startTestRelay({ maxDocumentBytes: 1_048_576 });
		try {
			const g = await createGroup(own.httpUrl, 'Small relay');
			const meetingId = randomId();
			const writer = connectClient(own.syncUrl, `${g.groupId}/${meetingId}`, g.tokens.edit);
			clients.push(writer);
			await waitSynced(writer);
			createMeeting(writer.doc, { meetingId, title: 'Full' });
			writer.doc.getText('filler').insert(0, 'x'.repeat(960_000));
			const base = `${own.httpUrl}/api/groups/${g.groupId}/meetings/${meetingId}`;
			const headers = { Authorization: `Bearer ${g.tokens.edit}` };
			await waitFor(async () => {
				const md = await fetch(`${base}/export`, { headers });
				return md.status === 200;
			});
			await own.relay.registry.settled();
			const response = await fetch(`${base}/publish`, { method: 'POST', headers });
			expect(response.status).toBe(413);
			expect(await response.json()).toEqual({ error: 'document too large' });
			expect(await own.relay.store.listRevisions(`${g.groupId}/${meetingId}`)).toEqual([]);
			expect((await fetch(`${own.httpUrl}/p/${g.groupId}/${meetingId}`)).status).toBe(404);
			expect((await fetch(`${own.httpUrl}/healthz`)).status).toBe(200);
		} finally {
			await own.close();
		}
	});

	it('never serves a revision stored by a publish that died before the minutes recorded it', async () => {
		const meetingId = await importMinutes();
		expect(await publish(meetingId)).toBe(1);
		// What a relay stopped between storing revision 2 and recording it leaves behind.
		const orphan = await relay.relay.store.addRevision(
			`${group.groupId}/${meetingId}`,
			new Date().toISOString(),
			new Uint8Array([0, 0])
		);
		expect(orphan).toBe(2);
		expect(await publish(meetingId)).toBe(3);
		expect((await page(meetingId, 2)).status).toBe(404);
		expect((await page(meetingId, 1)).status).toBe(200);
		expect((await page(meetingId, 3)).status).toBe(200);
		expect((await api(`${meetingId}/revisions/2`)).status).toBe(404);
		const listed = (await (await api(`${meetingId}/revisions`)).json()) as {
			revisions: { revision: number }[];
		};
		expect(listed.revisions.map((r) => r.revision)).toEqual([1, 3]);
	});

	it('keeps revisions through a restart on the same data dir', async () => {
		const dataDir = tempDir();
		try {
			const first = await startTestRelay({ dataDir });
			const g = await createGroup(first.httpUrl, 'Durable');
			const meetingId = await importMinutes(first.httpUrl, g);
			const publishOn = async (base: string) => {
				const r = await post('publish', meetingId, {
					base,
					groupId: g.groupId,
					token: g.tokens.edit
				});
				expect(r.status).toBe(201);
				return ((await r.json()) as { revision: number }).revision;
			};
			expect(await publishOn(first.httpUrl)).toBe(1);
			const before = await (await fetch(`${first.httpUrl}/p/${g.groupId}/${meetingId}/1`)).text();
			await first.close();

			const second = await startTestRelay({ dataDir });
			try {
				const again = await fetch(`${second.httpUrl}/p/${g.groupId}/${meetingId}/1`);
				expect(again.status).toBe(200);
				expect(await again.text()).toBe(before);
				expect(await publishOn(second.httpUrl)).toBe(2);
				expect((await fetch(`${second.httpUrl}/p/${g.groupId}/${meetingId}/2`)).status).toBe(200);
			} finally {
				await second.close();
			}
		} finally {
			removeDir(dataDir);
		}
	});
});
