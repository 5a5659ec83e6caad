/**
 * What README promises of `npm start`: it builds what is not built (global setup built the app,
 * so here it must notice the build is current), prints the address to open, then serves the app, the fallback page, /healthz
 * and assets with the cache headers of docs/contract.md, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';

let child: ChildProcess;
let origin: string;
let dataDir: string;
const output: string[] = [];

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'plenary-start-'));
	child = spawn('npm', ['start'], {
		env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stderr!.on('data', (chunk) => output.push(String(chunk)));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(output.join(''))), 60_000);
		createInterface({ input: child.stdout! }).on('line', (line) => {
			output.push(line);
			try {
				const entry = JSON.parse(line);
				if (entry.event === 'listening') {
					clearTimeout(timer);
					resolve(entry.port);
				}
			} catch {
				// npm's and the build step's own lines are plain text.
			}
		});
	});
	origin = `http://127.0.0.1:${port}`;
});

afterAll(() => {
	if (child.exitCode === null) child.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

const buildDir = process.env.STATIC_DIR ?? 'build';

test('the prestart step does not rebuild a current build', () => {
	expect(output.join('\n')).not.toMatch(/building the app/i);
});

test('prints the address to open, as a line of its own beside the JSON logs', async () => {
	const port = new URL(origin).port;
	// Printed just after the "listening" log line, which is what beforeAll waited for.
	await expect
		.poll(() => output, { timeout: 10_000 })
		.toContain(`Plenary is running at http://127.0.0.1:${port}`);
});

test('serves the first screen, a deep link through the fallback page, and /healthz', async () => {
	const home = await fetch(origin);
	expect(home.status).toBe(200);
	expect(await home.text()).toContain('<title>Plenary</title>');
	expect(home.headers.get('cache-control')).toMatch(/no-store/);

	const deep = await fetch(`${origin}/meeting/some-group-id-0000/some-meeting-id-00`, {
		headers: { accept: 'text/html' }
	});
	expect(deep.status).toBe(200);
	expect(deep.headers.get('cache-control')).toMatch(/no-store/);

	const health = await fetch(`${origin}/healthz`);
	expect(await health.json()).toEqual({ status: 'ok' });
});

test('hashed assets are immutable; the service worker is never cached', async () => {
	const dir = join(buildDir, '_app', 'immutable', 'entry');
	const asset = readdirSync(dir).find((name) => name.endsWith('.js'))!;
	const response = await fetch(`${origin}/_app/immutable/entry/${asset}`);
	expect(response.status).toBe(200);
	expect(response.headers.get('cache-control')).toMatch(/immutable/);
	expect(response.headers.get('cache-control')).toMatch(/max-age=31536000/);

	const worker = await fetch(`${origin}/service-worker.js`);
	expect(worker.status).toBe(200);
	expect(worker.headers.get('cache-control')).toMatch(/no-store/);
	expect(await worker.text()).toBe(readFileSync(join(buildDir, 'service-worker.js'), 'utf8'));
});

test('stops cleanly on SIGTERM', async () => {
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	// Only npm is signalled: it forwards the signal to the server, which `exec` made its direct
	// child (without it, sh would die and leave the server running with nobody to stop it).
	child.kill('SIGTERM');
	expect(await exited).toBe(0);
});
