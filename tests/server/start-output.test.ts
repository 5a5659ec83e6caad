/**
 * `npm start`'s output for a person: beside the JSON logs, one plain line with the address to
 * open, and the LAN addresses when it serves every interface. The JSON lines stay JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');

async function startOutput(host: string): Promise<{ port: number; lines: string[] }> {
	const dataDir = mkdtempSync(join(tmpdir(), 'plenary-start-output-'));
	const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'index.ts')], {
		cwd: repoRoot,
		env: { ...process.env, PORT: '0', HOST: host, DATA_DIR: dataDir, LOG_LEVEL: 'info' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const lines: string[] = [];
	let port = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(lines.join('\n'))), 30_000);
			createInterface({ input: child.stdout! }).on('line', (line) => {
				lines.push(line);
				if (line.startsWith('{') && JSON.parse(line).event === 'listening') {
					port = JSON.parse(line).port;
				}
				if (line.startsWith('Plenary is running at')) {
					clearTimeout(timer);
					resolve();
				}
			});
			child.once('exit', (code) => reject(new Error(`exited ${code}: ${lines.join('\n')}`)));
		});
		// Lines that follow the address (the LAN ones) come in the same write.
		await new Promise((resolve) => setImmediate(resolve));
		return { port, lines };
	} finally {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
		rmSync(dataDir, { recursive: true, force: true });
	}
}

it('prints "Plenary is running at" the loopback address by default', async () => {
	const { port, lines } = await startOutput('127.0.0.1');
	expect(port).toBeGreaterThan(0);
	expect(lines).toContain(`Plenary is running at http://127.0.0.1:${port}`);
	const json = lines.filter((line) => line.startsWith('{'));
	expect(json.length).toBeGreaterThan(0);
	for (const line of json) expect(() => JSON.parse(line)).not.toThrow();
	expect(lines.filter((line) => !line.startsWith('{'))).toHaveLength(1);
});

it('serving every interface, prints each LAN address too', async () => {
	const { port, lines } = await startOutput('0.0.0.0');
	expect(lines).toContain(`Plenary is running at http://127.0.0.1:${port}`);
	const lan = Object.values(networkInterfaces())
		.flat()
		.filter((info) => info && info.family === 'IPv4' && !info.internal);
	for (const info of lan) {
		expect(lines.some((line) => line.includes(`http://${info!.address}:${port}`))).toBe(true);
	}
});
