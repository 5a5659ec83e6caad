/**
 * Structured logs: one JSON line per event on stdout, `{"time", "level", "event", …fields}`.
 * Callers pass ids and counts, never a token and never document content.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export type LogFields = Record<string, unknown>;

export interface Logger {
	debug(event: string, fields?: LogFields): void;
	info(event: string, fields?: LogFields): void;
	warn(event: string, fields?: LogFields): void;
	error(event: string, fields?: LogFields): void;
}

export function isLogLevel(value: unknown): value is LogLevel {
	return typeof value === 'string' && Object.hasOwn(LEVELS, value);
}

export function createLogger(
	level: LogLevel,
	write: (line: string) => void = (line) => process.stdout.write(line)
): Logger {
	const threshold = LEVELS[level];
	const log = (at: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}) => {
		if (LEVELS[at] < threshold) return;
		const entry = { time: new Date().toISOString(), level: at, event, ...fields };
		write(JSON.stringify(entry, errorReplacer) + '\n');
	};
	return {
		debug: (event, fields) => log('debug', event, fields),
		info: (event, fields) => log('info', event, fields),
		warn: (event, fields) => log('warn', event, fields),
		error: (event, fields) => log('error', event, fields)
	};
}

function errorReplacer(_key: string, value: unknown): unknown {
	if (value instanceof Error) return { name: value.name, message: value.message };
	return value;
}
