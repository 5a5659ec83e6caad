/**
 * A flooding client in its own process, as a remote attacker is: the relay's stalls do not slow
 * it down. Run as `node --import tsx tests/utils/flood-client.ts '<json FloodOptions>'`; it prints
 * one JSON line `{"sent": n, "closeCode": c|null}` when done. `startFlood` spawns it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { encodeSyncStep1, encodeUpdate } from '../../server/sync/protocol.ts';
import { deleteSetUpdate, siblingInsert } from './hostile-updates.ts';

export interface FloodOptions {
	url: string;
	perSecond: number;
	durationMs: number;
	/**
	 * 'delete-set': one 13-byte update naming `range` of the document, again and again;
	 * 'siblings': 21-byte edits by a new client each, all between the same two neighbours
	 * (`between`: ids of two adjacent items), every one costlier to apply than the last;
	 * 'sync-step-1': 3 bytes asking for the whole document.
	 */
	kind: 'delete-set' | 'siblings' | 'sync-step-1';
	range?: [client: number, clock: number, length: number];
	between?: [{ client: number; clock: number }, { client: number; clock: number }];
}

export interface FloodResult {
	sent: number;
	closeCode: number | null;
}

function frames(options: FloodOptions): (n: number) => Uint8Array {
	if (options.kind === 'sync-step-1') {
		const frame = encodeSyncStep1(new Uint8Array([0]));
		return () => frame;
	}
	if (options.kind === 'delete-set') {
		const frame = encodeUpdate(deleteSetUpdate([options.range ?? [1, 0, 1]]));
		return () => frame;
	}
	const [origin, rightOrigin] = options.between ?? [
		{ client: 1, clock: 0 },
		{ client: 1, clock: 1 }
	];
	// Client ids of one length, above any the document has.
	return (n) => encodeUpdate(siblingInsert(2 ** 28 + n, origin, rightOrigin));
}

async function run(options: FloodOptions): Promise<FloodResult> {
	const next = frames(options);
	const ws = new WebSocket(options.url);
	ws.on('error', () => {});
	let closeCode: number | null = null;
	ws.on('close', (code) => (closeCode = code));
	// Drops what the relay sends (receipts, refusals) without keeping it.
	ws.on('message', () => {});
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	let sent = 0;
	const started = Date.now();
	while (Date.now() - started < options.durationMs && ws.readyState === ws.OPEN) {
		// A few frames per turn, each few in its own packet, as they would cross a network.
		const due = Math.min(sent + 20, ((Date.now() - started) / 1000) * options.perSecond);
		while (sent < due && ws.bufferedAmount < 256 * 1024) ws.send(next(sent++));
		await new Promise((resolve) => setImmediate(resolve));
	}
	ws.terminate();
	return { sent, closeCode };
}

/** Spawns a flooding client; resolves with what it sent once it is done. */
export function startFlood(options: FloodOptions): Promise<FloodResult> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(options)],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => {
			const line = output.trim().split('\n').pop() ?? '';
			if (code === 0 && line) resolve(JSON.parse(line) as FloodResult);
			else reject(new Error(`flood client exited with ${code}: ${output}`));
		});
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	run(JSON.parse(process.argv[2]) as FloodOptions).then(
		(result) => {
			console.log(JSON.stringify(result));
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		}
	);
}
