/**
 * The relay as its own process, killed with SIGKILL: whatever a client received from it must be
 * there after a restart on the same data dir.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	connectClient,
	covers,
	createGroup,
	randomId,
	removeDir,
	spawnRelay,
	stateVector,
	tempDir,
	waitFor,
	waitSynced,
	type ChildRelay,
	type Client
} from '../utils/relay.ts';

const dataDir = tempDir('plenary-durable-');
const clients: Client[] = [];
let current: ChildRelay | undefined;

afterAll(async () => {
	for (const client of clients) client.destroy();
	if (current && current.child.exitCode === null) {
		current.child.kill('SIGKILL');
		await current.exited;
	}
	removeDir(dataDir);
});

async function kill(relay: ChildRelay): Promise<void> {
	relay.child.kill('SIGKILL');
	const { signal } = await relay.exited;
	expect(signal).toBe('SIGKILL');
}

function open(syncUrl: string, document: string, token: string): Client {
	const client = connectClient(syncUrl, document, token, new Y.Doc(), { maxBackoffTime: 200 });
	clients.push(client);
	return client;
}

describe('durability', () => {
	it('keeps every update a client received through SIGKILL and restart', async () => {
		// No RELAY_SECRET: the generated one must be reused after a restart.
		current = await spawnRelay({ DATA_DIR: dataDir });
		const port = String(current.port);
		const group = await createGroup(current.httpUrl, 'Durable chapter');
		const document = `${group.groupId}/${randomId()}`;
		const writer = open(current.syncUrl, document, group.tokens.edit);
		const receiver = open(current.syncUrl, document, group.tokens.view);
		await Promise.all([waitSynced(writer), waitSynced(receiver)]);

		for (let round = 0; round < 3; round++) {
			const isInFlight = round === 1;
			const text = writer.doc.getText('notes');
			let writing: NodeJS.Timeout | undefined;
			if (isInFlight) {
				// Keep typing while the relay is killed.
				let n = 0;
				writing = setInterval(() => text.insert(text.length, `(${round}:${n++})`), 1);
				await waitFor(() => receiver.doc.getText('notes').length > text.length / 2 + 50);
			} else {
				for (let n = 0; n < 50; n++) text.insert(text.length, `[${round}:${n}]`);
				writer.doc.getMap('meta').set(`round${round}`, true);
				await waitFor(() => receiver.doc.getText('notes').toString() === text.toString());
			}
			await kill(current);
			clearInterval(writing);
			await waitFor(() => !receiver.provider.wsconnected);
			const received = stateVector(receiver.doc);
			const receivedText = receiver.doc.getText('notes').toString();

			current = await spawnRelay({ DATA_DIR: dataDir, PORT: port });
			const fresh = open(current.syncUrl, document, group.tokens.view);
			await waitSynced(fresh);
			expect(covers(fresh.doc, received)).toBe(true);
			expect(fresh.doc.getText('notes').toString().startsWith(receivedText)).toBe(true);
			fresh.destroy();

			// The writer reconnects by itself and hands over what the relay missed.
			await waitFor(() => receiver.doc.getText('notes').toString() === text.toString(), {
				timeout: 10_000,
				message: 'the writer to resend'
			});
		}
		expect(receiver.doc.getMap('meta').toJSON()).toEqual({ round0: true, round2: true });
	});

	it('stops on SIGTERM: closes connections with 1001, keeps the data, exits 0', async () => {
		current ??= await spawnRelay({ DATA_DIR: dataDir });
		const group = await createGroup(current.httpUrl, 'Stopping chapter');
		const document = `${group.groupId}/${randomId()}`;
		const writer = open(current.syncUrl, document, group.tokens.edit);
		const observer = open(current.syncUrl, document, group.tokens.view);
		await Promise.all([waitSynced(writer), waitSynced(observer)]);
		const codes: number[] = [];
		writer.provider.on('connection-close', (event) => {
			if (event) codes.push(event.code);
		});
		writer.doc.getText('notes').insert(0, 'said before stopping');
		await waitFor(() => observer.doc.getText('notes').length > 0);
		// More words on their way while the relay is told to stop.
		writer.doc.getText('notes').insert(0, 'And ');
		current.child.kill('SIGTERM');
		const { code } = await current.exited;
		expect(code).toBe(0);
		expect(codes[0]).toBe(1001);
		expect(current.logs.some((entry) => entry.event === 'stopped')).toBe(true);
		writer.provider.disconnect();
		observer.provider.disconnect();

		current = await spawnRelay({ DATA_DIR: dataDir });
		const fresh = open(current.syncUrl, document, group.tokens.view);
		await waitSynced(fresh);
		expect(fresh.doc.getText('notes').toString()).toMatch(/^(And )?said before stopping$/);
		current.child.kill('SIGINT');
		expect((await current.exited).code).toBe(0);
	});

	it('runs SQLite with synchronous = FULL under DURABILITY=full; refuses a value it does not know', async () => {
		const dir = tempDir('plenary-full-');
		try {
			const listening = (relay: ChildRelay) => relay.logs.find((e) => e.event === 'listening');
			for (const [env, expected] of [
				[{}, 'normal'],
				[{ DURABILITY: 'full' }, 'full']
			] as const) {
				const relay = await spawnRelay({ DATA_DIR: dir, ...env });
				// Read back from SQLite's own setting, not from the configuration.
				expect(listening(relay)).toMatchObject({ durability: expected });
				const group = await createGroup(relay.httpUrl, 'Careful chapter');
				const writer = open(relay.syncUrl, `${group.groupId}/${randomId()}`, group.tokens.edit);
				await waitSynced(writer);
				writer.destroy();
				relay.child.kill('SIGTERM');
				expect((await relay.exited).code).toBe(0);
			}
			await expect(spawnRelay({ DATA_DIR: dir, DURABILITY: 'sometimes' })).rejects.toThrow(
				/invalid durability: sometimes \(normal or full\)/
			);
		} finally {
			removeDir(dir);
		}
	});
});
