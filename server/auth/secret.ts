/**
 * The key that signs tokens: `RELAY_SECRET` when given, else a random one generated on first
 * start and kept in `<dataDir>/relay-secret` (mode 0600), so tokens survive restarts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'relay-secret';

export function loadOrCreateSecret(dataDir: string, configured?: string): string {
	if (configured) return configured;
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const path = join(dataDir, SECRET_FILE);
	try {
		const existing = readFileSync(path, 'utf8').trim();
		if (existing.length >= 32) return existing;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const secret = randomBytes(32).toString('base64url');
	try {
		writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' });
	} catch (error) {
		// Another process won the race: use its secret.
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			return readFileSync(path, 'utf8').trim();
		}
		throw error;
	}
	chmodSync(path, 0o600);
	return secret;
}
