/**
 * A device's network, as a local HTTP forward proxy the test switches off and on. Firefox (its
 * proxy prefs) and MiniBrowser (`--proxy`) send every request through it, so cutting it cuts
 * the page, its websockets and the service worker's own fetches alike: offline emulation in
 * Firefox spares the worker, and WebKitGTK has none.
 *
 * It forwards plain requests in absolute form, websocket upgrades sent the same way, and
 * CONNECT tunnels (how a browser may carry a websocket through a proxy). Switched off, it
 * destroys every open connection and refuses new ones, as a wifi that dropped does; the
 * browser keeps believing it is online (`navigator.onLine` stays true).
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface NetworkSwitch {
	/** `127.0.0.1:<port>`, for a browser's proxy setting. */
	readonly address: string;
	readonly port: number;
	readonly isOn: boolean;
	/** Requests that went through while on, by path: what a test may ask for. */
	readonly requests: string[];
	off(): void;
	on(): void;
	close(): Promise<void>;
}

export async function startNetworkSwitch(): Promise<NetworkSwitch> {
	const open = new Set<Duplex>();
	const requests: string[] = [];
	let isOn = true;

	const track = (socket: Duplex) => {
		open.add(socket);
		socket.on('close', () => open.delete(socket));
		socket.on('error', () => socket.destroy());
	};
	const refuse = (socket: Duplex) => socket.destroy();
	const record = (url: string) => {
		try {
			// A relay address carries a group's token in its query: keep the path only.
			requests.push(new URL(url).pathname);
		} catch {
			requests.push(url.split('?')[0]);
		}
	};

	const server = createServer((clientRequest, clientResponse) => {
		if (!isOn) return refuse(clientRequest.socket);
		const target = parseTarget(clientRequest);
		if (!target) {
			clientResponse.writeHead(400, { 'Content-Type': 'text/plain' });
			clientResponse.end('not a proxy request');
			return;
		}
		record(clientRequest.url!);
		const upstream = httpRequest(
			{
				host: target.hostname,
				port: target.port || 80,
				method: clientRequest.method,
				path: `${target.pathname}${target.search}`,
				headers: withoutProxyHeaders(clientRequest.headers),
				// One upstream socket per request, tracked once: a pooled one would gather listeners.
				agent: false
			},
			(upstreamResponse) => {
				clientResponse.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
				upstreamResponse.pipe(clientResponse);
			}
		);
		upstream.on('socket', track);
		upstream.on('error', () => clientRequest.socket.destroy());
		clientRequest.pipe(upstream);
	});

	// A websocket upgrade in absolute form: the head again in origin form, then raw bytes.
	server.on('upgrade', (clientRequest: IncomingMessage, client: Duplex, head: Buffer) => {
		if (!isOn) return refuse(client);
		const target = parseTarget(clientRequest);
		if (!target) return refuse(client);
		record(clientRequest.url!);
		const upstream = connect(Number(target.port) || 80, target.hostname, () => {
			const lines = [`${clientRequest.method} ${target.pathname}${target.search} HTTP/1.1`];
			const raw = clientRequest.rawHeaders;
			for (let i = 0; i < raw.length; i += 2) {
				if (!/^proxy-/i.test(raw[i])) lines.push(`${raw[i]}: ${raw[i + 1]}`);
			}
			upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
			if (head.length) upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		pairUp(client, upstream, track);
	});

	server.on('connect', (clientRequest: IncomingMessage, client: Duplex, head: Buffer) => {
		if (!isOn) return refuse(client);
		const [host, port] = (clientRequest.url ?? '').split(':');
		if (!host || !port) return refuse(client);
		const upstream = connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(client).pipe(upstream);
		});
		pairUp(client, upstream, track);
	});

	// Keep-alive connections between browser and proxy are cut too when switched off.
	server.on('connection', (socket: Socket) => {
		if (!isOn) return refuse(socket);
		track(socket);
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		address: `127.0.0.1:${port}`,
		port,
		get isOn() {
			return isOn;
		},
		requests,
		off() {
			isOn = false;
			for (const socket of open) socket.destroy();
		},
		on() {
			isOn = true;
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of open) socket.destroy();
				server.close(() => resolve());
			})
	};
}

function parseTarget(request: IncomingMessage): URL | null {
	try {
		const url = new URL(request.url ?? '');
		return url.protocol === 'http:' || url.protocol === 'ws:' ? url : null;
	} catch {
		return null;
	}
}

function withoutProxyHeaders(headers: IncomingMessage['headers']) {
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !/^proxy-/i.test(name)));
}

function pairUp(client: Duplex, upstream: Socket, track: (socket: Duplex) => void) {
	track(upstream);
	upstream.on('error', () => client.destroy());
	client.on('error', () => upstream.destroy());
	upstream.on('close', () => client.destroy());
	client.on('close', () => upstream.destroy());
}
