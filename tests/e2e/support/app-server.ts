/**
 * Starts the real Plenary process (`node --import tsx server/index.ts`, what `npm start` runs)
 * on a free port with its own data directory, and reads the port from its "listening" log line.
 * Browser tests kill and restart it to test what a relay crash does to the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { forgetServer, watchServer } from './flight-recorder';

export interface AppServer {
	url: string;
	port: number;
	dataDir: string;
	/** Every log line the process printed, parsed where it was JSON. */
	logs: unknown[];
	kill(signal?: NodeJS.Signals): Promise<number | null>;
	/** Starts the process again on the same port and data directory. */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'plenary-e2e-'));
	const logs: unknown[] = [];
	let child: ChildProcess;
	let port = 0;

	async function launch(wantedPort: number) {
		child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
			env: {
				...process.env,
				PORT: String(wantedPort),
				HOST: '127.0.0.1',
				DATA_DIR: dataDir,
				LOG_LEVEL: 'info',
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const stderr: string[] = [];
		child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
		port = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`server did not start:\n${stderr.join('')}`)),
				30_000
			);
			const lines = createInterface({ input: child.stdout! });
			lines.on('line', (line) => {
				let entry: unknown = line;
				try {
					entry = JSON.parse(line);
				} catch {
					// Not every line is JSON (a build step may print); keep it as text.
				}
				logs.push(entry);
				const record = entry as { event?: string; port?: number };
				if (record && record.event === 'listening' && typeof record.port === 'number') {
					clearTimeout(timer);
					resolve(record.port);
				}
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`server exited with ${code} before listening:\n${stderr.join('')}`));
			});
		});
	}

	function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
		return new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
			child.once('exit', (code) => resolve(code));
			child.kill(signal);
		});
	}

	await launch(0);
	const server: AppServer = {
		get url() {
			return `http://127.0.0.1:${port}`;
		},
		get port() {
			return port;
		},
		dataDir,
		logs,
		kill,
		restart: () => launch(port),
		async stop() {
			forgetServer(server);
			await kill('SIGTERM');
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
	watchServer(server);
	return server;
}
