/**
 * A real PostgreSQL for tests and the benchmark: Debian's server (`initdb`, `pg_ctl`) in a
 * temporary folder, on a free port of 127.0.0.1, trusted local logins, stopped at the end, on
 * exit and on SIGINT/SIGTERM. `initdb` refuses to run as root, so as root (CI) the server runs as
 * the `postgres` user the Debian package creates, in a folder it owns.
 *
 * No server installed is an error that says how to install it, never a skipped test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const INSTALL_HINT =
	'PostgreSQL server not found (initdb and pg_ctl): install it with `apt-get install -y postgresql` (Debian), or set PG_BIN to the folder holding them';

export interface TestPostgres {
	/** postgres://postgres@127.0.0.1:<port>/postgres */
	url: string;
	port: number;
	/** A new empty database on this server; resolves with its URL. */
	createDatabase(name: string): Promise<string>;
	/** Stops the engine (fast shutdown: sessions are cut) and starts it again on the same port. */
	stopEngine(): void;
	startEngine(): void;
	/** Stops the server and removes its folder. */
	stop(): void;
}

export interface PostgresOptions {
	/** Flush commits to disk as a production server does; tests leave it off for speed. */
	fsync?: boolean;
}

/** The folder holding `initdb` and `pg_ctl`, newest Debian version first, 15 preferred. */
export function findPostgresBin(): string {
	const candidates: string[] = [];
	if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
	const debian = '/usr/lib/postgresql';
	if (existsSync(debian)) {
		const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
		if (versions.includes('15')) versions.unshift('15');
		for (const version of versions) candidates.push(join(debian, version, 'bin'));
	}
	candidates.push('/usr/local/bin', '/usr/bin');
	const found = candidates.find(
		(dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))
	);
	if (!found) throw new Error(INSTALL_HINT);
	return found;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

const running = new Set<() => void>();
let isGuarded = false;

/** Stops every server this process started, on exit and on the signals that end a test run. */
function guard(): void {
	if (isGuarded) return;
	isGuarded = true;
	process.once('exit', () => {
		for (const stop of running) stop();
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			for (const stop of running) stop();
			process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
		});
	}
}

export async function startPostgres(options: PostgresOptions = {}): Promise<TestPostgres> {
	const bin = findPostgresBin();
	const isRoot = process.getuid?.() === 0;
	const dir = mkdtempSync(join(tmpdir(), 'plenary-pg-'));
	let asUser: string[] = [];
	if (isRoot) {
		let uid: number;
		let gid: number;
		try {
			uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
			gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		} catch {
			rmSync(dir, { recursive: true, force: true });
			throw new Error(
				`running as root and no \`postgres\` user to run the server as. ${INSTALL_HINT}`
			);
		}
		chownSync(dir, uid, gid);
		asUser = ['runuser', '-u', 'postgres', '--'];
	}
	const run = (program: string, args: string[]) => {
		const [command, ...rest] = [...asUser, join(bin, program), ...args];
		const result = spawnSync(command, rest, { encoding: 'utf8', cwd: dir });
		if (result.status !== 0) {
			throw new Error(
				`${program} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`
			);
		}
	};
	const data = join(dir, 'data');
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const port = await freePort();
	const settings = [
		`-p ${port}`,
		`-k ${dir}`,
		"-c listen_addresses='127.0.0.1'",
		'-c max_connections=200',
		...(options.fsync ? [] : ['-c fsync=off', '-c synchronous_commit=off'])
	].join(' ');
	const log = join(dir, 'server.log');
	const startEngine = () =>
		run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', settings]);
	const stopEngine = () => run('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', data]);
	let isStopped = false;
	const stop = () => {
		if (isStopped) return;
		isStopped = true;
		running.delete(stop);
		const [command, ...rest] = [
			...asUser,
			join(bin, 'pg_ctl'),
			'stop',
			'-w',
			'-m',
			'immediate',
			'-D',
			data
		];
		spawnSync(command, rest, { cwd: dir });
		rmSync(dir, { recursive: true, force: true });
	};
	guard();
	running.add(stop);
	try {
		startEngine();
	} catch (error) {
		stop();
		throw error;
	}
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	return {
		url,
		port,
		async createDatabase(name) {
			if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name: ${name}`);
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			try {
				await client.query(`CREATE DATABASE ${name}`);
			} finally {
				await client.end();
			}
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		stopEngine,
		startEngine,
		stop
	};
}
