/**
 * `npm run bench`: measures Plenary against the budgets of docs/quality-bars.md and the
 * relay against the reference y-websocket server, prints a table and writes docs/benchmarks.md.
 * Loopback only; every loop is bounded and the run stops by itself.
 *
 * Scale with the environment (defaults: the full run):
 *   BENCH_SCALE=small            a quick run for development (fewer rounds, shorter, smaller)
 *   BENCH_ROUNDS, BENCH_EDITORS, BENCH_RATE (keystrokes/s per editor), BENCH_SECONDS,
 *   BENCH_ROOMS, BENCH_PER_ROOM, BENCH_DOCUMENTS, BENCH_REPEATS   override one figure
 *   BENCH_BUSY_ROUNDS            relay rounds with a CPU hog beside the servers
 *   BENCH_ONLY=relay|client|size|attacks|cluster|list  run one part (the documents are still written)
 *   BENCH_RELAY=quick            the relay's latency and throughput only (no load, no memory)
 *   BENCH_MEETINGS               meetings in the list and search measure (default 1,000)
 *   BENCH_OUT=path               write the document elsewhere (default docs/benchmarks.md)
 *   BENCH_FROM=tmp/bench-report.json   only write the document again from the last run's figures
 *
 * The cost of attacks on the relay (attacks.ts) goes to docs/relay.md, not docs/benchmarks.md.
 * Several relays on one PostgreSQL (cluster.ts) get a section of docs/benchmarks.md of their own,
 * kept as it was by a run that does not measure them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { benchAttacks, type AttackResult, type AttackScale } from './attacks';
import { renderAttacks, writeAttacks } from './attacks-report';
import { buildClient, measureBundle, type BundleSizes } from './bundle-size';
import { benchClient, type ClientResults } from './client';
import {
	benchCluster,
	readClusterSection,
	renderCluster,
	writeClusterSection,
	type ClusterRow
} from './cluster';
import { benchMeetingsList, type ListResults } from './meetings-list';
import { typeMeeting } from './meetings';
import { benchRelay, type RelayResults, type RelayScale } from './relay';
import { renderMarkdown, renderTable, type LongMeeting, type Report } from './report';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const isSmall = process.env.BENCH_SCALE === 'small';
const only = process.env.BENCH_ONLY;

function env(name: string, full: number, small: number): number {
	const value = process.env[name];
	return value ? Number(value) : isSmall ? small : full;
}

const seconds = env('BENCH_SECONDS', 15, 3);
const relayScale: RelayScale = {
	rounds: env('BENCH_ROUNDS', 4, 1),
	busyRounds: env('BENCH_BUSY_ROUNDS', 2, 1),
	isComplete: process.env.BENCH_RELAY !== 'quick',
	editors: env('BENCH_EDITORS', 50, 10),
	// One keystroke every 200 ms, as issue 20's load.
	typingRate: env('BENCH_RATE', 5, 5),
	latencyMs: seconds * 1000,
	rooms: env('BENCH_ROOMS', 20, 4),
	perRoom: env('BENCH_PER_ROOM', 10, 4),
	window: 4,
	throughputMs: seconds * 1000,
	memoryDocuments: env('BENCH_DOCUMENTS', 200, 20),
	memoryItems: 12,
	memoryCharacters: 6_000,
	loadItems: 300,
	loadCharacters: isSmall ? 20_000 : 100_000,
	loadRepeats: env('BENCH_REPEATS', 5, 2)
};
const attackScale: AttackScale = {
	floodMs: env('BENCH_SECONDS', 5, 2) * 1000,
	historyCharacters: isSmall ? 5_000 : 20_000
};
const clientScale = {
	repeats: env('BENCH_REPEATS', 5, 1),
	largeItems: 300,
	largeCharacters: isSmall ? 20_000 : 100_000,
	keystrokes: isSmall ? 30 : 150
};

function log(message: string) {
	console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function longMeeting(): LongMeeting {
	const rows: Uint8Array[] = [];
	const meeting = typeMeeting({
		items: 300,
		characters: isSmall ? 20_000 : 100_000,
		seed: 3,
		onUpdate: (update) => rows.push(update)
	});
	const snapshot = Y.encodeStateAsUpdate(meeting.doc);
	// Merged a thousand rows at a time: one mergeUpdates over 100,000 rows takes minutes.
	let merged: Uint8Array = new Uint8Array([0, 0]);
	for (let i = 0; i < rows.length; i += 1000) {
		merged = Y.mergeUpdates([merged, ...rows.slice(i, i + 1000)]);
	}
	const started = performance.now();
	const reloaded = new Y.Doc();
	Y.applyUpdate(reloaded, snapshot);
	const applyMs = performance.now() - started;
	return {
		items: meeting.itemIds.length,
		characters: meeting.characters,
		updates: meeting.updates,
		updateBytes: meeting.updateBytes,
		mergedBytes: merged.length,
		snapshotBytes: snapshot.length,
		applyMs
	};
}

/** The commit measured, and whether src/ or server/ had changes not committed yet. */
function revision(): string {
	const git = (...args: string[]) =>
		spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? '';
	const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
	const dirty = git('status', '--porcelain', '--', 'src', 'server');
	return dirty ? `${head} with uncommitted changes in src/ or server/` : head;
}

async function main() {
	const startedAt = new Date();
	const loadBefore = loadavg();
	const runDir = join(repoRoot, 'tmp', `bench-${process.pid}`);
	mkdirSync(runDir, { recursive: true });
	let bundle: BundleSizes | undefined;
	let relay: RelayResults | undefined;
	let client: ClientResults | undefined;
	let long: LongMeeting | undefined;
	let attacks: AttackResult[] | undefined;
	let cluster: ClusterRow[] | undefined;
	let list: ListResults | undefined;
	try {
		const givenBuild = process.env.BENCH_BUILD_DIR;
		if (only === 'list' && givenBuild) {
			list = await benchMeetingsList(resolve(givenBuild), env('BENCH_MEETINGS', 1000, 1000), log);
		} else if (!only || only === 'size' || only === 'client' || only === 'list') {
			log('vite build');
			const { buildDir, kitDir } = buildClient(runDir);
			bundle = measureBundle(buildDir, kitDir);
			if (!only || only === 'client') {
				const editorFile = bundle.editorChunk.files[0]?.file ?? '';
				client = await benchClient(buildDir, clientScale, log, editorFile);
			}
			if (!only || only === 'list') {
				list = await benchMeetingsList(buildDir, env('BENCH_MEETINGS', 1000, 1000), log);
			}
		}
		if (!only || only === 'size') {
			log('a long meeting, typed keystroke by keystroke');
			long = longMeeting();
		}
		if (!only || only === 'relay') relay = await benchRelay(relayScale, log);
		if (!only || only === 'attacks') attacks = await benchAttacks(attackScale, log);
		if (!only || only === 'cluster') cluster = await benchCluster(relayScale, log);
	} finally {
		rmSync(runDir, { recursive: true, force: true });
	}
	const report: Report & { cluster?: ClusterRow[] } = {
		startedAt,
		seconds: (Date.now() - startedAt.getTime()) / 1000,
		machine: {
			cpu: cpus()[0]?.model ?? 'unknown',
			cores: cpus().length,
			memory: totalmem(),
			node: process.version,
			revision: revision(),
			loadBefore,
			loadAfter: loadavg()
		},
		scale: { small: isSmall, relay: relayScale, client: clientScale, attacks: attackScale },
		bundle,
		relay,
		client,
		long,
		list,
		attacks,
		cluster
	};
	mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
	writeFileSync(join(repoRoot, 'tmp', 'bench-report.json'), JSON.stringify(report));
	await write(report);
}

async function write(report: Report & { cluster?: ClusterRow[] }) {
	const out = resolve(repoRoot, process.env.BENCH_OUT ?? join('docs', 'benchmarks.md'));
	const m = report.machine;
	const clusterSection = report.cluster
		? renderCluster(report.cluster, report.scale.relay, {
				date: report.startedAt,
				revision: m.revision,
				machine: `${m.cpu}, ${m.cores} cores, Node ${m.node}`,
				load: m.loadBefore.map((value) => value.toFixed(1)).join(' / ')
			})
		: readClusterSection(out);
	if (only !== 'attacks' && only !== 'cluster') {
		console.log(renderTable(report));
		writeFileSync(out, renderMarkdown(report));
		log(`wrote ${out}`);
	}
	if (clusterSection && only !== 'attacks') {
		writeClusterSection(out, clusterSection);
		log(`wrote the cluster section to ${out}`);
	}
	if (report.attacks && !process.env.BENCH_OUT) {
		const relayPage = join(repoRoot, 'docs', 'relay.md');
		const machine = `${m.cpu}, ${m.cores} cores, Node ${m.node}`;
		const section = renderAttacks(report.attacks, report.scale.attacks, {
			date: report.startedAt,
			revision: m.revision,
			machine
		});
		await writeAttacks(relayPage, section);
		log(`wrote the attacks to ${relayPage}`);
	}
}

/** BENCH_FROM=tmp/bench-report.json: write the document again from a run's saved figures. */
async function rewrite(path: string) {
	const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
	report.startedAt = new Date(report.startedAt);
	await write(report);
}

const from = process.env.BENCH_FROM;
(from ? rewrite(from) : main()).then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
