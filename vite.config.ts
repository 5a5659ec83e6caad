import { sveltekit } from '@sveltejs/kit/vite';
import { posix } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Web Workers (`new Worker(new URL('./x.worker.ts', import.meta.url))`) are built as files of
 * their own that Vite leaves out of its manifest, so SvelteKit's `$service-worker` `build` list
 * would not hold them and they would not load offline. Each is recorded as an asset of the chunk
 * that starts it (before the manifest is written), so the service worker precaches it.
 */
function precacheWorkers(): Plugin {
	return {
		name: 'plenary:precache-workers',
		enforce: 'pre',
		generateBundle: {
			order: 'pre',
			handler(options, bundle) {
				if (options.format !== 'es') return;
				for (const chunk of Object.values(bundle)) {
					if (chunk.type !== 'chunk' || !chunk.viteMetadata) continue;
					for (const [path] of chunk.code.matchAll(/\.\.\/workers\/[\w.-]+\.js/g)) {
						const file = posix.normalize(posix.join(posix.dirname(chunk.fileName), path));
						// Vite's worker plugin adds the file to the bundle later in this same hook.
						chunk.viteMetadata.importedAssets.add(file);
					}
				}
			}
		}
	};
}

export default defineConfig({
	plugins: [precacheWorkers(), sveltekit()],
	// Terser with two passes writes about 7 KB (gzip) less than Vite's default esbuild minifier
	// for the meeting screen with its editor: it counts against the 240 KB budget (docs/quality-bars.md)
	// (docs/benchmarks.md). `module` lets it mangle top-level names: every chunk is an ES module.
	build: { minify: 'terser', terserOptions: { compress: { passes: 2 }, module: true } },
	server: { host: '127.0.0.1', port: 5173 },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'tests/architecture/**/*.test.ts']
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['tests/server/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'e2e',
					environment: 'node',
					// A page on a busy machine can take seconds to draw: polls give it room.
					expect: { requireAssertions: true, poll: { timeout: 10_000 } },
					include: ['tests/e2e/**/*.e2e.ts'],
					globalSetup: ['tests/e2e/global-setup.ts'],
					setupFiles: ['tests/e2e/support/setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000,
					// One Chromium at a time: CI machines have two cores.
					fileParallelism: false
				}
			},
			// The core flows in Firefox and in WebKit (docs/browsers.md), after the other projects:
			// a Firefox or a MiniBrowser beside the e2e files' Chromium on two cores slows all of them.
			...(['firefox', 'webkit'] as const).map((engine) => ({
				extends: './vite.config.ts',
				test: {
					name: engine,
					environment: 'node',
					expect: { requireAssertions: true, poll: { timeout: 10_000 } },
					include: [`tests/engines/${engine}.engine.ts`],
					// The engine's check first: a missing engine fails before the build.
					globalSetup: [`tests/engines/global-setup-${engine}.ts`, 'tests/e2e/global-setup.ts'],
					setupFiles: ['tests/e2e/support/setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					sequence: { groupOrder: 1 }
				}
			})),
			{
				extends: './vite.config.ts',
				test: {
					name: 'bench',
					environment: 'node',
					// The bundle budgets, on a fresh build (tests/bench/bundle-size.test.ts).
					include: ['tests/bench/**/*.test.ts'],
					hookTimeout: 300_000
				}
			}
		]
	}
});
