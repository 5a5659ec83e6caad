/**
 * A CPU profile of the relay under the benchmark's latency load (issue 20: 50 editors in one
 * room, a keystroke every 200 ms each): starts `server/index.ts` with `node --cpu-prof`, runs the
 * load client against it, stops it with SIGTERM (which writes the profile) and prints each
 * round's latency. Open the `.cpuprofile` in Chrome's DevTools (Performance, load profile).
 *
 *   node --import tsx tests/bench/profile-relay.ts     (env PROF_DIR, default tmp/relay-profile;
 *                                                       ROUNDS, default 1; MS per round, 10000)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { benchId } from './meetings';
import { runLoad, type LatencyResult } from './relay';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'plenary-profile-'));
const profileDir = resolve(repoRoot, process.env.PROF_DIR ?? join('tmp', 'relay-profile'));
const child = spawn(
	process.execPath,
	['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', 'server/index.ts'],
	{
		cwd: repoRoot,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			LOG_LEVEL: 'info',
			STATIC_DIR: join(dataDir, 'no-build')
		},
		stdio: ['ignore', 'pipe', 'inherit']
	}
);
const port = await new Promise<number>((resolvePort) => {
	createInterface({ input: child.stdout! }).on('line', (line) => {
		try {
			const entry = JSON.parse(line) as { event?: string; port?: number };
			if (entry.event === 'listening' && typeof entry.port === 'number') resolvePort(entry.port);
		} catch {
			// not a log line
		}
	});
});
try {
	const response = await fetch(`http://127.0.0.1:${port}/api/groups`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ name: 'Profiled chapter' })
	});
	const group = (await response.json()) as { groupId: string; tokens: { edit: string } };
	const target = {
		base: `ws://127.0.0.1:${port}/sync/`,
		query: `?token=${encodeURIComponent(group.tokens.edit)}`,
		groupId: group.groupId
	};
	for (let round = 1; round <= Number(process.env.ROUNDS ?? 1); round++) {
		const result = await runLoad<LatencyResult>({
			kind: 'latency',
			target,
			room: benchId(`profile${round}`, round),
			editors: 50,
			rate: 5,
			durationMs: Number(process.env.MS ?? 10_000)
		});
		const { p50, p99, max, sent, delivered, expected } = result;
		console.log(JSON.stringify({ round, p50, p99, max, sent, delivered, expected }));
	}
} finally {
	child.kill('SIGTERM');
	await new Promise((done) => child.once('exit', done));
	rmSync(dataDir, { recursive: true, force: true });
}
console.log(`profile written to ${profileDir}`);
