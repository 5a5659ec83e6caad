/**
 * Runs once before the browser tests: fails loudly when Chromium is missing (never a silent
 * skip) and builds the app the tests serve, so they test what `npm start` serves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './support/browser';

export default function setup() {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium (bash .ci/run does this).`
		);
	}
	if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join('build', '200.html'))) return;
	const vite = join('node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
		stdio: 'inherit'
	});
	if (result.status !== 0) throw new Error('vite build failed before the browser tests');
}
