/**
 * RelayConnection against a real relay in this process (tests/utils/relay.ts), with `ws` as the
 * WebSocket (Node 20 has none).
 */
import { createServer, connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
	connectClient,
	createGroup,
	randomId,
	startTestRelay,
	tempDir,
	removeDir,
	waitFor,
	sleep,
	type TestRelay
} from '../../../tests/utils/relay';
import { DEAD_AFTER_MS, RelayConnection } from './relay-connection';

const WS = WebSocket as unknown as typeof globalThis.WebSocket;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(config: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
	const r = await startTestRelay(config);
	cleanups.push(() => r.close());
	return r;
}

function connect(r: { httpUrl: string }, name: string, token: string, doc = new Y.Doc()) {
	const awareness = new Awareness(doc);
	const connection = new RelayConnection(
		name,
		doc,
		awareness,
		{ relayUrl: r.httpUrl, token },
		{ WebSocketPolyfill: WS }
	);
	cleanups.push(() => {
		connection.destroy();
		awareness.destroy();
	});
	return { doc, connection };
}

/** A TCP proxy that can go silent: sockets stay open, no byte passes (like a dead wifi link). */
async function silentableProxy(targetPort: number) {
	const sockets: Socket[] = [];
	const state = { isSilent: false, delayMs: 0 };
	const server = createServer((client) => {
		const upstream = tcpConnect(targetPort, '127.0.0.1');
		sockets.push(client, upstream);
		const silentNow = state.isSilent;
		client.on('data', (chunk) => {
			if (!state.isSilent && !silentNow) upstream.write(chunk);
		});
		upstream.on('data', (chunk) => {
			if (state.isSilent || silentNow) return;
			if (state.delayMs) setTimeout(() => client.write(chunk), state.delayMs);
			else client.write(chunk);
		});
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	cleanups.push(
		() =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	);
	return {
		httpUrl: `http://127.0.0.1:${port}`,
		/** Existing connections go silent; new ones pass again after `speak()`. */
		silence() {
			state.isSilent = true;
		},
		speak() {
			state.isSilent = false;
		},
		/** Delays everything the relay sends, as a slow first sync of a big document does. */
		delay(ms: number) {
			state.delayMs = ms;
		}
	};
}

describe('RelayConnection', () => {
	test('receipts turn changes waiting into up to date, and the relay has every change', async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const { doc, connection } = connect(r, name, group.tokens.edit);
		await waitFor(() => connection.isUpToDate, { message: 'first receipt' });
		for (const word of ['one ', 'two ', 'three ']) doc.getText('t').insert(0, word);
		expect(connection.status.pending).toBeGreaterThan(0);
		await waitFor(() => connection.isUpToDate, { message: 'receipt after edits' });
		expect(connection.status.pending).toBe(0);

		const reader = connectClient(r.syncUrl, name, group.tokens.view);
		cleanups.push(() => reader.destroy());
		await waitFor(() => reader.doc.getText('t').toString() === doc.getText('t').toString());
		expect(reader.doc.getText('t').toString()).toBe('three two one ');
	});

	test('edits made while the relay is down go up when it is back on the same port', async () => {
		const dataDir = tempDir();
		cleanups.push(() => removeDir(dataDir));
		let r = await startTestRelay({ dataDir });
		const port = r.relay.port;
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const { doc, connection } = connect(r, name, group.tokens.edit);
		doc.getText('t').insert(0, 'before ');
		await waitFor(() => connection.isUpToDate);
		await r.close();
		await waitFor(() => connection.status.phase === 'unreachable', { message: 'unreachable' });
		doc.getText('t').insert(7, 'during');
		expect(connection.status.pending).toBeGreaterThan(0);
		r = await startTestRelay({ dataDir, port });
		cleanups.push(() => r.close());
		await waitFor(() => connection.isUpToDate, { timeout: 20_000, message: 'reconnect' });
		const reader = connectClient(r.syncUrl, name, group.tokens.view);
		cleanups.push(() => reader.destroy());
		await waitFor(() => reader.doc.getText('t').toString() === 'before during');
		expect(reader.doc.getText('t').toString()).toBe('before during');
	}, 30_000);

	test('an update larger than the relay accepts stops with an error instead of looping', async () => {
		const r = await relay({ maxMessageBytes: 4096 });
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const { doc, connection } = connect(r, name, group.tokens.edit);
		await waitFor(() => connection.isUpToDate);
		let opened = 0;
		connection.provider.on('status', ({ status }) => {
			if (status === 'connected') opened++;
		});
		doc.getText('t').insert(0, 'x'.repeat(10_000));
		await waitFor(() => connection.status.phase === 'failed', { message: 'failed' });
		expect(connection.status.error).toMatch(/larger than the relay accepts/);
		await sleep(1_500);
		expect(opened).toBe(0);
		expect(connection.status.phase).toBe('failed');
	});

	test('the heartbeat notices a socket that went silent and reconnects', async () => {
		const r = await relay();
		const proxy = await silentableProxy(r.relay.port);
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const { doc, connection } = connect(proxy, name, group.tokens.edit);
		await waitFor(() => connection.isUpToDate);
		proxy.silence();
		doc.getText('t').insert(0, 'typed into the void');
		// Well before y-websocket's own 30 s silence limit.
		await waitFor(() => connection.status.phase !== 'connected', {
			timeout: 12_000,
			message: 'heartbeat to notice'
		});
		proxy.speak();
		await waitFor(() => connection.isUpToDate, { timeout: 20_000, message: 'reconnect' });
		const reader = connectClient(r.syncUrl, name, group.tokens.view);
		cleanups.push(() => reader.destroy());
		await waitFor(() => reader.doc.getText('t').toString() === 'typed into the void');
		expect(reader.doc.getText('t').toString()).toBe('typed into the void');
	}, 40_000);

	test('a slow first sync is not cut off by the heartbeat', async () => {
		const r = await relay();
		const proxy = await silentableProxy(r.relay.port);
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const writer = connectClient(r.syncUrl, name, group.tokens.edit);
		cleanups.push(() => writer.destroy());
		writer.doc.getText('t').insert(0, 'x'.repeat(100_000));
		await waitFor(() => writer.provider.synced);
		proxy.delay(DEAD_AFTER_MS + 1_500);
		const { doc, connection } = connect(proxy, name, group.tokens.edit);
		let closes = 0;
		connection.provider.on('connection-close', () => closes++);
		await waitFor(() => doc.getText('t').length === 100_000, {
			timeout: 20_000,
			message: 'slow first sync'
		});
		expect(closes).toBe(0);
		expect(connection.status.phase).not.toBe('unreachable');
	}, 30_000);
});
