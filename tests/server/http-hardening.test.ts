/**
 * The HTTP side against a hostile client (issue 13): routing on the raw path, lookups of
 * request-controlled keys, methods, the content type of group creation, the app's own security
 * headers, and request bodies cut off half-way. Paths are sent byte for byte on a socket
 * (`rawHttp`), since fetch would normalise them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';
import { rawHttp, type RawRequest } from '../utils/raw-http.ts';
import {
	createGroup,
	openRaw,
	randomId,
	removeDir,
	startTestRelay,
	tempDir,
	waitFor,
	type Group,
	type TestRelay
} from '../utils/relay.ts';

const BOOTSTRAP = `
				{
					__sveltekit_x = { base: "" };
					const element = document.currentScript.parentElement;
				}
			`;
const FALLBACK = `<!doctype html><html><head><title>fallback</title></head><body><div style="display: contents"><script>${BOOTSTRAP}</script></div></body></html>`;

const lines: string[] = [];
let relay: TestRelay;
let buildDir: string;
let group: Group;
let meetingId: string;

beforeAll(async () => {
	buildDir = tempDir('plenary-build-');
	mkdirSync(join(buildDir, '_app', 'immutable', 'chunks'), { recursive: true });
	writeFileSync(join(buildDir, '200.html'), FALLBACK);
	writeFileSync(join(buildDir, 'index.html'), '<!doctype html><title>index</title>');
	writeFileSync(join(buildDir, '_app', 'immutable', 'chunks', 'x.AbC123.js'), 'export {};');
	relay = await startTestRelay(
		{ staticDir: buildDir },
		{ logger: createLogger('debug', (line) => lines.push(line)) }
	);
	group = await createGroup(relay.httpUrl, 'Hardened');
	const imported = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/meetings`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${group.tokens.edit}` },
		body: '# Spring assembly\n\n## Repairs\n\nMould reports.\n'
	});
	expect(imported.status).toBe(201);
	({ meetingId } = (await imported.json()) as { meetingId: string });
});

afterAll(async () => {
	await relay.close();
	removeDir(buildDir);
});

const send = (request: RawRequest) => rawHttp(relay.relay.port, request);
const html = { Accept: 'text/html' };

describe('paths that are not in normal form', () => {
	const notNormal = [
		'//x/metrics',
		'//metrics',
		'/a/../metrics',
		'/./metrics',
		'/metrics/.',
		'/metrics/..',
		'/a/./b',
		'/api//groups',
		'///..%2f..%2fetc/passwd',
		'/..%2fpackage.json',
		'/%2e%2e/package.json',
		'/%2E/metrics',
		'/x%2ejs',
		'/a%2Fb',
		'/a%5cb',
		'/a%5Cb',
		'/a\\b',
		'/%zz',
		'/a%2',
		'/%',
		'/%ff',
		'/a%00b',
		'/..',
		'/.'
	];

	it.each(notNormal)('%s answers 400 in JSON', async (path) => {
		const answer = await send({ path, headers: html });
		expect(answer.status).toBe(400);
		expect(answer.headers['content-type']).toMatch(/^application\/json/);
		expect(JSON.parse(answer.body)).toHaveProperty('error');
		expect(answer.body).not.toContain('relay_connections');
		expect(answer.body).not.toContain('fallback');
	});

	it('is refused the same at the websocket upgrade, before any token is looked at', async () => {
		const meeting = randomId();
		for (const path of [
			`/sync//${group.groupId}`,
			`/sync/${group.groupId}/../${group.groupId}`,
			`/sync/./${group.groupId}`,
			`/sync/${group.groupId}%2F${meeting}`,
			`/sync/${group.groupId}/%2e%2e`,
			`/sync/${group.groupId}/${meeting}/comments/.`,
			`//x/sync/${group.groupId}`
		]) {
			const answer = await rawUpgrade(path);
			expect(answer, path).toMatch(/^HTTP\/1\.1 400 /);
			expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toHaveProperty('error');
		}
		expect(await rawUpgrade(`/sync/${group.groupId}/${meeting}`)).toMatch(/^HTTP\/1\.1 101 /);
	});

	it('keeps every route of the relay and the SPA fallback for unknown paths in normal form', async () => {
		const health = await send({ path: '/healthz?probe=//..%2f' });
		expect(health.status).toBe(200);
		expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
		expect((await send({ path: '/metrics' })).status).toBe(200);
		for (const path of ['/join', '/groups', '/meeting/abc/def', '/join/', '/a.b/c']) {
			const answer = await send({ path, headers: html });
			expect(answer.status, path).toBe(200);
			expect(answer.body).toContain('fallback');
		}
		expect((await send({ path: '/index.html' })).body).toContain('index');
		const asset = await send({ path: '/_app/immutable/chunks/x.AbC123.js?v=1' });
		expect(asset.status).toBe(200);
		expect(asset.body).toBe('export {};');
		const tokens = await send({
			path: `/api/groups/${group.groupId}/tokens`,
			headers: { Authorization: `Bearer ${group.tokens.edit}` }
		});
		expect(tokens.status).toBe(200);
		const page = await send({ path: `/p/${group.groupId}/${randomId()}`, headers: html });
		expect(page.status).toBe(404);
		expect(page.body).toContain('No published minutes here');
		const upgrade = openRaw(
			`${relay.syncUrl}/${group.groupId}/${randomId()}/comments?token=${group.tokens.edit}`
		);
		await upgrade.opened;
		upgrade.ws.close();
		await upgrade.closed;
	});

	it('never answers 500 to a path and logs no error for one', async () => {
		const before = lines.length;
		for (const path of ['///..%2f..%2fetc/passwd', '//', '/%c0%af', '/a?%zz', '/?x=%']) {
			const answer = await send({ path, headers: html });
			expect(answer.status, path).toBeLessThan(500);
		}
		expect(errorsSince(before)).toEqual([]);
	});
});

describe('lookups of request-controlled keys', () => {
	it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'md '])(
		'export?format=%s is an unknown format (400)',
		async (format) => {
			const answer = await send({
				path: `/api/groups/${group.groupId}/meetings/${meetingId}/export?format=${encodeURIComponent(format)}`,
				headers: { Authorization: `Bearer ${group.tokens.edit}` }
			});
			expect(answer.status).toBe(400);
			expect(JSON.parse(answer.body).error).toMatch(/unknown format/);
		}
	);

	it('serves no file type named after an Object.prototype key', async () => {
		for (const path of ['/x.constructor', '/__proto__', '/constructor', '/toString.js']) {
			const answer = await send({ path, headers: { Accept: 'application/json' } });
			expect(answer.status, path).toBe(404);
		}
	});
});

describe('methods', () => {
	const others = ['PUT', 'DELETE', 'TRACE', 'PATCH', 'POST', 'OPTIONS'];

	it('answers /healthz and /metrics to GET and HEAD only', async () => {
		for (const path of ['/healthz', '/metrics']) {
			for (const method of others) {
				const answer = await send({ method, path });
				expect(answer.status, `${method} ${path}`).toBe(405);
				expect(answer.headers.allow).toBe('GET, HEAD');
				expect(JSON.parse(answer.body)).toHaveProperty('error');
			}
			const head = await send({ method: 'HEAD', path });
			expect(head.status).toBe(200);
			expect(head.body).toBe('');
		}
	});

	it('answers static files and public pages to GET and HEAD only', async () => {
		for (const path of ['/index.html', '/join', `/p/${group.groupId}/${randomId()}`]) {
			for (const method of others) {
				const answer = await send({ method, path, headers: html });
				expect(answer.status, `${method} ${path}`).toBe(405);
				expect(answer.headers.allow).toBe('GET, HEAD');
			}
		}
	});
});

describe('creating a group', () => {
	const create = (contentType: string | undefined) =>
		send({
			method: 'POST',
			path: '/api/groups',
			headers: contentType ? { 'Content-Type': contentType } : {},
			body: JSON.stringify({ name: 'Cross-site' })
		});

	it('takes JSON only: a cross-site form post gets 415', async () => {
		for (const type of [
			undefined,
			'text/plain',
			'text/plain;charset=UTF-8',
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'application/jsonp',
			'application/json-patch+json',
			'text/json'
		]) {
			const answer = await create(type);
			expect(answer.status, String(type)).toBe(415);
			expect(JSON.parse(answer.body)).toHaveProperty('error');
		}
		for (const type of [
			'application/json',
			'application/json; charset=utf-8',
			'Application/JSON'
		]) {
			expect((await create(type)).status, type).toBe(201);
		}
	});
});

describe('the app’s own pages', () => {
	it('carry a Content-Security-Policy that allows exactly their inline bootstrap script', async () => {
		const hash = createHash('sha256').update(BOOTSTRAP).digest('base64');
		for (const path of ['/', '/join', '/200.html', '/index.html']) {
			const answer = await send({ path, headers: html });
			expect(answer.status, path).toBe(200);
			const csp = answer.headers['content-security-policy'];
			expect(csp, path).toBeTruthy();
			const directives = new Map(
				csp.split(';').map((part) => {
					const [name, ...values] = part.trim().split(/\s+/);
					return [name, values];
				})
			);
			expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
			expect(directives.get('object-src')).toEqual(["'none'"]);
			expect(directives.get('base-uri')).toEqual(["'self'"]);
			expect(directives.get('default-src')).toEqual(["'self'"]);
			const scripts = directives.get('script-src')!;
			expect(scripts).not.toContain("'unsafe-inline'");
			expect(scripts).not.toContain("'unsafe-eval'");
			if (path !== '/' && path !== '/index.html') expect(scripts).toContain(`'sha256-${hash}'`);
			expect(answer.headers['x-content-type-options']).toBe('nosniff');
			expect(answer.headers['referrer-policy']).toBe('no-referrer');
		}
	});
});

describe('request bodies cut off half-way', () => {
	it('are logged below error level and leave the relay serving', async () => {
		const before = lines.length;
		await cutOff('/api/groups', { 'Content-Type': 'application/json' });
		await cutOff(`/api/groups/${group.groupId}/meetings`, {
			'Content-Type': 'text/markdown',
			Authorization: `Bearer ${group.tokens.edit}`
		});
		const isAbortLog = (entry: Record<string, unknown>) =>
			entry.event === 'request_aborted' || entry.level === 'error';
		await waitFor(() => entriesSince(before).filter(isAbortLog).length >= 2);
		expect(errorsSince(before)).toEqual([]);
		expect(entriesSince(before).filter((entry) => entry.event === 'request_aborted')).toHaveLength(
			2
		);
		expect((await send({ path: '/healthz' })).status).toBe(200);
	});
});

function entriesSince(index: number): Record<string, unknown>[] {
	return lines.slice(index).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function errorsSince(index: number): Record<string, unknown>[] {
	return entriesSince(index).filter((entry) => entry.level === 'error');
}

/** Declares a body, sends a little of it, and goes away. */
function cutOff(path: string, headers: Record<string, string>): Promise<void> {
	return new Promise((resolve) => {
		const socket = connect(relay.relay.port, '127.0.0.1', () => {
			const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Length: 100000'];
			for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
			socket.write(head.join('\r\n') + '\r\n\r\n' + '{"name": "slo');
			setTimeout(() => socket.destroy(), 100);
		});
		socket.on('error', () => {});
		socket.on('close', () => resolve());
	});
}

/** What the relay answers to a websocket upgrade of `path`, until it closes or switches. */
function rawUpgrade(path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(relay.relay.port, '127.0.0.1');
		let answer = '';
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString('latin1');
			if (answer.startsWith('HTTP/1.1 101 ')) socket.destroy();
		});
		socket.on('error', reject);
		socket.on('close', () => resolve(answer));
		socket.write(
			[
				`GET ${path}?token=${group.tokens.edit} HTTP/1.1`,
				'Host: 127.0.0.1',
				'Connection: Upgrade',
				'Upgrade: websocket',
				'Sec-WebSocket-Version: 13',
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
			].join('\r\n') + '\r\n\r\n'
		);
	});
}
