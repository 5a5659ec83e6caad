/**
 * A relay whose database was deleted or emptied, with its generated secret still in DATA_DIR,
 * starts (it can serve new groups) but says so: every earlier link now fails, and an operator
 * who restored the wrong file should hear of it at once.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_FILE } from '../../server/auth/secret.ts';
import { createLogger } from '../../server/log.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { createGroup, removeDir, startTestRelay, tempDir } from '../utils/relay.ts';

const dirs: string[] = [];

afterEach(() => {
	for (const dir of dirs.splice(0)) removeDir(dir);
});

/** Starts and stops a relay on `dataDir`; returns what it logged, parsed. */
async function runOnce(dataDir: string, work?: (httpUrl: string) => Promise<void>) {
	const lines: string[] = [];
	const relay = await startTestRelay(
		{ dataDir },
		{ logger: createLogger('debug', (line) => lines.push(line)) }
	);
	await work?.(relay.httpUrl);
	await relay.close();
	return { lines, entries: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const warningsOf = (entries: Record<string, unknown>[]) =>
	entries.filter((entry) => entry.event === 'store_empty_with_secret');

function removeDatabase(dataDir: string): void {
	for (const suffix of ['', '-wal', '-shm'])
		rmSync(join(dataDir, DATABASE_FILE + suffix), { force: true });
}

describe('a lost database', () => {
	it('is warned about when the secret is still there, without the secret', async () => {
		const dataDir = tempDir();
		dirs.push(dataDir);
		const first = await runOnce(dataDir, async (httpUrl) => void (await createGroup(httpUrl)));
		expect(warningsOf(first.entries)).toEqual([]);
		const again = await runOnce(dataDir);
		expect(warningsOf(again.entries)).toEqual([]);

		removeDatabase(dataDir);
		const secret = readFileSync(join(dataDir, SECRET_FILE), 'utf8').trim();
		const missing = await runOnce(dataDir);
		const [warning] = warningsOf(missing.entries);
		expect(warning).toMatchObject({ level: 'warn', database: 'missing, created empty' });
		for (const line of missing.lines) expect(line).not.toContain(secret);

		// Now a database with no group in it: still a warning.
		const emptied = await runOnce(dataDir);
		expect(warningsOf(emptied.entries)).toMatchObject([
			{ level: 'warn', database: 'holds no group' }
		]);

		removeDatabase(dataDir);
		writeFileSync(join(dataDir, DATABASE_FILE), '');
		const zeroBytes = await runOnce(dataDir);
		expect(warningsOf(zeroBytes.entries)).toHaveLength(1);
	});

	it('is not warned about on a first start, or with a configured secret', async () => {
		const dataDir = tempDir();
		dirs.push(dataDir);
		const first = await runOnce(dataDir);
		expect(warningsOf(first.entries)).toEqual([]);

		const configured = tempDir();
		dirs.push(configured);
		const lines: string[] = [];
		const relay = await startTestRelay(
			{ dataDir: configured, relaySecret: 'a configured secret that is long enough' },
			{ logger: createLogger('debug', (line) => lines.push(line)) }
		);
		await relay.close();
		expect(lines.join('\n')).not.toContain('store_empty_with_secret');
	});
});
