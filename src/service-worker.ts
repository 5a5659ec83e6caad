/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The app shell's service worker (SvelteKit's convention).
 *
 * - install: precache every built asset, every static file and the SPA fallback page, under a
 *   cache named by the build's version. A failed precache fails the install, so a half-cached
 *   shell never takes control.
 * - activate: delete caches of older versions, then claim open pages so the very first visit is
 *   controlled without a reload.
 * - fetch: navigations get the cached fallback page (the app shell) at once, online or not, so a
 *   cold start never waits on venue wifi; built assets and static files come from the cache.
 *   `/api/`, `/sync/`, `/p/`, `/healthz` and `/metrics` are never answered or cached here.
 * - update: a new version waits. The page shows "New version — reload" and posts
 *   `{ type: 'skip-waiting' }` only when the person chooses; nothing reloads on its own.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `plenary-shell-${version}`;
const SHELL = '/200.html';
const PRECACHE = [...new Set([...build, ...files, SHELL])];
const PASS_THROUGH = ['/api/', '/sync/', '/p/', '/healthz', '/metrics'];

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE && key.startsWith('plenary-shell-')) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'skip-waiting') sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (PASS_THROUGH.some((prefix) => url.pathname.startsWith(prefix))) return;

	if (request.mode === 'navigate') {
		event.respondWith(shellFor(request));
		return;
	}
	if (PRECACHE.includes(url.pathname)) {
		event.respondWith(fromCacheOrNetwork(request));
	}
});

async function shellFor(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const shell = await cache.match(SHELL);
	if (shell) return shell;
	return fetch(request);
}

async function fromCacheOrNetwork(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(request, { ignoreSearch: true });
	return cached ?? fetch(request);
}
