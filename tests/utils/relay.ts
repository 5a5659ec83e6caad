/**
 * Helpers for relay tests: a real relay in this process (port 0, a temp data dir) or as a child
 * process (`node --import tsx server/index.ts`), real y-websocket clients, raw websockets that
 * record every frame, and polling instead of sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startServer, type Relay, type RelayOptions } from '../../server/app.ts';
import type { RelayConfig } from '../../server/config.ts';

// Every y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(200);

export const repoRoot = join(import.meta.dirname, '..', '..');

export interface Tokens {
	edit: string;
	comment: string;
	view: string;
}

export interface Group {
	groupId: string;
	name: string;
	tokens: Tokens;
}

export function tempDir(prefix = 'plenary-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

export interface TestRelay {
	relay: Relay;
	dataDir: string;
	/** http://127.0.0.1:<port> */
	httpUrl: string;
	/** ws://127.0.0.1:<port>/sync */
	syncUrl: string;
	close(): Promise<void>;
}

/** Starts a relay in this process on port 0 with a fresh data dir (removed on close). */
export async function startTestRelay(
	config: Partial<RelayConfig> = {},
	options: RelayOptions = {}
): Promise<TestRelay> {
	const dataDir = config.dataDir ?? tempDir();
	const relay = await startServer(
		{
			port: 0,
			host: '127.0.0.1',
			logLevel: 'silent',
			staticDir: join(dataDir, 'no-build'),
			...config,
			dataDir
		},
		options
	);
	const httpUrl = `http://127.0.0.1:${relay.port}`;
	return {
		relay,
		dataDir,
		httpUrl,
		syncUrl: `ws://127.0.0.1:${relay.port}/sync`,
		async close() {
			await relay.close();
			if (!config.dataDir) removeDir(dataDir);
		}
	};
}

export async function createGroup(
	httpUrl: string,
	name = 'Test chapter',
	headers: Record<string, string> = {}
): Promise<Group> {
	const response = await fetch(`${httpUrl}/api/groups`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...headers },
		body: JSON.stringify({ name })
	});
	if (response.status !== 201) throw new Error(`createGroup: ${response.status}`);
	return (await response.json()) as Group;
}

/** A random id of the contract's shape (22 characters, 132 bits). */
export function randomId(): string {
	return Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
		.toString('base64url')
		.padEnd(22, 'x');
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	destroy(): void;
}

/** A plain y-websocket client, as any script would use it. */
export function connectClient(
	syncUrl: string,
	document: string,
	token: string,
	doc = new Y.Doc(),
	options: { maxBackoffTime?: number } = {}
): Client {
	const provider = new WebsocketProvider(syncUrl, document, doc, {
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		...options
	});
	return {
		doc,
		provider,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export async function waitFor(
	condition: () => boolean | Promise<boolean>,
	{ timeout = 5_000, message = 'condition' }: { timeout?: number; message?: string } = {}
): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
		await sleep(10);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function waitSynced(client: Client, timeout = 5_000): Promise<void> {
	return waitFor(() => client.provider.synced, { timeout, message: 'sync' });
}

/** A websocket that records every frame it gets and how it ended. */
export interface RawClient {
	ws: WebSocket;
	frames: Uint8Array[];
	/** Resolves when the socket opened, or rejects with the refused upgrade's status. */
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string }>;
	/** Status and body of a refused upgrade. */
	refusal: Promise<{ status: number; body: string } | null>;
	send(frame: Uint8Array | string): void;
}

export function openRaw(
	url: string,
	options: WebSocket.ClientOptions = {},
	protocols: string[] = []
): RawClient {
	const ws = new WebSocket(url, protocols, options);
	const frames: Uint8Array[] = [];
	let settleRefusal: (value: { status: number; body: string } | null) => void = () => {};
	const refusal = new Promise<{ status: number; body: string } | null>(
		(resolve) => (settleRefusal = resolve)
	);
	ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
	ws.on('unexpected-response', (_req, res) => {
		let body = '';
		res.on('data', (chunk: Buffer) => (body += chunk.toString()));
		res.on('end', () => {
			settleRefusal({ status: res.statusCode ?? 0, body });
			ws.terminate();
		});
		res.on('error', () => settleRefusal({ status: res.statusCode ?? 0, body }));
	});
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => {
			settleRefusal(null);
			resolve();
		});
		ws.once('error', reject);
	});
	opened.catch(() => {});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	ws.on('error', () => {});
	return {
		ws,
		frames,
		opened,
		closed,
		refusal,
		send(frame) {
			ws.send(frame);
		}
	};
}

export interface ChildRelay {
	child: ChildProcess;
	port: number;
	httpUrl: string;
	syncUrl: string;
	/** Resolves with the exit code (null when killed by a signal) and the signal. */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Every JSON log line printed so far. */
	logs: Record<string, unknown>[];
}

/** True when every client's clock in `have` is at least its clock in `need`. */
export function covers(have: Y.Doc, need: Map<number, number>): boolean {
	const clocks = Y.decodeStateVector(Y.encodeStateVector(have));
	for (const [client, clock] of need) if ((clocks.get(client) ?? 0) < clock) return false;
	return true;
}

export function stateVector(doc: Y.Doc): Map<number, number> {
	return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** Runs the relay as `npm start` does, without the build step; resolves once it listens. */
export async function spawnRelay(env: Record<string, string>): Promise<ChildRelay> {
	const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'index.ts')], {
		cwd: repoRoot,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const logs: Record<string, unknown>[] = [];
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);
	const port = await new Promise<number>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.on('line', (line) => {
			try {
				const entry = JSON.parse(line) as Record<string, unknown>;
				logs.push(entry);
				if (entry.event === 'listening') resolve(entry.port as number);
			} catch {
				// not a log line
			}
		});
		exited.then(({ code }) =>
			reject(new Error(`relay exited (${code}) before listening: ${stderr}`))
		);
	});
	return {
		child,
		port,
		httpUrl: `http://127.0.0.1:${port}`,
		syncUrl: `ws://127.0.0.1:${port}/sync`,
		exited,
		logs
	};
}
