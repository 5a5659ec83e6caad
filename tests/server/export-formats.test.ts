/**
 * The app saves exports made on the device with model/export-formats.ts; the relay's
 * `GET …/export?format=` must answer the same bytes and media type for the same document state,
 * so a download from the app equals one from the API. Checked on a document a client synced.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
	EXPORT_FORMAT_NAMES,
	EXPORT_FORMATS,
	renderExport
} from '../../src/lib/model/export-formats.ts';
import {
	connectClient,
	createGroup,
	startTestRelay,
	waitSynced,
	type Client,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

const MINUTES = `# Spring assembly <b onmouseover="x">

Date: Thursday 12 March 2026, 19:00–21:15
Venue: Community room

## 1. Repairs campaign

Mould reports now cover **23 flats**, see [the survey](https://example.org/survey) and [this](javascript:alert(1)).

- first
- second

Decision: send a second letter. Agreed by consensus (11 present).
Action: Ahmed — collate mould photos, due 2026-03-31
Event: Saturday 21 March 2026, 11:00 — Stall — Market square — https://example.org/stall

## 2. Rent arrears of flat 4 (not for publication)

Action: Joy — call the tenant, due 2026-03-20

## Next meeting

Wednesday 15 April 2026, 19:00–21:00, Community room.
`;

let relay: TestRelay;
let group: Group;
let client: Client;
let meetingId: string;

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl, 'Riverside');
	const response = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: {
			'Content-Type': 'text/markdown; charset=utf-8',
			Authorization: `Bearer ${group.tokens.edit}`
		},
		body: MINUTES
	});
	meetingId = ((await response.json()) as { meetingId: string }).meetingId;
	client = connectClient(relay.syncUrl, `${group.groupId}/${meetingId}`, group.tokens.view);
	await waitSynced(client);
});

afterAll(async () => {
	client?.destroy();
	await relay?.close();
});

/** DTSTAMP is the time the calendar was written: the one line two writers may differ on. */
const stampless = (text: string) => text.replace(/^DTSTAMP:\d{8}T\d{6}Z\r$/gm, 'DTSTAMP:');

it.each(EXPORT_FORMAT_NAMES)('%s: the relay answers what the app would save', async (format) => {
	const response = await fetch(
		`${relay.httpUrl}/api/groups/${group.groupId}/meetings/${meetingId}/export?format=${format}`,
		{ headers: { Authorization: `Bearer ${group.tokens.view}` } }
	);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe(EXPORT_FORMATS[format].type);
	const bytes = new Uint8Array(await response.arrayBuffer());
	const local = new TextEncoder().encode(renderExport(client.doc, format));
	const decode = (b: Uint8Array) => stampless(new TextDecoder().decode(b));
	if (format === 'ics') expect(decode(bytes)).toBe(decode(local));
	else expect(Buffer.from(bytes).equals(Buffer.from(local))).toBe(true);
	expect(decode(bytes)).not.toMatch(/Rent arrears|call the tenant/);
});
