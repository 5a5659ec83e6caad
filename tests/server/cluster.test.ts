/**
 * Several relay processes on one PostgreSQL (a real server started for this file): clients on
 * each relay converge (text, items, presence, the directory), a rotation on one closes the old
 * tokens' connections on the other, a relay killed with SIGKILL while people type loses nothing
 * anyone received (its clients reconnect to the other through a balancer), and a database
 * restarted under load makes the relays refuse writes (1011, 503) and then carry on with
 * nothing acknowledged lost.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../server/log.ts';
import { openPostgresStore } from '../../server/storage/postgres-store.ts';
import { directory } from '../../src/lib/model/index.ts';
import { startPostgres, type TestPostgres } from '../utils/postgres.ts';
import {
	connectClient,
	covers,
	createGroup,
	openRaw,
	randomId,
	removeDir,
	spawnRelay,
	startTestRelay,
	stateVector,
	tempDir,
	waitFor,
	waitSynced,
	type ChildRelay,
	type Client
} from '../utils/relay.ts';
import { startBalancer } from '../utils/tcp-balancer.ts';

let postgres: TestPostgres;
let databases = 0;
type Cleanup = () => Promise<unknown> | unknown;
const cleanups: Cleanup[] = [];
/** For what lives as long as the file. */
const lastCleanups: Cleanup[] = [];

beforeAll(async () => {
	postgres = await startPostgres();
});

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
	for (const cleanup of lastCleanups.splice(0).reverse()) await cleanup();
	postgres?.stop();
});

/** `count` relay processes on a fresh database, no RELAY_SECRET: the one in the database. */
async function cluster(count: number, until = cleanups): Promise<ChildRelay[]> {
	const url = await postgres.createDatabase(`cluster_${++databases}`);
	const dataDir = tempDir('plenary-cluster-');
	until.push(() => removeDir(dataDir));
	const start = async (n: number) => {
		const relay = await spawnRelay({
			DATABASE_URL: url,
			DATA_DIR: dataDir,
			RELAY_INSTANCE: `relay-${n + 1}`
		});
		until.push(async () => {
			if (relay.child.exitCode === null && relay.child.signalCode === null) {
				relay.child.kill('SIGKILL');
				await relay.exited;
			}
		});
		return relay;
	};
	// Started together: they race to create the schema and the secret, and must agree.
	const relays = await Promise.all(Array.from({ length: count }, (_, n) => start(n)));
	clusterUrl = url;
	return relays;
}
let clusterUrl = '';

function open(syncUrl: string, document: string, token: string): Client {
	const client = connectClient(syncUrl, document, token, new Y.Doc(), { maxBackoffTime: 300 });
	cleanups.push(() => client.destroy());
	return client;
}

/** What the database holds of `document`, read by a store of the test's own. */
async function stored(document: string): Promise<Y.Doc> {
	const store = await openPostgresStore({
		url: clusterUrl,
		instanceId: 'test-reader',
		logger: createLogger('silent')
	});
	try {
		const doc = new Y.Doc();
		for (const update of await store.loadDocument(document)) Y.applyUpdate(doc, update);
		return doc;
	} finally {
		await store.close();
	}
}

const closeCodes = (client: Client) => {
	const codes: number[] = [];
	client.provider.on('connection-close', (event) => {
		if (event) codes.push(event.code);
	});
	return codes;
};

describe('two relays on one PostgreSQL', () => {
	let a: ChildRelay;
	let b: ChildRelay;
	beforeAll(async () => {
		[a, b] = await cluster(2, lastCleanups);
	});

	it('serve one meeting together: text, items, presence and the directory converge', async () => {
		const group = await createGroup(a.httpUrl, 'Federated chapter');
		const document = `${group.groupId}/${randomId()}`;
		const onA = open(a.syncUrl, document, group.tokens.edit);
		const onB = open(b.syncUrl, document, group.tokens.edit);
		await Promise.all([waitSynced(onA), waitSynced(onB)]);

		onA.doc.getText('notes').insert(0, 'typed on A. ');
		onB.doc.getText('notes').insert(0, 'typed on B. ');
		onA.doc.getArray('items').push(['item from A']);
		onB.doc.getArray('items').push(['item from B']);
		await waitFor(
			() =>
				onA.doc.getText('notes').toString() === onB.doc.getText('notes').toString() &&
				onA.doc.getArray('items').length === 2 &&
				onB.doc.getArray('items').length === 2,
			{ timeout: 10_000, message: 'text and items to converge' }
		);
		expect(onA.doc.getArray('items').toJSON()).toEqual(onB.doc.getArray('items').toJSON());
		expect(onA.doc.getText('notes').toString()).toContain('typed on A');
		expect(onA.doc.getText('notes').toString()).toContain('typed on B');

		// Presence crosses relays, and leaves with its connection.
		onA.provider.awareness.setLocalStateField('user', { name: 'Ana on A' });
		onB.provider.awareness.setLocalStateField('user', { name: 'Bo on B' });
		const names = (client: Client) =>
			[...client.provider.awareness.getStates().values()].map((state) => state.user?.name);
		await waitFor(() => names(onB).includes('Ana on A') && names(onA).includes('Bo on B'), {
			timeout: 10_000,
			message: 'presence on the other relay'
		});
		onA.provider.disconnect();
		await waitFor(() => !names(onB).includes('Ana on A'), {
			timeout: 10_000,
			message: 'presence to leave'
		});

		// A meeting imported through B is listed in the directory a client reads through A.
		const listing = open(a.syncUrl, group.groupId, group.tokens.view);
		await waitSynced(listing);
		const response = await fetch(`${b.httpUrl}/api/groups/${group.groupId}/meetings`, {
			method: 'POST',
			headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${group.tokens.edit}` },
			body: '# Autumn assembly\n\nDate: 2026-10-01\n\n## Budget\n\nAgreed.\n'
		});
		expect(response.status).toBe(201);
		const { meetingId } = (await response.json()) as { meetingId: string };
		await waitFor(() => directory(listing.doc).meetings.some((m) => m.meetingId === meetingId), {
			timeout: 10_000,
			message: 'the directory on A to list the meeting written through B'
		});
		expect(directory(listing.doc).meetings.find((m) => m.meetingId === meetingId)?.title).toBe(
			'Autumn assembly'
		);

		// Each says which instance it is.
		for (const [relay, name] of [
			[a, 'relay-1'],
			[b, 'relay-2']
		] as const) {
			const metrics = await (await fetch(`${relay.httpUrl}/metrics`)).text();
			expect(metrics).toContain(`relay_instance_info{instance="${name}",store="postgres"} 1`);
			expect(metrics).toMatch(/relay_database_up 1/);
		}
		const remote = await (await fetch(`${b.httpUrl}/metrics`)).text();
		expect(Number(/relay_remote_updates_total (\d+)/.exec(remote)?.[1])).toBeGreaterThan(0);
	});

	it('rotates a group on A and closes its old tokens’ connections on B at once (4401)', async () => {
		const group = await createGroup(a.httpUrl, 'Rotating chapter');
		const document = `${group.groupId}/${randomId()}`;
		const oldOnB = openRaw(`${b.syncUrl}/${document}?token=${group.tokens.comment}`);
		await oldOnB.opened;
		const rotated = await fetch(`${a.httpUrl}/api/groups/${group.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${group.tokens.edit}` }
		});
		expect(rotated.status).toBe(200);
		const { tokens } = (await rotated.json()) as { tokens: typeof group.tokens };
		expect((await oldOnB.closed).code).toBe(4401);
		// B refuses the old tokens and takes the new ones, on the API and the websocket alike.
		const refused = openRaw(`${b.syncUrl}/${document}?token=${group.tokens.edit}`);
		expect((await refused.refusal)?.status).toBe(401);
		const exportOld = await fetch(`${b.httpUrl}/api/groups/${group.groupId}/tokens`, {
			headers: { Authorization: `Bearer ${group.tokens.edit}` }
		});
		expect(exportOld.status).toBe(401);
		const fresh = open(b.syncUrl, document, tokens.edit);
		await waitSynced(fresh);
	});
});

describe('two relays compacting one document', () => {
	it('converge and store everything while both compact it every few updates', async () => {
		const url = await postgres.createDatabase(`cluster_${++databases}`);
		clusterUrl = url;
		// In this process, to set the compaction threshold low.
		const [a, b] = await Promise.all(
			['compact-a', 'compact-b'].map((instanceName) =>
				startTestRelay({ databaseUrl: url, compactAfterUpdates: 4, instanceName })
			)
		);
		cleanups.push(
			() => a.close(),
			() => b.close()
		);
		const group = await createGroup(a.httpUrl, 'Compacting chapter');
		const document = `${group.groupId}/${randomId()}`;
		const onA = open(a.syncUrl, document, group.tokens.edit);
		const onB = open(b.syncUrl, document, group.tokens.edit);
		await Promise.all([waitSynced(onA), waitSynced(onB)]);
		for (let n = 0; n < 80; n++) {
			const client = n % 2 ? onA : onB;
			client.doc.getArray('items').push([n]);
			if (n % 10 === 0) await waitFor(() => onA.doc.getArray('items').length > 0);
		}
		const sorted = (client: Client) =>
			(client.doc.getArray('items').toArray() as number[]).sort((x, y) => x - y);
		const all = Array.from({ length: 80 }, (_, n) => n);
		await waitFor(() => sorted(onA).length === 80 && sorted(onB).length === 80, {
			timeout: 15_000,
			message: 'both clients to hold every item'
		});
		expect(sorted(onA)).toEqual(all);
		expect(sorted(onB)).toEqual(all);
		await Promise.all([a.relay.registry.settled(), b.relay.registry.settled()]);
		const kept = await stored(document);
		expect((kept.getArray('items').toArray() as number[]).sort((x, y) => x - y)).toEqual(all);
		expect((await a.relay.store.loadDocument(document)).length).toBeLessThan(40);
	});
});

describe('failures', () => {
	it('loses nothing anyone received when a relay is killed while people type', async () => {
		const [a, b] = await cluster(2);
		const alive = new Set([a.port, b.port]);
		const balancer = await startBalancer(() => [a.port, b.port].filter((port) => alive.has(port)));
		cleanups.push(() => balancer.close());
		const group = await createGroup(balancer.httpUrl, 'Crash chapter');
		const document = `${group.groupId}/${randomId()}`;
		// Round robin: the first writer lands on A, the second on B.
		const first = open(balancer.syncUrl, document, group.tokens.edit);
		await waitSynced(first);
		const second = open(balancer.syncUrl, document, group.tokens.edit);
		await waitSynced(second);
		const observer = open(b.syncUrl, document, group.tokens.view);
		await waitSynced(observer);
		const closes = [closeCodes(first), closeCodes(second)];

		let n = 0;
		const typing = setInterval(() => {
			for (const [who, client] of [
				['1', first],
				['2', second]
			] as const) {
				const text = client.doc.getText('notes');
				text.insert(text.length, `(${who}:${n})`);
			}
			n++;
		}, 5);
		await waitFor(() => observer.doc.getText('notes').length > 400, {
			timeout: 15_000,
			message: 'typing to reach the observer'
		});
		alive.delete(a.port);
		a.child.kill('SIGKILL');
		expect((await a.exited).signal).toBe('SIGKILL');
		// What the clients on B had received at that moment, A's commits among it.
		const received = [stateVector(observer.doc), stateVector(second.doc)];
		await waitFor(() => n > 200, { timeout: 15_000, message: 'more typing' });
		clearInterval(typing);

		// The writer of A carries on through B; everyone converges on everything typed.
		const everything = () => first.doc.getText('notes').toString();
		await waitFor(
			() =>
				observer.doc.getText('notes').toString() === everything() &&
				second.doc.getText('notes').toString() === everything(),
			{ timeout: 20_000, message: 'the clients to converge through B' }
		);
		// One of the writers was on A and came back through the balancer.
		expect(closes.flat().length).toBeGreaterThan(0);
		for (let k = 0; k < n; k++) {
			expect(everything()).toContain(`(1:${k})`);
			expect(everything()).toContain(`(2:${k})`);
		}
		const kept = await stored(document);
		for (const vector of received) expect(covers(kept, vector)).toBe(true);
		expect(kept.getText('notes').toString()).toBe(everything());
	});

	it('refuses writes while the database restarts (1011, 503), then carries on with nothing lost', async () => {
		const [a, b] = await cluster(2);
		const group = await createGroup(a.httpUrl, 'Restart chapter');
		const document = `${group.groupId}/${randomId()}`;
		const onA = open(a.syncUrl, document, group.tokens.edit);
		const onB = open(b.syncUrl, document, group.tokens.edit);
		const observer = open(b.syncUrl, document, group.tokens.view);
		await Promise.all([waitSynced(onA), waitSynced(onB), waitSynced(observer)]);
		const codes = closeCodes(onA);
		let n = 0;
		const typing = setInterval(() => {
			onA.doc.getText('notes').insert(onA.doc.getText('notes').length, `[a${n}]`);
			onB.doc.getArray('items').push([n]);
			n++;
		}, 5);
		try {
			await waitFor(() => observer.doc.getArray('items').length > 50, {
				timeout: 15_000,
				message: 'load before the restart'
			});
			postgres.stopEngine();
			const received = stateVector(observer.doc);
			// While it is down: no writes taken, health and API say so, no upgrade is accepted.
			await waitFor(async () => (await fetch(`${a.httpUrl}/healthz`)).status === 503, {
				timeout: 15_000,
				message: 'A to notice'
			});
			await waitFor(() => codes.includes(1011), { timeout: 15_000, message: '1011 on A' });
			const api = await fetch(`${b.httpUrl}/api/groups/${group.groupId}/tokens`, {
				headers: { Authorization: `Bearer ${group.tokens.edit}` }
			});
			expect(api.status).toBe(503);
			const upgrade = openRaw(`${b.syncUrl}/${document}?token=${group.tokens.edit}`);
			expect((await upgrade.refusal)?.status).toBe(503);
			const typedWhileDown = n;

			postgres.startEngine();
			for (const relay of [a, b]) {
				await waitFor(async () => (await fetch(`${relay.httpUrl}/healthz`)).status === 200, {
					timeout: 20_000,
					message: 'the relays to recover'
				});
			}
			await waitFor(() => n > typedWhileDown + 100, { timeout: 15_000, message: 'more typing' });
			clearInterval(typing);
			await waitFor(
				() =>
					observer.doc.getText('notes').toString() === onA.doc.getText('notes').toString() &&
					observer.doc.getArray('items').length === n &&
					onA.doc.getArray('items').length === n,
				{ timeout: 30_000, message: 'everything typed to reach everyone' }
			);
			const kept = await stored(document);
			expect(covers(kept, received)).toBe(true);
			expect(kept.getText('notes').toString()).toBe(onA.doc.getText('notes').toString());
			expect(kept.getArray('items').length).toBe(n);
		} finally {
			clearInterval(typing);
		}
	});
});
