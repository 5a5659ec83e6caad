/**
 * Several relays on one PostgreSQL: throughput and keystroke latency with one, two and three
 * relay processes (`DATABASE_URL`) sharing a real PostgreSQL started here
 * (tests/utils/postgres.ts, with fsync on, as a production server runs; the relays at the
 * default DURABILITY). The clients of each room are spread over the relays (client i on relay
 * i mod n), so every delivery but a third (or half) crosses relays through the database.
 * Written to docs/benchmarks.md between two markers; the single SQLite relay against the
 * reference is the rest of that page (relay.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { startPostgres } from '../utils/postgres';
import type { Target } from './load-client';
import { benchId } from './meetings';
import {
	runLoad,
	spawnListening,
	stopper,
	type LatencyResult,
	type RelayScale,
	type ThroughputResult
} from './relay';

export interface ClusterRow {
	relays: number;
	deliveredPerSecond: number;
	stalls: number;
	p50: number;
	p99: number;
	delivered: number;
	expected: number;
	closed: number;
}

async function startRelays(count: number, url: string) {
	const started = await Promise.all(
		Array.from({ length: count }, (_, n) =>
			spawnListening(['server/index.ts'], {
				DATABASE_URL: url,
				LOG_LEVEL: 'info',
				RELAY_INSTANCE: `bench-${n + 1}`,
				STATIC_DIR: '/nonexistent'
			})
		)
	);
	const stops = started.map(({ child }) => stopper(child));
	return { ports: started.map(({ port }) => port), stop: () => Promise.all(stops.map((s) => s())) };
}

export async function benchCluster(
	scale: RelayScale,
	log: (message: string) => void
): Promise<ClusterRow[]> {
	const postgres = await startPostgres({ fsync: true });
	const rows: ClusterRow[] = [];
	try {
		for (const count of [1, 2, 3]) {
			const url = await postgres.createDatabase(`bench_${count}`);
			log(`${count} relay(s) on PostgreSQL: starting`);
			const relays = await startRelays(count, url);
			try {
				const response = await fetch(`http://127.0.0.1:${relays.ports[0]}/api/groups`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ name: 'Benchmark chapter' })
				});
				if (response.status !== 201) throw new Error(`POST /api/groups: ${response.status}`);
				const group = (await response.json()) as { groupId: string; tokens: { edit: string } };
				const bases = relays.ports.map((port) => `ws://127.0.0.1:${port}/sync/`);
				const target: Target = {
					base: bases[0],
					bases,
					query: `?token=${encodeURIComponent(group.tokens.edit)}`,
					groupId: group.groupId
				};
				log(`${count} relay(s): warming up`);
				await runLoad<ThroughputResult>({
					kind: 'throughput',
					target,
					roomPrefix: 'warm',
					rooms: scale.rooms,
					perRoom: scale.perRoom,
					window: scale.window,
					durationMs: 3_000
				});
				log(`${count} relay(s): latency`);
				const latency = await runLoad<LatencyResult>({
					kind: 'latency',
					target,
					room: benchId(`clat${count}`, count),
					editors: scale.editors,
					rate: scale.typingRate,
					durationMs: scale.latencyMs
				});
				log(`${count} relay(s): throughput`);
				const throughput = await runLoad<ThroughputResult>({
					kind: 'throughput',
					target,
					roomPrefix: `ctp${count}`,
					rooms: scale.rooms,
					perRoom: scale.perRoom,
					window: scale.window,
					durationMs: scale.throughputMs
				});
				rows.push({
					relays: count,
					deliveredPerSecond: throughput.deliveredPerSecond,
					stalls: throughput.stalls,
					p50: latency.p50,
					p99: latency.p99,
					delivered: latency.delivered,
					expected: latency.expected,
					closed: latency.closed.length + throughput.closed.length
				});
			} finally {
				await relays.stop();
			}
		}
	} finally {
		postgres.stop();
	}
	return rows;
}

const START = '<!-- cluster: written by npm run bench (tests/bench/cluster.ts) -->';
const END = '<!-- cluster: end -->';

export function renderCluster(
	rows: ClusterRow[],
	scale: RelayScale,
	when: { date: Date; revision: string; machine: string; load: string }
): string {
	const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
	return [
		START,
		'',
		'## Several relays on PostgreSQL',
		'',
		`Measured ${when.date.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${when.machine}, code ${when.revision}, load average ${when.load}.`,
		'Every relay is its own process on the same machine, sharing one PostgreSQL 15 (fsync on;',
		'the relays at the default `DURABILITY=normal`, so `synchronous_commit = off`: relay.md),',
		'and the clients of each room are spread over the relays, so most deliveries go through',
		'the database (commit, notice, fetch by id). Throughput: ' +
			`${scale.rooms} rooms of ${scale.perRoom} editors, ${scale.window} keystrokes in flight each, ${scale.throughputMs / 1000} s;`,
		`latency: ${scale.editors} editors in one room typing ${scale.typingRate} keystrokes/s each for ${scale.latencyMs / 1000} s.`,
		'The single SQLite relay against the reference server is measured above.',
		'',
		'| relays | keystrokes delivered/s | stalls | latency p50 | latency p99 | delivered / expected | closed |',
		'|---|---|---|---|---|---|---|',
		...rows.map(
			(r) =>
				`| ${r.relays} | ${Math.round(r.deliveredPerSecond).toLocaleString('en')} | ${r.stalls} | ${ms(r.p50)} | ${ms(r.p99)} | ` +
				`${r.delivered.toLocaleString('en')} / ${r.expected.toLocaleString('en')} | ${r.closed} |`
		),
		'',
		END
	].join('\n');
}

/** The section as it stands in `path`, to keep it through a run that did not measure it. */
export function readClusterSection(path: string): string | null {
	let page: string;
	try {
		page = readFileSync(path, 'utf8');
	} catch {
		return null;
	}
	const start = page.indexOf(START);
	const end = page.indexOf(END);
	return start >= 0 && end > start ? page.slice(start, end + END.length) : null;
}

/** Puts the section in `path` in place of the old one, or at the end. */
export function writeClusterSection(path: string, section: string): void {
	const page = readFileSync(path, 'utf8');
	const start = page.indexOf(START);
	const end = page.indexOf(END);
	const written =
		start >= 0 && end > start
			? page.slice(0, start) + section + page.slice(end + END.length)
			: `${page.trimEnd()}\n\n${section}\n`;
	// As written: the page is not formatted by Prettier (.prettierignore), so neither is this.
	writeFileSync(path, written);
}
