import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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

let relay: TestRelay;
let group: Group;
const clients: Client[] = [];

function client(document: string, token = group.tokens.edit, doc?: Y.Doc): Client {
	const created = connectClient(relay.syncUrl, document, token, doc);
	clients.push(created);
	return created;
}

beforeAll(async () => {
	relay = await startTestRelay();
	group = await createGroup(relay.httpUrl);
});

afterAll(async () => {
	for (const c of clients) c.destroy();
	await relay.close();
});

describe('sync', () => {
	it('syncs both ways between two plain y-websocket clients', async () => {
		const name = `${group.groupId}/${randomId()}`;
		const a = client(name);
		const b = client(name);
		await Promise.all([waitSynced(a), waitSynced(b)]);
		a.doc.getText('notes').insert(0, 'from a');
		await waitFor(() => b.doc.getText('notes').toString() === 'from a');
		b.doc.getMap('meta').set('title', 'from b');
		await waitFor(() => a.doc.getMap('meta').get('title') === 'from b');
		expect(a.doc.getText('notes').toString()).toBe('from a');
	});

	it('gives a late client everything written before it came', async () => {
		const name = `${group.groupId}/${randomId()}`;
		const a = client(name);
		await waitSynced(a);
		a.doc.getText('notes').insert(0, 'early words');
		// Offline edits of the late client are merged, not replaced.
		const lateDoc = new Y.Doc();
		lateDoc.getArray('items').push(['offline item']);
		const late = client(name, group.tokens.edit, lateDoc);
		await waitFor(() => late.doc.getText('notes').toString() === 'early words');
		await waitFor(() => a.doc.getArray('items').length === 1);
		expect(a.doc.getArray('items').toArray()).toEqual(['offline item']);
	});

	it('makes three clients converge on concurrent edits', async () => {
		const name = `${group.groupId}/${randomId()}`;
		const three = [client(name), client(name), client(name)];
		await Promise.all(three.map((c) => waitSynced(c)));
		three.forEach((c, i) => {
			for (let n = 0; n < 20; n++) {
				const text = c.doc.getText('notes');
				text.insert(Math.floor(text.length / 2), `${i}:${n} `);
				c.doc.getMap('meta').set(`k${n % 3}`, `${i}-${n}`);
			}
		});
		await waitFor(() => {
			const states = three.map((c) => JSON.stringify(c.doc.toJSON()));
			return (
				states.every((state) => state === states[0]) && three[0].doc.getText('notes').length > 0
			);
		});
		expect(three[0].doc.getText('notes').toString()).toContain('2:19');
	});

	it('shares awareness and removes it when a client closes', async () => {
		const name = `${group.groupId}/${randomId()}`;
		const a = client(name);
		const b = client(name);
		await Promise.all([waitSynced(a), waitSynced(b)]);
		a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
		await waitFor(
			() =>
				(b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } })?.user
					?.name === 'Ada'
		);
		a.provider.disconnect();
		await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID));
		expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
	});

	it('keeps a busy room connected although every client echoes all awareness', async () => {
		const name = `${group.groupId}/${randomId()}`;
		const crowd = Array.from({ length: 12 }, () => client(name));
		await Promise.all(crowd.map((c) => waitSynced(c)));
		for (let round = 0; round < 5; round++) {
			crowd.forEach((c, i) => c.provider.awareness.setLocalStateField('cursor', { i, round }));
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await waitFor(() =>
			crowd.every(
				(c) =>
					c.provider.awareness.getStates().size === 12 &&
					[...c.provider.awareness.getStates().values()].every(
						(state) => (state as { cursor?: { round: number } }).cursor?.round === 4
					)
			)
		);
		const rejected = await relay.relay.metrics.rejected.get();
		expect(rejected.values.filter((value) => value.value > 0)).toEqual([]);
		expect(crowd.every((c) => c.provider.wsconnected)).toBe(true);
	});

	it('unloads a document once its last client has gone', async () => {
		const name = `${group.groupId}/${randomId()}`;
		const a = client(name);
		await waitSynced(a);
		a.doc.getText('notes').insert(0, 'kept');
		expect(relay.relay.registry.get(name)).toBeDefined();
		await waitFor(() => relay.relay.registry.get(name)?.peers.size === 1);
		a.provider.disconnect();
		await waitFor(() => relay.relay.registry.get(name) === undefined);
		const b = client(name);
		await waitFor(() => b.doc.getText('notes').toString() === 'kept');
		expect(b.doc.getText('notes').toString()).toBe('kept');
	});
});
