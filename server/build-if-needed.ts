/**
 * Runs before `npm start`: builds the PWA into build/ unless a build newer than every source
 * file is already there, so `npm install && npm start` works on a fresh clone and a restart
 * after no change costs nothing.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runQuietly } from './run-quietly.ts';

const root = join(import.meta.dirname, '..');
const stamp = join(root, 'build', '200.html');
const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const info = statSync(path);
	if (!info.isDirectory()) return info.mtimeMs;
	let newest = info.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

if (process.env.STATIC_DIR) {
	// Whoever points the relay at another folder builds it themselves (the browser tests do).
	console.log(`STATIC_DIR is set: serving ${process.env.STATIC_DIR} as it is`);
	process.exit(0);
}

const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const changedAt = Math.max(...inputs.map((input) => newestMtime(join(root, input))));

if (builtAt >= changedAt && process.env.FORCE_BUILD !== '1') {
	console.log('build/ is up to date');
} else {
	// Vite's hundred lines say nothing to someone starting the app; they are printed on failure.
	console.log(
		builtAt === 0
			? 'First start: building the app (about a minute) …'
			: 'The app changed since it was built: building it again (about a minute) …'
	);
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const { status, stopped } = await runQuietly(process.execPath, [vite, 'build'], { cwd: root });
	if (stopped) console.error('The build was stopped.');
	else if (status !== 0) console.error(`The build failed (exit ${status}): its output is above.`);
	process.exit(status);
}
