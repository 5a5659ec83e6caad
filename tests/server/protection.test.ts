/**
 * Limits that keep one connection from hurting the others: frame size, message rate, awareness
 * size and rate, slow readers, dead peers.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RelayConfig } from '../../server/config.ts';
import { encodeAwareness, encodeQueryAwareness, encodeUpdate } from '../../server/sync/protocol.ts';
import {
	createGroup,
	openRaw,
	randomId,
	startTestRelay,
	waitFor,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(config: Partial<RelayConfig>): Promise<{ relay: TestRelay; group: Group }> {
	const relay = await startTestRelay(config);
	cleanups.push(() => relay.close());
	return { relay, group: await createGroup(relay.httpUrl) };
}

function awareness(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const [clientId, clock, state] of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encodeAwareness(encoding.toUint8Array(encoder));
}

async function rejected(relay: TestRelay, reason: string): Promise<number> {
	const metric = await relay.relay.metrics.rejected.get();
	return metric.values.find((value) => value.labels.reason === reason)?.value ?? 0;
}

describe('protection', () => {
	it('closes a frame over MAX_MESSAGE_BYTES with 1009', async () => {
		const { relay, group } = await setup({ maxMessageBytes: 16 * 1024 });
		const raw = openRaw(`${relay.syncUrl}/${group.groupId}?token=${group.tokens.edit}`);
		await raw.opened;
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'x'.repeat(17 * 1024));
		raw.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		expect((await raw.closed).code).toBe(1009);
		expect(relay.relay.registry.get(group.groupId)?.doc.getText('t').length ?? 0).toBe(0);
		await waitFor(async () => (await rejected(relay, 'too_large')) === 1);
	});

	it('closes a connection over the message rate with 1008', async () => {
		const { relay, group } = await setup({ messageBurst: 50, messagesPerSecond: 10 });
		const raw = openRaw(`${relay.syncUrl}/${group.groupId}?token=${group.tokens.view}`);
		await raw.opened;
		for (let n = 0; n < 200; n++) raw.send(encodeQueryAwareness());
		expect((await raw.closed).code).toBe(1008);
		expect(await rejected(relay, 'rate_limit')).toBe(1);
	});

	it('throttles a burst over the message rate instead of dropping anything', async () => {
		const { relay, group } = await setup({ messageBurst: 50, messagesPerSecond: 200 });
		const raw = openRaw(`${relay.syncUrl}/${group.groupId}?token=${group.tokens.view}`);
		await raw.opened;
		await waitFor(() => raw.frames.length > 0);
		const before = raw.frames.length;
		for (let n = 0; n < 90; n++) raw.send(encodeQueryAwareness());
		await waitFor(() => raw.frames.length === before + 90);
		expect(await rejected(relay, 'throttled')).toBeGreaterThan(0);
		expect(await rejected(relay, 'rate_limit')).toBe(0);
		expect(raw.ws.readyState).toBe(raw.ws.OPEN);
		raw.ws.close();
	});

	it('bounds awareness size, rate and the clients one connection speaks for', async () => {
		const { relay, group } = await setup({
			maxAwarenessBytes: 1024,
			awarenessBurst: 10,
			awarenessPerSecond: 1,
			maxAwarenessClientsPerConnection: 2
		});
		const url = `${relay.syncUrl}/${group.groupId}?token=${group.tokens.view}`;

		const big = openRaw(url);
		await big.opened;
		big.send(awareness([[1, 1, { name: 'x'.repeat(2000) }]]));
		expect((await big.closed).code).toBe(1008);

		const chatty = openRaw(url);
		await chatty.opened;
		for (let clock = 1; clock < 40; clock++) chatty.send(awareness([[2, clock, { n: clock }]]));
		expect((await chatty.closed).code).toBe(1008);

		const many = openRaw(url);
		await many.opened;
		many.send(awareness([[3, 1, {}]]));
		many.send(awareness([[4, 1, {}]]));
		many.send(awareness([[5, 1, {}]]));
		expect((await many.closed).code).toBe(1008);
		expect(await rejected(relay, 'awareness_limit')).toBe(3);
		// Their states are gone with them.
		await waitFor(() => relay.relay.registry.get(group.groupId) === undefined);
	});

	it('closes a reader that does not keep up instead of skipping its messages', async () => {
		const { relay, group } = await setup({
			maxMessageBytes: 64 * 1024,
			maxBufferedBytes: 128 * 1024
		});
		const document = `${group.groupId}/${randomId()}`;
		const slow = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.view}`);
		await slow.opened;
		await waitFor(() => slow.frames.length > 0);
		// Stop reading: the kernel buffers fill, then the relay's queue for this socket grows.
		(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		const writer = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.edit}`);
		await writer.opened;
		const doc = new Y.Doc();
		doc.on('update', (update: Uint8Array) => writer.send(encodeUpdate(update)));
		for (let n = 0; n < 400 && (await rejected(relay, 'slow_consumer')) === 0; n++) {
			doc.getText('t').insert(0, 'y'.repeat(60 * 1024));
			await new Promise((resolve) => setImmediate(resolve));
		}
		await waitFor(async () => (await rejected(relay, 'slow_consumer')) === 1);
		await waitFor(() => relay.relay.registry.get(document)?.peers.size === 1);
		expect(await rejected(relay, 'slow_consumer')).toBe(1);
		slow.ws.terminate();
		writer.ws.close();
	});

	it('drops a connection that stops answering pings', async () => {
		const { relay, group } = await setup({ pingIntervalMs: 50 });
		const raw = openRaw(`${relay.syncUrl}/${group.groupId}?token=${group.tokens.view}`);
		await raw.opened;
		await waitFor(() => raw.frames.length > 0);
		(raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		await waitFor(async () => (await rejected(relay, 'dead_connection')) === 1);
		await waitFor(() => relay.relay.registry.get(group.groupId) === undefined);
		expect(await rejected(relay, 'dead_connection')).toBe(1);
		raw.ws.terminate();
	});
});
