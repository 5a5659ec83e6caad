/**
 * `npm start`: reads the environment (and only here), starts the relay, stops it cleanly on
 * SIGTERM or SIGINT (exit 0).
 */
import { networkInterfaces } from 'node:os';
import { startServer } from './app.ts';
import type { RelayConfig } from './config.ts';
import { listeningAddresses, runningAtLines } from './listening-addresses.ts';
import { isLogLevel } from './log.ts';

const env = process.env;
const number = (value: string | undefined) => (value ? Number(value) : undefined);
// `1` or `0`; anything else is passed on for resolveConfig to refuse.
const flag = (value: string | undefined) =>
	value ? ((value === '1' ? true : value === '0' ? false : value) as boolean) : undefined;

const config: Partial<RelayConfig> = {
	port: number(env.PORT),
	host: env.HOST || undefined,
	dataDir: env.DATA_DIR || undefined,
	// Checked by resolveConfig, which refuses to start on anything but normal or full.
	durability: (env.DURABILITY || undefined) as RelayConfig['durability'] | undefined,
	relaySecret: env.RELAY_SECRET || undefined,
	databaseUrl: env.DATABASE_URL || undefined,
	instanceName: env.RELAY_INSTANCE || undefined,
	createGroupToken: env.CREATE_GROUP_TOKEN || undefined,
	createGroupRate: number(env.CREATE_GROUP_RATE),
	trustProxy: flag(env.TRUST_PROXY),
	maxMessageBytes: number(env.MAX_MESSAGE_BYTES),
	maxDocumentBytes: number(env.MAX_DOCUMENT_BYTES),
	staticDir: env.STATIC_DIR || undefined,
	logLevel: isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : undefined
};

const relay = await startServer(config).catch((error: Error) => {
	console.error(JSON.stringify({ level: 'error', event: 'start_failed', message: error.message }));
	process.exit(1);
});

// For the person who typed `npm start`: plain lines among the JSON logs, which readers skip.
const addresses = listeningAddresses(relay.config.host, relay.port, networkInterfaces());
process.stdout.write(runningAtLines(addresses).join('\n') + '\n');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.once(signal, () => {
		relay.logger.info('stopping', { signal });
		relay.close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	});
}
