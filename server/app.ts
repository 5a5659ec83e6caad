/**
 * The relay's one process on one port: the HTTP server (static PWA, `/api/`, `/healthz`,
 * `/metrics`) and the websocket upgrade on `/sync/<document>?token=…` (or the token as a
 * subprotocol, src/lib/protocol/socket-protocols.ts), which is authorized
 * before any websocket exists: 400 malformed name, 401 missing or invalid token, 403 token of
 * another group, each a plain HTTP answer with no document byte.
 *
 * Requests and upgrades are routed on the raw path (`http/request-target.ts`): a path that is
 * not in normal form gets 400 rather than being resolved to another route.
 *
 * `close()` stops accepting, lets every room finish its queued writes, closes websockets with
 * 1001, closes the store, and resolves.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { authorize } from './auth/authorize.ts';
import { parseDocumentName } from '../src/lib/protocol/document-names.ts';
import { loadOrCreateSecret, SECRET_FILE } from './auth/secret.ts';
import { createTokenSigner, type TokenSigner } from './auth/tokens.ts';
import { resolveConfig, type RelayConfig } from './config.ts';
import { createApi, type Api } from './http/api.ts';
import { addMeetingRoutes } from './http/meetings.ts';
import { addPublicPages, type PublicPages } from './http/public-pages.ts';
import { addPublishingRoutes } from './http/publishing-routes.ts';
import { addCalendarRoute } from './http/calendar-route.ts';
import { ImportPool } from './import/import-pool.ts';
import { serveMetrics } from './http/metrics-route.ts';
import { RelayMetrics, type RejectReason } from './metrics.ts';
import { parseRequestTarget } from './http/request-target.ts';
import { isReadRequest, sendError, sendJson } from './http/respond.ts';
import { createStaticHandler } from './http/static-files.ts';
import { createLogger, type Logger } from './log.ts';
import { openSqliteStore, type SqliteStore } from './storage/sqlite-store.ts';
import { openPostgresStore, type PostgresStore } from './storage/postgres-store.ts';
import { StoreUnavailableError, type Store } from './storage/store.ts';
import { ClusterLink } from './cluster/cluster-link.ts';
import { CLOSE_GOING_AWAY } from '../src/lib/protocol/close-codes.ts';
import { SOCKET_PROTOCOL, tokenFromSocketProtocols } from '../src/lib/protocol/socket-protocols.ts';
import { Connection } from './sync/connection.ts';
import { DirectorySync } from './sync/directory-sync.ts';
import { RoomRegistry } from './sync/room-registry.ts';

export interface RelayOptions {
	/** Another store than the SQLite file in `dataDir`. */
	store?: Store;
	logger?: Logger;
	/**
	 * A PostgreSQL store shared with other relays (what `startServer` opens for `databaseUrl`):
	 * this relay then hears of their commits, presence and rotations (cluster/cluster-link.ts).
	 */
	postgres?: PostgresStore;
	/** The token key, when it is not `relaySecret` nor kept in `dataDir` (the shared one). */
	secret?: string;
}

export interface Relay {
	readonly config: RelayConfig;
	readonly store: Store;
	readonly registry: RoomRegistry;
	readonly metrics: RelayMetrics;
	readonly signer: TokenSigner;
	readonly api: Api;
	readonly logger: Logger;
	/** The public pages' rendered-page cache. */
	readonly publicPages: PublicPages;
	/** Starts listening; resolves with the bound port (useful with port 0). */
	listen(): Promise<number>;
	/** The bound port, once listening. */
	readonly port: number;
	close(): Promise<void>;
}

export function createRelay(partial: Partial<RelayConfig> = {}, options: RelayOptions = {}): Relay {
	const config = resolveConfig(partial);
	const logger = options.logger ?? createLogger(config.logLevel);
	// Looked at before the secret is loaded, which would create it.
	const hasSecretFile = existsSync(join(config.dataDir, SECRET_FILE));
	const shared = options.postgres;
	const sqlite =
		options.store || shared
			? null
			: openSqliteStore(config.dataDir, { durability: config.durability });
	if (sqlite && hasSecretFile) warnIfStoreLost(sqlite, config.dataDir, logger);
	const store: Store = options.store ?? shared ?? sqlite!;
	const signer = createTokenSigner(
		options.secret ?? loadOrCreateSecret(config.dataDir, config.relaySecret)
	);
	const metrics = new RelayMetrics();
	metrics.instance.set({ instance: config.instanceName, store: shared ? 'postgres' : 'sqlite' }, 1);
	metrics.databaseUp.set(1);
	const cluster = shared
		? new ClusterLink({ store: shared, registry: () => registry, metrics, logger })
		: null;
	// The store can be reached: without it the relay refuses writes (503, 1011) rather than
	// take what it cannot store.
	const isAvailable = () => cluster?.isAvailable ?? true;
	const directorySync = new DirectorySync(() => registry, logger, config.directorySyncDelayMs);
	const registry: RoomRegistry = new RoomRegistry({
		store,
		config,
		metrics,
		logger,
		onCommitted: (room) => directorySync.schedule(room),
		onCreated: (room) => cluster?.attach(room)
	});
	const api = createApi({ config, store, signer, registry, logger });
	const imports = new ImportPool(
		{
			workers: config.importWorkers,
			queue: config.importQueue,
			timeoutMs: config.importTimeoutMs,
			heapMb: config.importHeapMb,
			idleMs: 60_000
		},
		logger
	);
	addMeetingRoutes({ api, registry, imports, maxRequestBytes: config.maxRequestBytes });
	addPublishingRoutes({ api, registry, store, logger, maxRequestBytes: config.maxRequestBytes });
	addCalendarRoute({ api, registry, store, signer, logger });
	const publicPages = addPublicPages({ api, registry, store });
	const serveStatic = createStaticHandler(config.staticDir);
	const connections = new Set<Connection>();
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: config.maxMessageBytes,
		// Never the token's protocol: the answer would carry it back.
		handleProtocols: (offered) => (offered.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false)
	});
	let isClosing = false;
	let closing: Promise<void> | undefined;

	const server: Server = createServer(async (req, res) => {
		try {
			const target = parseRequestTarget(req.url);
			if (!target) return sendJson(res, 400, { error: 'path not in normal form' });
			const { path, url } = target;
			if (path === '/healthz' || path === '/metrics') {
				if (!isReadRequest(req, res)) return;
				if (path === '/healthz') {
					return isAvailable()
						? sendJson(res, 200, { status: 'ok' })
						: sendJson(res, 503, { status: 'storage unavailable' });
				}
				return await serveMetrics(metrics, res);
			}
			if ((path.startsWith('/api/') || path.startsWith('/p/')) && !isAvailable()) {
				return sendJson(res, 503, { error: 'storage unavailable' }, { 'Retry-After': '5' });
			}
			// The relay's clock, for timers kept in relay time (docs/facilitation.md). Public and
			// without credentials, so any origin may read it: the app served by one relay measures
			// the clock of each relay its groups live on.
			if (path === '/api/time') {
				if (!isReadRequest(req, res)) return;
				return sendJson(res, 200, { now: Date.now() }, { 'Access-Control-Allow-Origin': '*' });
			}
			if (path === '/api' || path.startsWith('/api/')) return await api.handle(req, res, url);
			if (path.startsWith('/sync/') || path === '/sync') {
				return sendJson(
					res,
					426,
					{ error: 'websocket upgrade required' },
					{ Upgrade: 'websocket' }
				);
			}
			if (path.startsWith('/p/')) return await api.handle(req, res, url);
			await serveStatic(req, res);
		} catch (error) {
			logger.error('http_error', { error });
			sendError(res, error);
		}
	});
	server.headersTimeout = 20_000;
	server.requestTimeout = 60_000;

	server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		upgrade(req, socket, head).catch((error) => {
			if (error instanceof StoreUnavailableError) {
				logger.warn('upgrade_refused_storage_unavailable', {});
				return refuse(socket, 503, 'storage unavailable');
			}
			logger.error('upgrade_error', { error });
			refuse(socket, 500, 'internal error');
		});
	});

	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		if (isClosing) return refuse(socket, 503, 'relay is stopping');
		if (!isAvailable()) return refuse(socket, 503, 'storage unavailable');
		const target = parseRequestTarget(req.url);
		if (!target) return refuse(socket, 400, 'path not in normal form', 'bad_name');
		const { path, url } = target;
		if (path === '/sync') return refuse(socket, 400, 'missing document name', 'bad_name');
		if (!path.startsWith('/sync/')) return refuse(socket, 404, 'not found');
		// Taken as sent, never percent-decoded: no character of a name needs escaping, so a name
		// has one spelling and a proxy rule on `/sync/<group>` cannot be passed by another.
		const name = parseDocumentName(path.slice('/sync/'.length));
		if (!name) return refuse(socket, 400, 'malformed document name', 'bad_name');
		const token =
			url.searchParams.get('token') ||
			tokenFromSocketProtocols(req.headers['sec-websocket-protocol']);
		const result = await authorize(signer, store, token, name.groupId);
		if (!result.ok) {
			return refuse(
				socket,
				result.status,
				result.error,
				result.status === 403 ? 'other_group' : 'bad_token'
			);
		}
		if (isClosing || socket.destroyed) return refuse(socket, 503, 'relay is stopping');
		wss.handleUpgrade(req, socket, head, (ws) => {
			if (isClosing) {
				ws.close(CLOSE_GOING_AWAY, 'relay is stopping');
				return;
			}
			const room = registry.acquire(name);
			const connection = new Connection(ws, room, result.claims, { config, metrics, logger });
			connections.add(connection);
			ws.on('close', () => connections.delete(connection));
		});
	}

	function refuse(socket: Duplex, status: number, error: string, reason?: RejectReason): void {
		if (reason) metrics.reject(reason);
		logger.info('upgrade_refused', { status, reason });
		if (!socket.writable) return void socket.destroy();
		const body = JSON.stringify({ error });
		socket.end(
			`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
				'Content-Type: application/json\r\n' +
				`Content-Length: ${Buffer.byteLength(body)}\r\n` +
				'Connection: close\r\n\r\n' +
				body,
			() => socket.destroy()
		);
	}

	const heartbeat = setInterval(() => {
		for (const connection of connections) connection.heartbeat();
	}, config.pingIntervalMs);
	heartbeat.unref();

	let boundPort = 0;

	return {
		config,
		store,
		registry,
		metrics,
		signer,
		api,
		logger,
		publicPages,
		get port() {
			return boundPort;
		},
		async listen() {
			await cluster?.start();
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(config.port, config.host, () => {
					server.off('error', reject);
					boundPort = (server.address() as AddressInfo).port;
					logger.info('listening', {
						host: config.host,
						port: boundPort,
						instance: config.instanceName,
						store: shared ? 'postgres' : 'sqlite',
						...(sqlite && { durability: sqlite.durability })
					});
					resolve(boundPort);
				});
			});
		},
		close() {
			closing ??= (async () => {
				isClosing = true;
				clearInterval(heartbeat);
				server.close();
				// Imports not yet built are refused (503); built ones are committed below.
				await imports.close();
				// Writes already received are committed before anyone is told to go away.
				await registry.settled();
				await directorySync.flush();
				for (const connection of connections) connection.close(CLOSE_GOING_AWAY, 'relay stopping');
				await waitFor(() => connections.size === 0, config.shutdownGraceMs);
				for (const connection of connections) connection.terminate();
				await registry.settled();
				await directorySync.flush();
				await registry.settled();
				wss.close();
				server.closeAllConnections();
				await cluster?.close();
				await store.close();
				logger.info('stopped', {});
			})();
			return closing;
		}
	};
}

/** Creates a relay and starts listening: what `server/index.ts` and the tests call. */
export async function startServer(
	partial: Partial<RelayConfig> = {},
	options: RelayOptions = {}
): Promise<Relay> {
	const config = resolveConfig(partial);
	if (config.databaseUrl && !options.store && !options.postgres) {
		const logger = options.logger ?? createLogger(config.logLevel);
		const postgres = await openPostgresStore({
			url: config.databaseUrl,
			durability: config.durability,
			// Unique even when two relays are given the same name: a relay skips its own notices.
			instanceId: `${config.instanceName}-${randomBytes(4).toString('hex')}`,
			logger
		});
		try {
			const secret = config.relaySecret ?? (await postgres.loadOrCreateSecret());
			options = { ...options, logger, postgres, secret };
		} catch (error) {
			await postgres.close();
			throw error;
		}
	}
	const relay = createRelay(partial, options);
	try {
		await relay.listen();
	} catch (error) {
		await relay.close().catch(() => {});
		throw error;
	}
	return relay;
}

/**
 * A relay that ran here before (its generated secret is in `dataDir`) but whose database is
 * new or holds no group: the database was probably deleted or replaced, and every earlier
 * link now fails. The relay still starts; the warning says why.
 */
function warnIfStoreLost(sqlite: SqliteStore, dataDir: string, logger: Logger): void {
	if (sqlite.hasGroups()) return;
	logger.warn('store_empty_with_secret', {
		dataDir,
		database: sqlite.wasCreated ? 'missing, created empty' : 'holds no group',
		message:
			'the relay secret is in DATA_DIR but the database has no groups: if this relay held groups, its database was deleted or replaced'
	});
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};
