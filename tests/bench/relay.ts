/**
 * The relay against the reference y-websocket server (y-websocket@1.5.4 `bin/utils`), both
 * started here as child processes on loopback and measured in alternating rounds by a third
 * process (load-client.ts), so neither server shares its CPU with the clients and each one's
 * memory is its own process's. Ours runs as `npm start` does, with persistence on (SQLite in a
 * temporary DATA_DIR). Latency and throughput are measured twice: on the machine as it is, then
 * with a CPU hog beside both servers (a process spinning on one core), as a relay shares a small
 * server with other work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Job, Target } from './load-client';
import { benchId } from './meetings';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export type ServerKind = 'ours' | 'reference';

export interface BenchServer {
	kind: ServerKind;
	child: ChildProcess;
	target: Target;
	stop(): Promise<void>;
}

export function spawnListening(
	args: string[],
	env: Record<string, string>
): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
		cwd: repoRoot,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolvePort, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`${args[0]} did not start: ${stderr}`)),
			60_000
		);
		createInterface({ input: child.stdout! }).on('line', (line) => {
			try {
				const entry = JSON.parse(line) as { event?: string; port?: number };
				if (entry.event === 'listening' && typeof entry.port === 'number') {
					clearTimeout(timer);
					resolvePort({ child, port: entry.port });
				}
			} catch {
				// not a log line
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${args[0]} exited (${code}) before listening: ${stderr}`));
		});
	});
}

export function stopper(child: ChildProcess, after: () => void = () => {}): () => Promise<void> {
	return () =>
		new Promise((done) => {
			if (child.exitCode !== null || child.signalCode !== null) {
				after();
				return done();
			}
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			child.once('exit', () => {
				clearTimeout(timer);
				after();
				done();
			});
			child.kill('SIGTERM');
		});
}

export interface OurServer extends BenchServer {
	/** the benchmark group's links */
	tokens: { edit: string; comment: string; view: string };
}

export async function startOurs(): Promise<OurServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'plenary-bench-'));
	const { child, port } = await spawnListening(['server/index.ts'], {
		DATA_DIR: dataDir,
		LOG_LEVEL: 'info',
		STATIC_DIR: join(dataDir, 'no-build')
	});
	const response = await fetch(`http://127.0.0.1:${port}/api/groups`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ name: 'Benchmark chapter' })
	});
	if (response.status !== 201) throw new Error(`POST /api/groups: ${response.status}`);
	const group = (await response.json()) as { groupId: string; tokens: OurServer['tokens'] };
	return {
		kind: 'ours',
		tokens: group.tokens,
		child,
		target: {
			base: `ws://127.0.0.1:${port}/sync/`,
			query: `?token=${encodeURIComponent(group.tokens.edit)}`,
			groupId: group.groupId
		},
		stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true }))
	};
}

export async function startReference(): Promise<BenchServer> {
	const { child, port } = await spawnListening(['tests/bench/reference-server.ts'], {});
	return {
		kind: 'reference',
		child,
		target: { base: `ws://127.0.0.1:${port}/`, query: '', groupId: 'benchmark-reference-group' },
		stop: stopper(child)
	};
}

/** Resident set size of a process, in bytes (Linux). */
export function rss(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
	if (!kb) throw new Error(`no VmRSS for ${pid}`);
	return Number(kb) * 1024;
}

function spawnLoad(job: Job): ChildProcess {
	return spawn(
		process.execPath,
		['--import', 'tsx', join('tests', 'bench', 'load-client.ts'), JSON.stringify(job)],
		{ cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }
	);
}

/** Runs one job in a load process; `onLine` sees every JSON line it prints before the result. */
export function runLoad<T>(
	job: Job,
	onLine: (line: Record<string, unknown>, child: ChildProcess) => void = () => {}
): Promise<T> {
	const child = spawnLoad(job);
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolveResult, reject) => {
		let result: T | undefined;
		createInterface({ input: child.stdout! }).on('line', (line) => {
			let entry: Record<string, unknown>;
			try {
				entry = JSON.parse(line) as Record<string, unknown>;
			} catch {
				return;
			}
			if ('result' in entry) result = entry.result as T;
			else onLine(entry, child);
		});
		child.once('exit', (code) => {
			if (code === 0 && result !== undefined) resolveResult(result);
			else reject(new Error(`load client (${job.kind}) exited ${code}: ${stderr}`));
		});
	});
}

export interface RelayScale {
	rounds: number;
	/** rounds of latency and throughput with a CPU hog running beside the servers */
	busyRounds: number;
	/** false: latency and throughput only (no large-document load, no memory) */
	isComplete: boolean;
	editors: number;
	typingRate: number;
	latencyMs: number;
	rooms: number;
	perRoom: number;
	window: number;
	throughputMs: number;
	memoryDocuments: number;
	memoryItems: number;
	memoryCharacters: number;
	loadItems: number;
	loadCharacters: number;
	loadRepeats: number;
}

export interface LatencyResult {
	sent: number;
	delivered: number;
	expected: number;
	p50: number;
	p99: number;
	max: number;
	closed: number[];
	samples: number[];
}
export interface ThroughputResult {
	deliveredPerSecond: number;
	delivered: number;
	seconds: number;
	/** keystrokes not delivered to the whole room within 2 s */
	stalls: number;
	closed: number[];
}
export interface LoadResult {
	documentBytes: number;
	received: number;
	median: number;
	times: number[];
}
export interface MemoryResult {
	documents: number;
	documentBytes: number;
	baseline: number;
	loaded: number;
	perDocument: number;
}

export interface ServerRounds {
	latency: LatencyResult[];
	throughput: ThroughputResult[];
	/** the same, with a CPU hog beside the servers */
	busyLatency: LatencyResult[];
	busyThroughput: ThroughputResult[];
	load: LoadResult[];
	memory: MemoryResult[];
	/** Largest resident set seen after a round. */
	peakRss: number;
}

export type RelayResults = Record<ServerKind, ServerRounds>;

function emptyRounds(): ServerRounds {
	return {
		latency: [],
		throughput: [],
		busyLatency: [],
		busyThroughput: [],
		load: [],
		memory: [],
		peakRss: 0
	};
}

/** A process that spins on one core until stopped: other work on the relay's machine. */
function startHog(): () => Promise<void> {
	const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
	return stopper(child);
}

function sleep(ms: number) {
	return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

async function settledRss(pid: number): Promise<number> {
	const samples: number[] = [];
	for (let i = 0; i < 5; i++) {
		await sleep(300);
		samples.push(rss(pid));
	}
	return samples.sort((a, b) => a - b)[2];
}

async function measureMemory(server: BenchServer, scale: RelayScale, round: number) {
	const pid = server.child.pid!;
	const baseline = await settledRss(pid);
	let loaded = 0;
	const result = await runLoad<{ documents: number; documentBytes: number }>(
		{
			kind: 'memory',
			target: server.target,
			roomPrefix: `mem${round}`,
			documents: scale.memoryDocuments,
			items: scale.memoryItems,
			characters: scale.memoryCharacters
		},
		(line, child) => {
			if (!line.ready) return;
			void settledRss(pid).then((value) => {
				loaded = value;
				child.stdin!.write('done\n');
			});
		}
	);
	return {
		documents: result.documents,
		documentBytes: result.documentBytes,
		baseline,
		loaded,
		perDocument: (loaded - baseline) / result.documents
	};
}

/**
 * Runs every relay measurement `scale.rounds` times, ours and the reference alternating (ours
 * first in odd rounds). Memory is measured on fresh processes of each, started for it.
 */
export async function benchRelay(
	scale: RelayScale,
	log: (message: string) => void
): Promise<RelayResults> {
	const results: RelayResults = { ours: emptyRounds(), reference: emptyRounds() };
	const servers: Record<ServerKind, BenchServer> = {
		ours: await startOurs(),
		reference: await startReference()
	};
	try {
		// A short unrecorded run on each first, so neither is measured before its JIT has warmed.
		for (const kind of ['ours', 'reference'] as const) {
			log(`warming up ${kind}`);
			await runLoad<ThroughputResult>({
				kind: 'throughput',
				target: servers[kind].target,
				roomPrefix: 'warm',
				rooms: scale.rooms,
				perRoom: scale.perRoom,
				window: scale.window,
				durationMs: 3_000
			});
		}
		const measure = async (kind: ServerKind, round: number, label: string) => {
			const { target } = servers[kind];
			log(`${label} ${kind}: latency`);
			const latency = await runLoad<LatencyResult>({
				kind: 'latency',
				target,
				room: benchId(`lat${label}`, round),
				editors: scale.editors,
				rate: scale.typingRate,
				durationMs: scale.latencyMs
			});
			log(`${label} ${kind}: throughput`);
			const throughput = await runLoad<ThroughputResult>({
				kind: 'throughput',
				target,
				roomPrefix: `tp${label}`,
				rooms: scale.rooms,
				perRoom: scale.perRoom,
				window: scale.window,
				durationMs: scale.throughputMs
			});
			return { latency, throughput };
		};
		for (let round = 1; round <= scale.rounds; round++) {
			const order: ServerKind[] = round % 2 ? ['ours', 'reference'] : ['reference', 'ours'];
			for (const kind of order) {
				const { target, child } = servers[kind];
				const { latency, throughput } = await measure(kind, round, `round${round}`);
				results[kind].latency.push(latency);
				results[kind].throughput.push(throughput);
				if (!scale.isComplete) continue;
				log(`round ${round}/${scale.rounds}, ${kind}: loading a large document`);
				const load = await runLoad<LoadResult>({
					kind: 'load',
					target,
					room: benchId(`load${round}`, round),
					items: scale.loadItems,
					characters: scale.loadCharacters,
					repeats: scale.loadRepeats,
					pauseMs: 500
				});
				results[kind].load.push(load);
				results[kind].peakRss = Math.max(results[kind].peakRss, rss(child.pid!));
			}
		}
		for (let round = 1; round <= scale.busyRounds; round++) {
			const stopHog = startHog();
			try {
				const order: ServerKind[] = round % 2 ? ['ours', 'reference'] : ['reference', 'ours'];
				for (const kind of order) {
					const { latency, throughput } = await measure(kind, round, `busy${round}`);
					results[kind].busyLatency.push(latency);
					results[kind].busyThroughput.push(throughput);
				}
			} finally {
				await stopHog();
			}
		}
	} finally {
		await Promise.all(Object.values(servers).map((s) => s.stop()));
	}
	for (let round = 1; round <= (scale.isComplete ? Math.min(scale.rounds, 2) : 0); round++) {
		const order: ServerKind[] = round % 2 ? ['ours', 'reference'] : ['reference', 'ours'];
		for (const kind of order) {
			log(`memory ${round}, ${kind}`);
			const server = kind === 'ours' ? await startOurs() : await startReference();
			try {
				results[kind].memory.push(await measureMemory(server, scale, round));
			} finally {
				await server.stop();
			}
		}
	}
	return results;
}
