import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A pure SPA: every unknown path gets the fallback page, the relay serves it (server/).
		adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: true }),
		serviceWorker: { register: false },
		version: { pollInterval: 0 }
	}
};

export default config;
