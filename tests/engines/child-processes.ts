/**
 * Every process an engine test starts (Xvfb, WebKitWebDriver and the MiniBrowser it starts) runs
 * in a process group of its own, so stopping it stops what it started too. They are stopped when
 * the test file ends, and also when the worker exits or is sent SIGINT or SIGTERM (Ctrl-C,
 * Vitest cancelling a run), so none outlives a failed or interrupted run.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const groups = new Set<ChildProcess>();
const exitHooks = new Set<() => void>();
let isWatching = false;

/**
 * Runs `hook` (synchronous: it may only signal) should the worker exit or be signalled before
 * the test stops what it started; returns the function that forgets it.
 */
export function onAbnormalExit(hook: () => void): () => void {
	watchExit();
	exitHooks.add(hook);
	return () => exitHooks.delete(hook);
}

/** Starts `command` as the leader of a new process group that `stopGroup` (or exit) ends. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
	watchExit();
	const child = spawn(command, args, { ...options, detached: true });
	groups.add(child);
	child.once('exit', () => groups.delete(child));
	return child;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader exited. */
export async function stopGroup(child: ChildProcess, graceMs = 3_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		signalGroup(child, 'SIGKILL');
		groups.delete(child);
		return;
	}
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	signalGroup(child, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// Whatever the leader started and left behind.
	signalGroup(child, 'SIGKILL');
	groups.delete(child);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is gone already.
	}
}

function killAll() {
	for (const child of groups) signalGroup(child, 'SIGKILL');
	groups.clear();
	for (const hook of exitHooks) {
		try {
			hook();
		} catch {
			// Exiting anyway: the others still run.
		}
	}
	exitHooks.clear();
}

function watchExit() {
	if (isWatching) return;
	isWatching = true;
	process.once('exit', killAll);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			killAll();
			// Then die of the signal as the process would have without this handler.
			process.kill(process.pid, signal);
		});
	}
}
