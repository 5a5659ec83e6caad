/**
 * RelayConnection and its RelayProvider against a real relay in this process
 * (tests/utils/relay.ts), with `ws` as the WebSocket (Node 20 has none).
 */
import { createServer, connect as tcpConnect, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import WebSocket from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
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
import {
	CONNECT_TIMEOUT_MS,
	DEAD_AFTER_MS,
	PING_AFTER_MS,
	RelayConnection,
	UNREACHABLE_AFTER_MS,
	syncUrl,
	type ConnectionPhase
} from './relay-connection';
import { RelayProvider } from './relay-provider';
import { onRefusal, type Refusal } from './refusals';

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
	const phases: ConnectionPhase[] = [];
	const connection = new RelayConnection(
		name,
		doc,
		awareness,
		{ relayUrl: r.httpUrl, token },
		{
			WebSocketPolyfill: WS,
			onChange: ({ phase }) => {
				if (phases.at(-1) !== phase) phases.push(phase);
			}
		}
	);
	cleanups.push(() => {
		connection.destroy();
		awareness.destroy();
	});
	/** every phase it went through, in order, each once per stretch */
	return { doc, connection, phases };
}

/**
 * A TCP server that accepts connections and never answers: the websocket handshake hangs, as
 * behind a venue wifi whose uplink is dead (the access point still accepts).
 */
async function blackHole() {
	const sockets: Socket[] = [];
	const server = createServer((socket) => {
		sockets.push(socket);
		socket.on('error', () => {});
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
	return { httpUrl: `http://127.0.0.1:${port}`, accepted: () => sockets.length };
}

/** A port nobody listens on: connections are refused at once. */
async function refusingPort(): Promise<{ httpUrl: string }> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return { httpUrl: `http://127.0.0.1:${port}` };
}

function recordRefusals(): Refusal[] {
	const refusals: Refusal[] = [];
	cleanups.push(onRefusal((refusal) => refusals.push(refusal)));
	return refusals;
}

/** Everything written through `console` from now until the test ends, as text. */
function recordConsole(): string[] {
	const lines: string[] = [];
	for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
		const spy = vi
			.spyOn(console, method)
			.mockImplementation((...args: unknown[]) =>
				lines.push(args.map((a) => inspect(a)).join(' '))
			);
		cleanups.push(() => spy.mockRestore());
	}
	return lines;
}

async function rotate(httpUrl: string, groupId: string, editToken: string) {
	const response = await fetch(`${httpUrl}/api/groups/${groupId}/rotate`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${editToken}` }
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { tokens: { edit: string } }).tokens;
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

	test('a handshake that hangs is given up and tried again', async () => {
		const r = await relay();
		const proxy = await silentableProxy(r.relay.port);
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		proxy.silence();
		const { connection } = connect(proxy, name, group.tokens.edit);
		await sleep(1_000);
		expect(connection.status.phase).toBe('connecting');
		// Only the socket opened while silent hangs; the next attempt gets through.
		proxy.speak();
		await waitFor(() => connection.status.attempts === 1, {
			timeout: CONNECT_TIMEOUT_MS + 10_000,
			message: 'the hung handshake to be given up'
		});
		expect(connection.status.phase).toBe('unreachable');
		await waitFor(() => connection.isUpToDate, { timeout: 20_000, message: 'the next attempt' });
		expect(connection.status.attempts).toBe(0);
	}, 45_000);

	test('a "permission denied" is reported as a refusal and no token reaches the console', async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const refusals = recordRefusals();
		const output = recordConsole();
		const { doc, connection } = connect(r, name, group.tokens.view);
		await waitFor(() => connection.status.phase === 'connected', { message: 'connected' });
		doc.getText('t').insert(0, 'a reader typing');
		await waitFor(() => refusals.length > 0, { message: 'the refusal' });
		expect(refusals[0]).toMatchObject({
			kind: 'permission-denied',
			name,
			groupId: group.groupId,
			reason: 'permission denied'
		});
		expect(connection.status.pending).toBeGreaterThan(0);

		// The same refusal to a plain y-websocket client: it logs the URL with the token, so the
		// recording above would have caught it.
		const plain = connectClient(r.syncUrl, `${group.groupId}/${randomId()}`, group.tokens.view);
		cleanups.push(() => plain.destroy());
		plain.doc.getText('t').insert(0, 'a reader typing');
		await waitFor(() => output.some((line) => line.includes(group.tokens.view)), {
			message: 'y-websocket to log the refusal it got'
		});
		const ours = output.filter((line) => !line.includes(plain.provider.roomname));
		expect(ours.filter((line) => line.includes(group.tokens.view))).toEqual([]);
	});

	test('a change refused as too large is reported as such, and the connection stays open', async () => {
		const r = await relay({ maxDocumentBytes: 1024 * 1024 });
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const refusals = recordRefusals();
		const { doc, connection } = connect(r, name, group.tokens.edit);
		await waitFor(() => connection.status.phase === 'connected', { message: 'connected' });
		doc.getText('t').insert(0, 'x'.repeat(1200 * 1024));
		await waitFor(() => refusals.length > 0, { message: 'the refusal' });
		expect(refusals[0]).toMatchObject({
			kind: 'too-large',
			name,
			reason: 'permission denied: document too large'
		});
		expect(connection.status.phase).toBe('connected');
		expect(connection.status.pending).toBeGreaterThan(0);
	});

	test('a revoked link stops the connection; a new token starts it again', async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const refusals = recordRefusals();
		const { doc, connection } = connect(r, name, group.tokens.edit);
		await waitFor(() => connection.isUpToDate);
		let attempts = 0;
		connection.provider.on('status', ({ status }) => {
			if (status === 'connecting') attempts++;
		});
		const tokens = await rotate(r.httpUrl, group.groupId, group.tokens.edit);
		await waitFor(() => connection.status.phase === 'failed', { message: 'failed' });
		expect(refusals).toMatchObject([{ kind: 'revoked', name, reason: expect.any(String) }]);
		doc.getText('t').insert(0, 'kept here');
		await sleep(2_000);
		expect(attempts).toBe(0);
		expect(connection.status.phase).toBe('failed');

		connection.useToken(tokens.edit);
		await waitFor(() => connection.isUpToDate, { message: 'up to date with the new token' });
		expect(attempts).toBe(1);
		const reader = connectClient(r.syncUrl, name, tokens.edit);
		cleanups.push(() => reader.destroy());
		await waitFor(() => reader.doc.getText('t').toString() === 'kept here');
		expect(reader.doc.getText('t').toString()).toBe('kept here');
	});

	test('useToken while connected reopens the socket with the new token', async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		const name = `${group.groupId}/${randomId()}`;
		const refusals = recordRefusals();
		const { doc, connection } = connect(r, name, group.tokens.edit);
		await waitFor(() => connection.isUpToDate);
		let closes = 0;
		connection.provider.on('connection-close', () => closes++);
		connection.useToken(group.tokens.view);
		await waitFor(() => closes === 1 && connection.isUpToDate, { message: 'reconnected' });
		// The relay now takes this device for a reader.
		doc.getText('t').insert(0, 'no longer allowed');
		await waitFor(() => refusals.length > 0, { message: 'the refusal' });
		expect(refusals.map((refusal) => refusal.kind)).toEqual(['permission-denied']);
	});

	test('a relay whose handshake hangs is said unreachable within seconds, and stays so while retried', async () => {
		const hole = await blackHole();
		const group = await createGroup((await relay()).httpUrl);
		const { doc, connection, phases } = connect(
			hole,
			`${group.groupId}/${randomId()}`,
			group.tokens.edit
		);
		doc.getText('t').insert(0, 'kept here');
		const startedAt = Date.now();
		await waitFor(() => connection.status.phase === 'unreachable', {
			timeout: UNREACHABLE_AFTER_MS + 3_000,
			message: 'unreachable'
		});
		expect(Date.now() - startedAt).toBeLessThan(UNREACHABLE_AFTER_MS + 3_000);
		// The hung attempt is given up and another one hangs: still unreachable, never "connecting".
		await waitFor(() => connection.status.attempts >= 1 && hole.accepted() >= 2, {
			timeout: CONNECT_TIMEOUT_MS + 10_000,
			message: 'a second attempt'
		});
		await sleep(UNREACHABLE_AFTER_MS + 1_000);
		expect(phases).toEqual(['connecting', 'unreachable']);
		expect(connection.status.pending).toBeGreaterThan(0);
	}, 40_000);

	test('a relay that refuses connections is unreachable at once, and retries do not say "connecting"', async () => {
		const closed = await refusingPort();
		const group = await createGroup((await relay()).httpUrl);
		const { connection, phases } = connect(
			closed,
			`${group.groupId}/${randomId()}`,
			group.tokens.edit
		);
		await waitFor(() => connection.status.attempts >= 3, {
			timeout: 15_000,
			message: 'three attempts'
		});
		expect(phases).toContain('unreachable');
		expect(phases.slice(phases.indexOf('unreachable'))).toEqual(['unreachable']);
	}, 20_000);

	test('a socket gone silent is unreachable once its ping goes unanswered, and back when the relay is', async () => {
		const r = await relay();
		const proxy = await silentableProxy(r.relay.port);
		const group = await createGroup(r.httpUrl);
		const { doc, connection, phases } = connect(
			proxy,
			`${group.groupId}/${randomId()}`,
			group.tokens.edit
		);
		await waitFor(() => connection.isUpToDate);
		proxy.silence();
		doc.getText('t').insert(0, 'typed into the void');
		await waitFor(() => connection.status.phase === 'unreachable', {
			timeout: DEAD_AFTER_MS + 5_000,
			message: 'unreachable'
		});
		// Straight from connected to unreachable: a dead link is no "connecting".
		expect(phases).toEqual(['connecting', 'connected', 'unreachable']);
		proxy.speak();
		await waitFor(() => connection.isUpToDate, { timeout: 20_000, message: 'reconnect' });
	}, 40_000);

	test('an idle connection stays open: its pings are answered', async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		const { connection } = connect(r, `${group.groupId}/${randomId()}`, group.tokens.edit);
		await waitFor(() => connection.isUpToDate);
		let closes = 0;
		connection.provider.on('connection-close', () => closes++);
		await sleep(DEAD_AFTER_MS + 2 * PING_AFTER_MS);
		expect(closes).toBe(0);
		expect(connection.isUpToDate).toBe(true);
	}, 30_000);
});

describe('RelayProvider', () => {
	test("y-websocket's 30 s watchdog closes a provider that heard nothing, never a RelayProvider", async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		// The control: a plain y-websocket client alone in its document and without awareness
		// (the relay echoes awareness updates, which would count as heard).
		const control = connectClient(r.syncUrl, `${group.groupId}/${randomId()}`, group.tokens.edit);
		cleanups.push(() => control.destroy());
		const doc = new Y.Doc();
		const ours = new RelayProvider(syncUrl(r.httpUrl), `${group.groupId}/${randomId()}`, doc, {
			awareness: new Awareness(doc),
			token: group.tokens.edit,
			WebSocketPolyfill: WS,
			onSocket: () => {},
			onFrame: () => {}
		});
		cleanups.push(() => {
			ours.awareness.destroy();
			ours.destroy();
		});
		ours.connect();
		await waitFor(() => control.provider.synced && ours.synced);
		control.provider.awareness.setLocalState(null);
		await sleep(500);
		const closes = new Map<WebsocketProvider, (CloseEvent | null)[]>();
		for (const provider of [control.provider, ours]) {
			closes.set(provider, []);
			provider.on('connection-close', (event) => closes.get(provider)!.push(event));
			// As if the last message had come long ago, as y-websocket records it.
			provider.wsLastMessageReceived = 0;
		}
		// y-websocket looks every 3 s and then closes the socket itself (no close event).
		await waitFor(() => closes.get(control.provider)!.length > 0, {
			timeout: 10_000,
			message: "y-websocket's watchdog to close the control (has it changed?)"
		});
		expect(closes.get(control.provider)).toEqual([null]);
		await sleep(3_500);
		expect(closes.get(ours)).toEqual([]);
		expect(ours.synced).toBe(true);
	}, 30_000);

	test('the socket is opened without the token in its URL (a browser prints that URL)', async () => {
		const r = await relay();
		const group = await createGroup(r.httpUrl);
		const doc = new Y.Doc();
		const sockets: { url: string; protocol: string }[] = [];
		const provider = new RelayProvider(syncUrl(r.httpUrl), `${group.groupId}/${randomId()}`, doc, {
			awareness: new Awareness(doc),
			token: group.tokens.edit,
			WebSocketPolyfill: WS,
			onSocket: (socket) => sockets.push(socket),
			onFrame: () => {}
		});
		cleanups.push(() => {
			provider.awareness.destroy();
			provider.destroy();
		});
		provider.connect();
		await waitFor(() => provider.synced);
		expect(sockets).toHaveLength(1);
		expect(sockets[0].url).not.toContain(group.tokens.edit);
		expect(sockets[0].url).not.toContain('token');
		expect(sockets[0].protocol).toBe('plenary');
	});
});
