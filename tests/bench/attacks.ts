/**
 * What a hostile member costs the relay (issue 13, docs/relay.md "What an attack costs"): each
 * attack runs against our relay in a child process, as `npm start` runs it, while a probe pair
 * of clients in another document keeps sending each other a keystroke every 100 ms. For each
 * attack: the relay's CPU time and resident memory, per request or message, and the probe's
 * worst delivery delay, which is what every other room would have felt.
 */
import { readFileSync } from 'node:fs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { hostileBodies } from './hostile-markdown';
import { benchId } from './meetings';
import { rss, startOurs, type BenchServer } from './relay';

export interface AttackResult {
	attack: string;
	role: string;
	/** requests or messages the attacker got the relay to take in */
	requests: number;
	seconds: number;
	/** relay CPU time (user + system) over the attack */
	cpuMs: number;
	/** relay resident memory after the attack minus before */
	rssGrowth: number;
	/** the probe's worst keystroke delivery during the attack, in ms */
	probeWorstMs: number;
	/** what the relay answered */
	outcome: string;
}

export interface AttackScale {
	/** how long each flood lasts */
	floodMs: number;
	/** characters typed at random places to give the flooded document a long history */
	historyCharacters: number;
}

const MESSAGE_SYNC = 0;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;
const MESSAGE_AUTH = 2;

function syncFrame(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

/** Reads a sync frame's type and payload, or null for any other frame. */
function readSync(data: Uint8Array): { type: number; payload: Uint8Array } | null {
	const decoder = decoding.createDecoder(data);
	if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
	const type = decoding.readVarUint(decoder);
	return { type, payload: decoding.readVarUint8Array(decoder) };
}

function isAuthFrame(data: Uint8Array): boolean {
	return decoding.readVarUint(decoding.createDecoder(data)) === MESSAGE_AUTH;
}

/** Relay CPU time so far, user + system, in ms (Linux /proc). */
function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15, in clock ticks of 1/100 s on Linux.
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Socket {
	ws: WebSocket;
	frames: Uint8Array[];
	onFrame: (frame: Uint8Array) => void;
}

function open(server: BenchServer, document: string, token: string): Promise<Socket> {
	const url = `${server.target.base}${document}?token=${encodeURIComponent(token)}`;
	const ws = new WebSocket(url);
	ws.binaryType = 'nodebuffer';
	const socket: Socket = { ws, frames: [], onFrame: () => {} };
	ws.on('message', (data: Buffer) => socket.onFrame(new Uint8Array(data)));
	ws.on('error', () => {});
	return new Promise((resolve, reject) => {
		ws.once('open', () => resolve(socket));
		ws.once('unexpected-response', (_req, res) =>
			reject(new Error(`upgrade refused: ${res.statusCode}`))
		);
	});
}

/**
 * Two clients in a document of their own: one types a character every 100 ms, the other
 * records how long each took to arrive. `worst()` is the longest wait so far, keystrokes still
 * on their way included.
 */
async function startProbe(server: BenchServer, token: string) {
	const document = `${server.target.groupId}/${benchId('probe', 1)}`;
	const writer = await open(server, document, token);
	const reader = await open(server, document, token);
	const typed = new Y.Doc();
	const read = new Y.Doc();
	const sentAt: number[] = [];
	let delivered = 0;
	let worst = 0;
	typed.on('update', (update: Uint8Array) => writer.ws.send(syncFrame(UPDATE, update)));
	reader.onFrame = (frame) => {
		const message = readSync(frame);
		if (!message || message.type === STEP1) return;
		Y.applyUpdate(read, message.payload);
		const length = read.getText('t').length;
		for (; delivered < length; delivered++) {
			worst = Math.max(worst, performance.now() - sentAt[delivered]);
		}
	};
	const timer = setInterval(() => {
		sentAt.push(performance.now());
		typed.getText('t').insert(typed.getText('t').length, 'x');
	}, 100);
	return {
		/** Starts a new measurement. */
		reset() {
			worst = 0;
		},
		worst() {
			const waiting = sentAt.slice(delivered).map((at) => performance.now() - at);
			return Math.max(worst, ...waiting);
		},
		stop() {
			clearInterval(timer);
			writer.ws.terminate();
			reader.ws.terminate();
		}
	};
}

type Probe = Awaited<ReturnType<typeof startProbe>>;

/** Runs `attack` and measures the relay and the probe around it. */
async function measure(
	server: BenchServer,
	probe: Probe,
	attack: string,
	role: string,
	run: () => Promise<{ requests: number; outcome: string }>
): Promise<AttackResult> {
	const pid = server.child.pid!;
	await sleep(300);
	probe.reset();
	const cpuBefore = cpuMs(pid);
	const rssBefore = rss(pid);
	const started = performance.now();
	const { requests, outcome } = await run();
	const seconds = (performance.now() - started) / 1000;
	// Keystrokes sent during the attack still count once they arrive.
	await sleep(500);
	return {
		attack,
		role,
		requests,
		seconds,
		cpuMs: cpuMs(pid) - cpuBefore,
		rssGrowth: rss(pid) - rssBefore,
		probeWorstMs: probe.worst(),
		outcome
	};
}

/** Sends `next()` frames as fast as the socket drains, for `ms`; returns how many. */
async function flood(socket: Socket, ms: number, next: () => Uint8Array): Promise<number> {
	const deadline = performance.now() + ms;
	let sent = 0;
	while (performance.now() < deadline && socket.ws.readyState === WebSocket.OPEN) {
		// The relay pauses reading a throttled connection: then its frames wait here.
		if (socket.ws.bufferedAmount > 256 * 1024) {
			await sleep(5);
			continue;
		}
		for (let i = 0; i < 100; i++) socket.ws.send(next());
		sent += 100;
		await new Promise((resolve) => setImmediate(resolve));
	}
	return sent;
}

async function postMarkdown(server: BenchServer, token: string, body: string) {
	const base = server.target.base.replace('ws://', 'http://').replace(/\/sync\/$/, '');
	try {
		const response = await fetch(`${base}/api/groups/${server.target.groupId}/meetings`, {
			method: 'POST',
			headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${token}` },
			body,
			signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS)
		});
		const answer = (await response.json()) as { error?: string };
		return `${response.status}${answer.error ? ` "${answer.error}"` : ''}`;
	} catch {
		return `no answer within ${IMPORT_TIMEOUT_MS / 1000} s`;
	}
}

const IMPORT_TIMEOUT_MS = 60_000;

/** A long history: characters typed one at a time at random places, as one update. */
function longHistory(characters: number): { update: Uint8Array; client: number } {
	const doc = new Y.Doc();
	const text = doc.getText('notes');
	let seed = 7;
	for (let i = 0; i < characters; i++) {
		seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
		text.insert(seed % (text.length + 1), 'x');
	}
	return { update: Y.encodeStateAsUpdate(doc), client: doc.clientID };
}

/** An update of no structs and one delete range: 11 bytes or so. */
function deleteSetUpdate(client: number, clock: number, length: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarUint(encoder, length);
	return encoding.toUint8Array(encoder);
}

/** Time until a fresh client holds a document's whole state (its sync step 2). */
async function firstSync(server: BenchServer, document: string, token: string) {
	const started = performance.now();
	const socket = await open(server, document, token);
	const bytes = await new Promise<number>((resolve, reject) => {
		socket.ws.once('close', (code) => reject(new Error(`closed ${code} before the first sync`)));
		socket.onFrame = (frame) => {
			const message = readSync(frame);
			if (message?.type === STEP2) resolve(message.payload.length);
		};
		socket.ws.send(syncFrame(STEP1, Y.encodeStateVector(new Y.Doc())));
	});
	socket.ws.close();
	return { ms: performance.now() - started, bytes };
}

export async function benchAttacks(
	scale: AttackScale,
	log: (message: string) => void
): Promise<AttackResult[]> {
	const server = await startOurs();
	const tokens = server.tokens;
	const probe = await startProbe(server, tokens.edit);
	const results: AttackResult[] = [];
	try {
		for (const [name, body] of hostileBodies()) {
			const attack = `import: ${name}`;
			log(attack);
			results.push(
				await measure(server, probe, attack, 'edit', async () => ({
					requests: 1,
					outcome: await postMarkdown(server, tokens.edit, body)
				}))
			);
		}

		log('a document with a long history, flooded with delete sets by a view token');
		const history = `${server.target.groupId}/${benchId('history', 1)}`;
		const writer = await open(server, history, tokens.edit);
		const { update, client } = longHistory(scale.historyCharacters);
		writer.ws.send(syncFrame(UPDATE, update));
		await firstSync(server, history, tokens.view);
		const viewer = await open(server, history, tokens.view);
		let denied = 0;
		viewer.onFrame = (frame) => void (isAuthFrame(frame) && denied++);
		results.push(
			await measure(server, probe, 'view: 11-byte delete-set updates', 'view', async () => {
				const sent = await flood(viewer, scale.floodMs, () =>
					syncFrame(UPDATE, deleteSetUpdate(client, 0, scale.historyCharacters))
				);
				await sleep(200);
				return { requests: sent, outcome: `${denied} "permission denied"` };
			})
		);
		viewer.ws.terminate();

		log('an editor sending tiny updates as fast as the relay takes them');
		const typist = new Y.Doc();
		const text = typist.getText('notes');
		const frames: Uint8Array[] = [];
		typist.on('update', (u: Uint8Array) => frames.push(syncFrame(UPDATE, u)));
		results.push(
			await measure(server, probe, 'edit: tiny updates, flat out', 'edit', async () => {
				const sent = await flood(writer, scale.floodMs, () => {
					text.insert(0, 'x');
					return frames.shift()!;
				});
				return { requests: sent, outcome: writer.ws.readyState === 1 ? 'open' : 'closed' };
			})
		);
		writer.ws.terminate();

		log('documents grown past MAX_DOCUMENT_BYTES (the directory by edit, comments by comment)');
		for (const [role, document] of [
			['edit', server.target.groupId],
			['comment', `${server.target.groupId}/${benchId('comments', 1)}/comments`]
		] as const) {
			const socket = await open(server, document, tokens[role]);
			const refusals: string[] = [];
			socket.onFrame = (frame) => {
				if (!isAuthFrame(frame)) return;
				const decoder = decoding.createDecoder(frame);
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
				refusals.push(decoding.readVarString(decoder));
			};
			results.push(
				await measure(server, probe, `${role}: five 7 MiB updates`, role, async () => {
					for (let i = 0; i < 5; i++) {
						const big = new Y.Doc();
						big.getText('notes').insert(0, String(i).repeat(7 * 1024 * 1024));
						socket.ws.send(syncFrame(UPDATE, Y.encodeStateAsUpdate(big)));
						await sleep(300);
					}
					await sleep(1_000);
					const load = await firstSync(server, document, tokens.view);
					const bytes = (load.bytes / 1024 / 1024).toFixed(1);
					return {
						requests: 5,
						outcome: `${refusals.length} refused; loads in ${Math.round(load.ms)} ms (${bytes} MiB)`
					};
				})
			);
			socket.ws.terminate();
		}

		log('anyone: creating groups as fast as it can');
		results.push(
			await measure(server, probe, 'anyone: creating groups', 'none', async () => {
				const base = server.target.base.replace('ws://', 'http://').replace(/\/sync\/$/, '');
				const counts = new Map<number, number>();
				const deadline = performance.now() + scale.floodMs;
				let requests = 0;
				while (performance.now() < deadline) {
					const answers = await Promise.all(
						Array.from({ length: 10 }, () =>
							fetch(`${base}/api/groups`, {
								method: 'POST',
								headers: { 'Content-Type': 'application/json' },
								body: '{"name":"flood"}'
							}).then((response) => (void response.arrayBuffer(), response.status))
						)
					);
					for (const status of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
					requests += answers.length;
				}
				const outcome = [...counts].map(([status, n]) => `${n} × ${status}`).join(', ');
				return { requests, outcome };
			})
		);
	} finally {
		probe.stop();
		await server.stop();
	}
	return results;
}
