/**
 * The group's date order on the relay: given when the group is made (POST /api/groups), kept in
 * its directory, and used by the HTTP import to read numeric dates such as 3/4/2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directory, header, setDateOrder } from '../../src/lib/model/index.ts';
import {
	connectClient,
	startTestRelay,
	waitFor,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

let relay: TestRelay;
const clients: Client[] = [];

beforeAll(async () => {
	relay = await startTestRelay();
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

function createGroup(body: Record<string, unknown>): Promise<Response> {
	return fetch(`${relay.httpUrl}/api/groups`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body)
	});
}

async function synced(document: string, token: string): Promise<Client> {
	const client = connectClient(relay.syncUrl, document, token);
	clients.push(client);
	await waitSynced(client);
	return client;
}

async function importMinutes(group: Group, markdown: string): Promise<Response> {
	return fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${group.tokens.edit}` },
		body: markdown
	});
}

describe('POST /api/groups with a date order', () => {
	it('writes the date order into the new directory', async () => {
		const response = await createGroup({ name: 'Maple Street', dateOrder: 'mdy' });
		expect(response.status).toBe(201);
		const group = (await response.json()) as Group;
		const listing = await synced(group.groupId, group.tokens.view);
		expect(directory(listing.doc)).toMatchObject({ name: 'Maple Street', dateOrder: 'mdy' });
	});

	it('leaves it unset when not given', async () => {
		const group = (await (await createGroup({ name: 'Plain' })).json()) as Group;
		const listing = await synced(group.groupId, group.tokens.view);
		expect(directory(listing.doc).dateOrder).toBeNull();
	});

	it('answers 400 for a date order that is not one', async () => {
		for (const dateOrder of ['DMY', 'm/d/y', '', 3, null, ['dmy']]) {
			const response = await createGroup({ name: 'Bad', dateOrder });
			expect(response.status).toBe(400);
			expect(await response.json()).toEqual({
				error: 'dateOrder must be one of dmy, mdy, ymd'
			});
		}
	});
});

// The header's key line, and the date as people write it under the title.
describe.each(['Date: 3/4/2026', '3/4/2026, 19:00'])(
	'the HTTP import reads "%s" in the group’s order',
	(line) => {
		async function importedDate(group: Group): Promise<{ date: string; notices: unknown[] }> {
			const response = await importMinutes(group, `# Committee\n\n${line}\n\n## 1. Open\n`);
			expect(response.status).toBe(201);
			const body = (await response.json()) as { meetingId: string; notices: unknown[] };
			const minutes = await synced(`${group.groupId}/${body.meetingId}`, group.tokens.view);
			return { date: header(minutes.doc).date, notices: body.notices };
		}

		it('day first for a dmy group, month first for an mdy group, flagged', async () => {
			const dmy = (await (await createGroup({ name: 'D', dateOrder: 'dmy' })).json()) as Group;
			const mdy = (await (await createGroup({ name: 'M', dateOrder: 'mdy' })).json()) as Group;
			expect(await importedDate(dmy)).toEqual({
				date: '2026-04-03',
				notices: [{ kind: 'ambiguous-date', text: '3/4/2026', read: '2026-04-03' }]
			});
			expect(await importedDate(mdy)).toEqual({
				date: '2026-03-04',
				notices: [{ kind: 'ambiguous-date', text: '3/4/2026', read: '2026-03-04' }]
			});
		});

		it('follows a date order changed later, and day first for a group without one', async () => {
			const group = (await (await createGroup({ name: 'Later' })).json()) as Group;
			expect((await importedDate(group)).date).toBe('2026-04-03');
			const editor = await synced(group.groupId, group.tokens.edit);
			setDateOrder(editor.doc, 'mdy');
			const check = await synced(group.groupId, group.tokens.view);
			await waitFor(() => directory(check.doc).dateOrder === 'mdy');
			expect((await importedDate(group)).date).toBe('2026-03-04');
		});
	}
);
