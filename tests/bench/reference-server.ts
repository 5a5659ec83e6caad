/**
 * The reference y-websocket server of the relay benchmark: y-websocket@1.5.4's `bin/utils`
 * (`setupWSConnection`) on an http server, as its own `bin/server.js` wires it, with the `ws` that
 * package depends on. No persistence (its optional LevelDB needs `YPERSISTENCE`), so every
 * document stays in memory. Prints `{"event":"listening","port":N}` like the relay and stops on
 * SIGTERM.
 *
 *   node --import tsx tests/bench/reference-server.ts    (env PORT, default 0)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const utilsPath = require.resolve('y-websocket-reference/bin/utils');
const referenceRequire = createRequire(utilsPath);
const { setupWSConnection } = require(utilsPath) as {
	setupWSConnection: (conn: unknown, req: unknown) => void;
};
const WebSocket = referenceRequire('ws') as {
	Server: new (options: { noServer: boolean }) => {
		on(event: 'connection', listener: (ws: unknown, req: unknown) => void): void;
		handleUpgrade(req: unknown, socket: unknown, head: unknown, cb: (ws: unknown) => void): void;
		emit(event: string, ...args: unknown[]): void;
	};
};

const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', setupWSConnection);
const server = createServer((_req, res) => {
	res.writeHead(200, { 'Content-Type': 'text/plain' });
	res.end('okay');
});
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	console.log(JSON.stringify({ event: 'listening', port }));
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
