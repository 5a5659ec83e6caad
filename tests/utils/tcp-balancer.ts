/**
 * A load balancer for tests, at the TCP level as nginx's stream module or HAProxy would be: each
 * new connection goes to the next backend in turn, and to the one after when that one refuses.
 * A backend that dies takes its connections with it; clients reconnect and land on a live one.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Balancer {
	port: number;
	/** ws://127.0.0.1:<port>/sync */
	syncUrl: string;
	httpUrl: string;
	close(): Promise<void>;
}

export async function startBalancer(backends: () => number[]): Promise<Balancer> {
	const sockets = new Set<Socket>();
	let next = 0;
	const server = createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.on('error', () => client.destroy());
		client.pause();
		const ports = backends();
		const start = next++;
		const attempt = (tries: number) => {
			if (tries >= ports.length) return void client.destroy();
			const backend = connect(ports[(start + tries) % ports.length], '127.0.0.1');
			sockets.add(backend);
			backend.on('close', () => sockets.delete(backend));
			let isConnected = false;
			backend.once('connect', () => {
				isConnected = true;
				client.pipe(backend).pipe(client);
				client.resume();
			});
			backend.on('error', () => {
				backend.destroy();
				if (!isConnected) attempt(tries + 1);
			});
			backend.on('close', () => {
				if (isConnected) client.destroy();
			});
			client.on('close', () => backend.destroy());
		};
		attempt(0);
	});
	const port = await new Promise<number>((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
	);
	return {
		port,
		syncUrl: `ws://127.0.0.1:${port}/sync`,
		httpUrl: `http://127.0.0.1:${port}`,
		close() {
			for (const socket of sockets) socket.destroy();
			return new Promise((resolve) => server.close(() => resolve()));
		}
	};
}
