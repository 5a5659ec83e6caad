import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Browser tests build into their own folders, so several test runs on one machine never
// overwrite each other's build (tests/e2e/global-setup.ts).
const pages = process.env.PLENARY_BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A pure SPA: every unknown path gets the fallback page, the relay serves it (server/).
		adapter: adapter({ pages, assets: pages, fallback: '200.html', strict: true }),
		outDir: process.env.PLENARY_KIT_DIR ?? '.svelte-kit',
		serviceWorker: { register: false },
		version: { pollInterval: 0 }
	}
};

export default config;
