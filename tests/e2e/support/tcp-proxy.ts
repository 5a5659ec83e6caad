/**
 * A TCP proxy in front of the relay, for browser tests of the sync status: it can delay what
 * the relay sends (so "Connecting…" and "N changes waiting" last long enough to be seen) and go
 * silent, keeping sockets open while no byte passes, as a dead venue wifi does.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
	url: string;
	/** Delay of each chunk from the relay to the browser, in ms. */
	delayMs: number;
	/** Open connections stop passing bytes (and stay open); new connections are refused. */
	silence(): void;
	speak(): void;
	close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
	const sockets = new Set<Socket>();
	let isSilent = false;
	const proxy: TcpProxy = {
		url: '',
		delayMs: 0,
		silence: () => {
			isSilent = true;
		},
		speak: () => {
			isSilent = false;
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
	const server = createServer((client) => {
		if (isSilent) {
			client.destroy();
			return;
		}
		const upstream = connect(targetPort, '127.0.0.1');
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		let wentSilent = false;
		client.on('data', (chunk) => {
			if (isSilent) wentSilent = true;
			if (!wentSilent) upstream.write(chunk);
		});
		upstream.on('data', (chunk) => {
			if (isSilent) wentSilent = true;
			if (wentSilent) return;
			if (proxy.delayMs > 0) setTimeout(() => client.write(chunk), proxy.delayMs);
			else client.write(chunk);
		});
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	return proxy;
}
