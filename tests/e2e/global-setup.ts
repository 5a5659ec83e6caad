/**
 * Runs once before the browser tests: fails loudly when Chromium is missing (never a silent
 * skip) and builds the app the tests serve, so they test what `npm start` serves.
 *
 * In CI the build goes to build/, exactly what `npm start` serves. On a developer's machine it
 * goes to a folder of this run's own under tmp/, so test runs side by side never overwrite each
 * other's files; STATIC_DIR tells every server the tests start where it is.
 *
 * The Firefox and WebKit projects list this setup too: in one `vitest run` the first project to
 * run it builds, and the others reuse that build (PLENARY_E2E_BUILD names it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_PATH } from './support/browser';

export default function setup() {
	if (process.env.PLENARY_E2E_BUILD) {
		process.env.STATIC_DIR = process.env.PLENARY_E2E_BUILD;
		return;
	}
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium (bash .ci/run does this).`
		);
	}
	const runDir = resolve('tmp', `e2e-${process.pid}`);
	const buildDir = process.env.CI ? resolve('build') : join(runDir, 'build');
	// Vitest sets NODE_ENV=test, under which Vite would build Svelte in dev mode: test what ships.
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PLENARY_BUILD_DIR: buildDir
	};
	if (!process.env.CI) {
		mkdirSync(runDir, { recursive: true });
		env.PLENARY_KIT_DIR = join(runDir, 'kit');
	}
	const vite = join('node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
		stdio: 'inherit',
		env
	});
	if (result.status !== 0) throw new Error('vite build failed before the browser tests');
	process.env.STATIC_DIR = buildDir;
	process.env.PLENARY_E2E_BUILD = buildDir;
	return () => {
		delete process.env.PLENARY_E2E_BUILD;
		if (!process.env.CI) rmSync(runDir, { recursive: true, force: true });
	};
}
