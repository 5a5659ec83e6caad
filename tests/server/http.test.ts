import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, tempDir, removeDir, type TestRelay } from '../utils/relay.ts';

let relay: TestRelay;
let locked: TestRelay;
let buildDir: string;

const NEVER = 'no-cache, no-store, must-revalidate';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function writeBuild(dir: string): void {
	mkdirSync(join(dir, '_app', 'immutable', 'chunks'), { recursive: true });
	writeFileSync(join(dir, 'index.html'), '<!doctype html><title>index</title>');
	writeFileSync(join(dir, '200.html'), '<!doctype html><title>fallback</title>');
	writeFileSync(join(dir, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
	writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Plenary"}');
	writeFileSync(join(dir, 'favicon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
	writeFileSync(join(dir, '_app', 'version.json'), '{"version":"1"}');
	const script = 'export const x = 1;'.repeat(20);
	writeFileSync(join(dir, '_app', 'immutable', 'chunks', 'x.AbC123.js'), script);
	writeFileSync(join(dir, '_app', 'immutable', 'chunks', 'x.AbC123.js.gz'), gzipSync(script));
	writeFileSync(join(dir, '.env'), 'SECRET=1');
}

beforeAll(async () => {
	buildDir = tempDir('plenary-build-');
	writeBuild(buildDir);
	relay = await startTestRelay({ staticDir: buildDir, maxRequestBytes: 4096 });
	locked = await startTestRelay({ createGroupToken: 'let-me-create' });
});

afterAll(async () => {
	await relay.close();
	await locked.close();
	removeDir(buildDir);
});

const get = (path: string, headers: Record<string, string> = {}) =>
	fetch(`${relay.httpUrl}${path}`, { headers });

describe('static files', () => {
	it('serves index.html and the service worker uncached', async () => {
		for (const path of ['/', '/index.html']) {
			const response = await get(path, { Accept: 'text/html' });
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
			expect(response.headers.get('cache-control')).toBe(NEVER);
			expect(await response.text()).toContain('index');
		}
		const worker = await get('/service-worker.js');
		expect(worker.headers.get('cache-control')).toBe(NEVER);
		expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
		const manifest = await get('/manifest.webmanifest');
		expect(manifest.headers.get('cache-control')).toBe(NEVER);
		expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
	});

	it('caches hashed assets as immutable and revalidates other files', async () => {
		const asset = await get('/_app/immutable/chunks/x.AbC123.js');
		expect(asset.status).toBe(200);
		expect(asset.headers.get('cache-control')).toBe(IMMUTABLE);
		expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
		const version = await get('/_app/version.json');
		expect(version.headers.get('cache-control')).toBe('no-cache');
		const icon = await get('/favicon.png');
		expect(icon.headers.get('content-type')).toBe('image/png');
		expect(icon.headers.get('cache-control')).toBe('no-cache');
	});

	it('serves the fallback page with 200 for unknown paths that accept HTML', async () => {
		for (const accept of ['text/html,application/xhtml+xml', '*/*']) {
			const response = await get('/meetings/abc/def', { Accept: accept });
			expect(response.status).toBe(200);
			expect(response.headers.get('cache-control')).toBe(NEVER);
			expect(await response.text()).toContain('fallback');
		}
		const join = await get('/join');
		expect(await join.text()).toContain('fallback');
		expect((await get('/_app/immutable/chunks/missing.js')).status).toBe(404);
		expect((await get('/missing.png', { Accept: 'image/png' })).status).toBe(404);
		expect((await get('/nowhere', { Accept: 'application/json' })).status).toBe(404);
	});

	it('answers unknown API paths with a JSON 404', async () => {
		const response = await get('/api/nothing-here', { Accept: 'text/html' });
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await response.json()).toEqual({ error: 'not found' });
	});

	it('supports HEAD, ETag and precompressed files', async () => {
		const head = await fetch(`${relay.httpUrl}/index.html`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-length')).toBe('35');
		expect(await head.text()).toBe('');
		const etag = head.headers.get('etag')!;
		expect(etag).toBeTruthy();
		const cached = await get('/index.html', { 'If-None-Match': etag });
		expect(cached.status).toBe(304);
		const zipped = await rawGet('/_app/immutable/chunks/x.AbC123.js', {
			'Accept-Encoding': 'gzip, br'
		});
		expect(zipped.headers['content-encoding']).toBe('gzip');
		expect(zipped.headers['cache-control']).toBe(IMMUTABLE);
		expect(zipped.headers['vary']).toBe('Accept-Encoding');
		const plain = await rawGet('/_app/immutable/chunks/x.AbC123.js', {});
		expect(plain.headers['content-encoding']).toBeUndefined();
	});

	it('never serves a file outside the build or a dotfile', async () => {
		for (const path of [
			'/../package.json',
			'/%2e%2e/package.json',
			'/..%2Fpackage.json',
			'/.env'
		]) {
			const response = await rawGet(path, { Accept: 'application/json' });
			expect([400, 404]).toContain(response.status);
			expect(response.body).not.toContain('SECRET');
			expect(response.body).not.toContain('"name": "plenary"');
		}
		const post = await fetch(`${relay.httpUrl}/index.html`, { method: 'POST' });
		expect(post.status).toBe(405);
	});
});

/** A request sent as written (fetch would normalise `..` and decode gzip). */
function rawGet(
	path: string,
	headers: Record<string, string>
): Promise<{
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}> {
	return new Promise((resolve, reject) => {
		const req = request(`${relay.httpUrl}/`, { path, headers }, (res) => {
			let body = '';
			res.setEncoding('latin1');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('health and metrics', () => {
	it('answers /healthz', async () => {
		const response = await get('/healthz');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
	});

	it('exposes the contract metrics', async () => {
		const response = await get('/metrics');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		const text = await response.text();
		for (const name of [
			'relay_connections',
			'relay_documents_loaded',
			'relay_messages_received_total',
			'relay_updates_persisted_total',
			'relay_persist_duration_seconds_bucket',
			'relay_rejected_total'
		]) {
			expect(text).toContain(name);
		}
		expect(text).toContain('# TYPE relay_persist_duration_seconds histogram');
	});
});

describe('API', () => {
	// Sent as JSON unless the test says otherwise: fetch would label a string body text/plain.
	const post = (base: string, path: string, init: RequestInit = {}) =>
		fetch(`${base}${path}`, {
			method: 'POST',
			...init,
			headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) }
		});

	it('creates a group with three tokens', async () => {
		const response = await post(relay.httpUrl, '/api/groups', {
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: '  Chapter Nord  ' })
		});
		expect(response.status).toBe(201);
		const body = (await response.json()) as {
			groupId: string;
			name: string;
			tokens: Record<string, string>;
		};
		expect(body.groupId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
		expect(body.name).toBe('Chapter Nord');
		expect(Object.keys(body.tokens).sort()).toEqual(['comment', 'edit', 'view']);
		for (const token of Object.values(body.tokens)) {
			expect(encodeURIComponent(token)).toBe(token);
			expect(token).toContain(body.groupId);
		}
	});

	it('answers bad bodies with JSON errors and no stack trace', async () => {
		const cases: [RequestInit, number][] = [
			[{ body: 'not json' }, 400],
			[{ body: '[]' }, 400],
			[{ body: '{}' }, 400],
			[{ body: JSON.stringify({ name: '' }) }, 400],
			[{ body: JSON.stringify({ name: '   ' }) }, 400],
			[{ body: JSON.stringify({ name: 42 }) }, 400],
			[{ body: JSON.stringify({ name: 'x'.repeat(201) }) }, 400],
			[{ body: JSON.stringify({ name: 'x'.repeat(5000) }) }, 413]
		];
		for (const [init, status] of cases) {
			const response = await post(relay.httpUrl, '/api/groups', init);
			expect(response.status).toBe(status);
			const body = (await response.json()) as { error: string };
			expect(typeof body.error).toBe('string');
			expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
		}
		const exactly200 = await post(relay.httpUrl, '/api/groups', {
			body: JSON.stringify({ name: 'é'.repeat(200) })
		});
		expect(exactly200.status).toBe(201);
		const wrongMethod = await fetch(`${relay.httpUrl}/api/groups`);
		expect(wrongMethod.status).toBe(405);
		expect(await wrongMethod.json()).toHaveProperty('error');
	});

	it('needs the create-group token when one is set', async () => {
		const body = JSON.stringify({ name: 'Locked' });
		expect((await post(locked.httpUrl, '/api/groups', { body })).status).toBe(401);
		const wrong = await post(locked.httpUrl, '/api/groups', {
			body,
			headers: { Authorization: 'Bearer let-me-in' }
		});
		expect(wrong.status).toBe(401);
		expect(await wrong.json()).toHaveProperty('error');
		const right = await post(locked.httpUrl, '/api/groups', {
			body,
			headers: { Authorization: 'Bearer let-me-create' }
		});
		expect(right.status).toBe(201);
	});

	it('refuses rotation without a valid edit token of the group', async () => {
		const group = (await (
			await post(relay.httpUrl, '/api/groups', { body: JSON.stringify({ name: 'A' }) })
		).json()) as { groupId: string; tokens: Record<string, string> };
		const other = (await (
			await post(relay.httpUrl, '/api/groups', { body: JSON.stringify({ name: 'B' }) })
		).json()) as { groupId: string; tokens: Record<string, string> };
		const rotate = (token?: string) =>
			post(relay.httpUrl, `/api/groups/${group.groupId}/rotate`, {
				headers: token ? { Authorization: `Bearer ${token}` } : {}
			});
		expect((await rotate()).status).toBe(401);
		expect((await rotate('garbage')).status).toBe(401);
		expect((await rotate(other.tokens.edit)).status).toBe(403);
		expect((await rotate(group.tokens.view)).status).toBe(403);
		expect((await rotate(group.tokens.edit)).status).toBe(200);
	});
});
