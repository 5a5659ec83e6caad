/**
 * The relay's configuration: `defaultConfig` merged with a partial. Only `server/index.ts` reads
 * the environment; everything else gets a `RelayConfig`.
 */
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import type { LogLevel } from './log.ts';
import type { Durability } from './storage/sqlite-store.ts';

export interface RelayConfig {
	port: number;
	host: string;
	/** Holds the SQLite file and, when `relaySecret` is unset, the generated secret. */
	dataDir: string;
	/**
	 * 'normal': every commit survives a crash of the process; a power loss may take back the
	 * last ones. 'full': each commit is also flushed to disk (sqlite-store.ts).
	 */
	durability: Durability;
	/**
	 * Signs and checks tokens. Unset: generated once and kept in `dataDir`, or, with
	 * `databaseUrl`, in the database, shared by every relay on it.
	 */
	relaySecret?: string;
	/**
	 * A PostgreSQL URL (`postgres://…`): the store several relays share (storage/postgres-store.ts).
	 * Unset: the SQLite file in `dataDir`.
	 */
	databaseUrl?: string;
	/** This relay's name in `/metrics` (`relay_instance_info`); the host name and process id by default. */
	instanceName: string;
	/** When set, `POST /api/groups` needs `Authorization: Bearer <it>`. */
	createGroupToken?: string;
	/** Groups one client address may create per minute; 0: no limit. */
	createGroupRate: number;
	/**
	 * Behind a proxy: the client address is the last hop of `X-Forwarded-For` (the address the
	 * proxy saw) instead of the connection's peer, which is the proxy.
	 */
	trustProxy: boolean;
	/** Largest websocket frame accepted; larger ones close the connection with 1009. */
	maxMessageBytes: number;
	/**
	 * Largest encoded state (`Y.encodeStateAsUpdate`) a document may grow to through the relay;
	 * each kind of document and role may grow it to a share of it (sync/document-bounds.ts).
	 */
	maxDocumentBytes: number;
	/** The adapter-static output served as the PWA. */
	staticDir: string;
	logLevel: LogLevel;
	/** Largest HTTP request body accepted by the API (JSON and Markdown). */
	maxRequestBytes: number;
	/** How long the relay gathers commits from one connection before sending it a receipt. */
	receiptDelayMs: number;
	/** Ping period; a connection that has not answered the previous ping is dropped. */
	pingIntervalMs: number;
	/** Stored updates of one document after which they are compacted into a snapshot. */
	compactAfterUpdates: number;
	/** A connection whose unsent outgoing bytes exceed this is closed (1013) instead. */
	maxBufferedBytes: number;
	/** Bytes of messages one connection may have waiting while its document loads. */
	maxPendingBytes: number;
	/**
	 * Token bucket per connection for all messages: burst size and refill per second. Over it the
	 * relay pauses reading; a whole bucket over it closes the connection (1008).
	 */
	messageBurst: number;
	messagesPerSecond: number;
	/** Token bucket per connection for bytes received. */
	bytesBurst: number;
	bytesPerSecond: number;
	/** Token bucket per connection for awareness messages. */
	awarenessBurst: number;
	awarenessPerSecond: number;
	/** Largest awareness message, and most awareness clients one connection may speak for. */
	maxAwarenessBytes: number;
	maxAwarenessClientsPerConnection: number;
	/**
	 * Token bucket per connection for work, in milliseconds of the relay's time spent on its
	 * messages (decoding, applying, checking, answering, committing, compacting). Over it the
	 * relay stops reading from the connection and handling its messages until the debt is paid;
	 * it never closes it for that.
	 */
	workBurstMs: number;
	workMsPerSecond: number;
	/**
	 * When another connection claims an awareness state a connection owns, the owner is pinged
	 * and dropped if nothing comes back within this time (awareness-owners.ts).
	 */
	aliveCheckMs: number;
	/** How long after a minutes change the relay updates the meeting's directory entry. */
	directorySyncDelayMs: number;
	/** Time given to open connections to finish their close handshake on shutdown. */
	shutdownGraceMs: number;
	/**
	 * Markdown imports, each built in a worker thread (server/import/import-pool.ts): how many
	 * build at once, how many more may wait (past that: 503), and the time and heap one may take
	 * (past that: 413).
	 */
	importWorkers: number;
	importQueue: number;
	importTimeoutMs: number;
	importHeapMb: number;
}

export const defaultConfig: RelayConfig = {
	port: 8787,
	host: '127.0.0.1',
	dataDir: './data',
	durability: 'normal',
	instanceName: `${hostname()}-${process.pid}`,
	createGroupRate: 20,
	trustProxy: false,
	maxMessageBytes: 8 * 1024 * 1024,
	maxDocumentBytes: 16 * 1024 * 1024,
	staticDir: join(import.meta.dirname, '..', 'build'),
	logLevel: 'info',
	maxRequestBytes: 2 * 1024 * 1024,
	receiptDelayMs: 100,
	pingIntervalMs: 30_000,
	compactAfterUpdates: 500,
	maxBufferedBytes: 32 * 1024 * 1024,
	maxPendingBytes: 16 * 1024 * 1024,
	// y-websocket clients echo every awareness change they hear, so a busy room multiplies the
	// messages each connection sends.
	messageBurst: 20_000,
	messagesPerSecond: 10_000,
	bytesBurst: 64 * 1024 * 1024,
	bytesPerSecond: 16 * 1024 * 1024,
	awarenessBurst: 120,
	awarenessPerSecond: 40,
	maxAwarenessBytes: 64 * 1024,
	maxAwarenessClientsPerConnection: 8,
	// A quarter of the event loop per connection on average; a burst covers the heaviest honest
	// message (a long meeting's first sync or reconnect takes a few hundred milliseconds).
	workBurstMs: 2_000,
	workMsPerSecond: 250,
	aliveCheckMs: 5_000,
	directorySyncDelayMs: 250,
	shutdownGraceMs: 2_000,
	// One core stays with the event loop.
	importWorkers: Math.max(1, Math.min(4, availableParallelism() - 1)),
	importQueue: 8,
	importTimeoutMs: 30_000,
	importHeapMb: 512
};

export function resolveConfig(partial: Partial<RelayConfig> = {}): RelayConfig {
	const defined = Object.fromEntries(
		Object.entries(partial).filter(([, value]) => value !== undefined)
	) as Partial<RelayConfig>;
	const config = { ...defaultConfig, ...defined };
	if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
		throw new Error(`invalid port: ${config.port}`);
	}
	if (config.durability !== 'normal' && config.durability !== 'full') {
		throw new Error(`invalid durability: ${String(config.durability)} (normal or full)`);
	}
	if (config.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
		// Never the value itself: it may hold a password.
		throw new Error('invalid DATABASE_URL: expected postgres://user:password@host:port/database');
	}
	if (!/^[\w.:-]{1,100}$/.test(config.instanceName)) {
		throw new Error('invalid instance name: 1 to 100 letters, digits, dots, colons, dashes');
	}
	if (!Number.isInteger(config.createGroupRate) || config.createGroupRate < 0) {
		throw new Error(
			`invalid createGroupRate: ${config.createGroupRate} (groups per minute, 0: no limit)`
		);
	}
	if (typeof config.trustProxy !== 'boolean') {
		throw new Error(`invalid trustProxy: ${String(config.trustProxy)} (1 or 0)`);
	}
	if (!Number.isInteger(config.maxMessageBytes) || config.maxMessageBytes < 1024) {
		throw new Error(`invalid maxMessageBytes: ${config.maxMessageBytes}`);
	}
	if (!Number.isSafeInteger(config.maxDocumentBytes) || config.maxDocumentBytes < 1024 * 1024) {
		throw new Error(`invalid maxDocumentBytes: ${config.maxDocumentBytes} (at least 1048576)`);
	}
	if (!Number.isInteger(config.importWorkers) || config.importWorkers < 1) {
		throw new Error(`invalid importWorkers: ${config.importWorkers}`);
	}
	if (!Number.isInteger(config.importQueue) || config.importQueue < 0) {
		throw new Error(`invalid importQueue: ${config.importQueue}`);
	}
	// A large first sync must fit in the outgoing and incoming budgets.
	config.maxBufferedBytes = Math.max(config.maxBufferedBytes, 2 * config.maxMessageBytes);
	config.maxPendingBytes = Math.max(config.maxPendingBytes, 2 * config.maxMessageBytes);
	config.bytesBurst = Math.max(config.bytesBurst, 2 * config.maxMessageBytes);
	return config;
}
