import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { fetchRevision, listRevisions, publishMeeting, withdrawMeeting } from './publishing-api';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

interface Seen {
	method: string;
	url: string;
	authorization: string;
	body: string;
}

async function relay(
	answer: (seen: Seen, res: ServerResponse) => void
): Promise<{ url: string; seen: Seen[] }> {
	const seen: Seen[] = [];
	const server = createServer((req: IncomingMessage, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const s = {
				method: req.method ?? '',
				url: req.url ?? '',
				authorization: req.headers.authorization ?? '',
				body
			};
			seen.push(s);
			answer(s, res);
		});
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const where = (relayUrl: string) => ({
	relayUrl,
	groupId: 'group_0123456789abcdef',
	meetingId: 'meeting_0123456789abcdef'
});
const json = (res: ServerResponse, status: number, body: unknown) => {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
};

test('publish posts who publishes with the edit token in the header, never in the address', async () => {
	const r = await relay((_s, res) => json(res, 201, { revision: 3, url: '/p/g/m' }));
	const outcome = await publishMeeting(where(r.url), 'secret-edit-token', 'Eda');
	expect(outcome).toEqual({ ok: true, revision: 3, url: '/p/g/m' });
	expect(r.seen[0]).toMatchObject({
		method: 'POST',
		url: '/api/groups/group_0123456789abcdef/meetings/meeting_0123456789abcdef/publish',
		authorization: 'Bearer secret-edit-token'
	});
	expect(JSON.parse(r.seen[0].body)).toEqual({ by: 'Eda' });
});

test('refusals, unknown meetings, odd answers and a silent relay come back in words', async () => {
	const r = await relay((s, res) => {
		if (s.url.endsWith('/publish')) json(res, 403, { error: 'forbidden' });
		else if (s.url.endsWith('/withdraw')) json(res, 404, { error: 'unknown meeting' });
		else if (s.url.endsWith('/revisions')) res.end('not json');
		else json(res, 404, { error: 'no such revision' });
	});
	const refused = await publishMeeting(where(r.url), 't', 'Eda');
	expect(refused).toMatchObject({ ok: false, kind: 'refused' });
	const unknown = await withdrawMeeting(where(r.url), 't', 'Eda');
	expect(unknown.ok ? '' : unknown.message).toMatch(/does not have these minutes yet/);
	expect(await listRevisions(where(r.url), 't')).toMatchObject({ ok: false, kind: 'error' });
	const missing = await fetchRevision(where(r.url), 't', 7, 'md');
	expect(missing.ok ? '' : missing.message).toMatch(/no revision 7/);
	expect(await fetchRevision(where(r.url), 't', 0, 'md')).toMatchObject({ ok: false });

	const gone = await publishMeeting(where('http://127.0.0.1:1'), 't', 'Eda');
	expect(gone).toMatchObject({ ok: false, kind: 'unreachable' });
});

test('the revisions list is read defensively, oldest first; a revision comes back as text', async () => {
	const r = await relay((s, res) => {
		if (s.url.endsWith('/revisions')) {
			json(res, 200, {
				revisions: [
					{ revision: 2, publishedAt: '2026-12-07T18:00:00Z' },
					{ revision: 'x' },
					{ revision: 1, publishedAt: '2026-12-01T18:00:00Z' }
				],
				isPublic: true
			});
		} else res.end('# June meeting\n');
	});
	const list = await listRevisions(where(r.url), 'view-token');
	expect(list).toEqual({
		ok: true,
		isPublic: true,
		revisions: [
			{ revision: 1, publishedAt: '2026-12-01T18:00:00Z' },
			{ revision: 2, publishedAt: '2026-12-07T18:00:00Z' }
		]
	});
	const md = await fetchRevision(where(r.url), 'view-token', 2, 'md');
	expect(md).toEqual({ ok: true, text: '# June meeting\n' });
	expect(r.seen[1].url).toMatch(/\/revisions\/2\?format=md$/);
});
