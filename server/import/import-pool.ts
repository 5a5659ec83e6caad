/**
 * Markdown imports, built in worker threads (markdown-worker.ts) so that no import holds the
 * relay's event loop, however large or hostile its Markdown.
 *
 * - At most `workers` imports run at once, one per worker; at most `queue` more wait. Past that
 *   an import is refused at once (503): a flood of imports does not pile up.
 * - An import may take `timeoutMs` and its worker's heap `heapMb`; past either the worker is
 *   ended and the import refused as too large (413). A worker that crashes fails its import
 *   (500) and nothing else; the next import starts a new worker.
 * - Workers are kept for the next import and end after `idleMs` without one; they never keep
 *   the process alive.
 *
 * The relay runs its TypeScript through tsx (`node --import tsx`, or vitest in tests); a worker
 * does not inherit that loader, so each registers tsx itself before loading the worker module.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';
import type { DateOrder, ImportNotice } from '../../src/lib/model/import-markdown/index.ts';
import type { ImportJob } from './markdown-worker.ts';

export interface ImportPoolOptions {
	workers: number;
	queue: number;
	timeoutMs: number;
	heapMb: number;
	idleMs: number;
	/** The worker module; markdown-worker.ts unless a test gives another. */
	workerUrl?: string;
}

interface Built {
	ok: true;
	updates: Uint8Array[];
	warnings: string[];
	notices: ImportNotice[];
	listing: Listing;
}

export type ImportOutcome = Built | { ok: false; status: 400 | 413 | 500 | 503; error: string };

type WorkerReply = Built | { ok: false; error: string; isTooLarge?: true };

/** What the group's directory will list of the meeting. */
export interface Listing {
	title: string;
	categories: string[];
}

interface Job extends ImportJob {
	resolve(outcome: ImportOutcome): void;
}

interface PooledWorker {
	worker: Worker;
	/** The running import's handler; null while idle. */
	settle: ((event: WorkerEvent) => void) | null;
	idleTimer?: NodeJS.Timeout;
}

type WorkerEvent =
	| { type: 'reply'; reply: WorkerReply }
	| { type: 'error'; error: Error }
	| { type: 'exit'; code: number }
	| { type: 'timeout' };

export const BUSY_MESSAGE = 'the relay is busy importing other minutes; try again in a few seconds';

const WORKER_URL = new URL('./markdown-worker.ts', import.meta.url).href;

function bootstrap(workerUrl: string): string {
	const tsx = import.meta.resolve('tsx/esm/api');
	return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); });`;
}

export class ImportPool {
	private readonly idle: PooledWorker[] = [];
	private readonly all = new Set<PooledWorker>();
	private readonly waiting: Job[] = [];
	private running = 0;
	private isClosed = false;

	constructor(
		private readonly options: ImportPoolOptions,
		private readonly logger: Logger
	) {}

	/** Whether a new import would be refused for now. */
	get isFull(): boolean {
		return (
			this.isClosed ||
			(this.running >= this.options.workers && this.waiting.length >= this.options.queue)
		);
	}

	/**
	 * Builds the meeting `markdown` describes, as Yjs updates to apply in order, reading numeric
	 * dates in `dateOrder` (the group's). Never rejects.
	 */
	build(markdown: string, meetingId: string, dateOrder: DateOrder = 'dmy'): Promise<ImportOutcome> {
		if (this.isFull) {
			const error = this.isClosed ? 'the relay is stopping' : BUSY_MESSAGE;
			return Promise.resolve({ ok: false, status: 503, error });
		}
		return new Promise((resolve) => {
			this.waiting.push({ markdown, meetingId, dateOrder, resolve });
			this.pump();
		});
	}

	/** Refuses waiting imports, ends every worker (running imports fail) and resolves. */
	async close(): Promise<void> {
		this.isClosed = true;
		for (const job of this.waiting.splice(0)) {
			job.resolve({ ok: false, status: 503, error: 'the relay is stopping' });
		}
		await Promise.all([...this.all].map((pooled) => pooled.worker.terminate()));
	}

	private pump(): void {
		while (!this.isClosed && this.running < this.options.workers && this.waiting.length > 0) {
			this.running++;
			this.run(this.waiting.shift()!);
		}
	}

	private run(job: Job): void {
		const pooled = this.idle.pop() ?? this.spawn();
		clearTimeout(pooled.idleTimer);
		pooled.worker.ref();
		const started = performance.now();
		const timer = setTimeout(() => pooled.settle?.({ type: 'timeout' }), this.options.timeoutMs);
		pooled.settle = (event) => {
			clearTimeout(timer);
			pooled.settle = null;
			const isHealthy = event.type === 'reply';
			if (isHealthy) this.park(pooled);
			else this.end(pooled);
			this.running--;
			const outcome = this.outcome(event, performance.now() - started);
			job.resolve(outcome);
			this.pump();
		};
		const { markdown, meetingId, dateOrder } = job;
		pooled.worker.postMessage({ markdown, meetingId, dateOrder } satisfies ImportJob);
	}

	private outcome(event: WorkerEvent, ms: number): ImportOutcome {
		const { timeoutMs, heapMb } = this.options;
		switch (event.type) {
			case 'reply':
				if (event.reply.ok) return event.reply;
				return { ok: false, status: event.reply.isTooLarge ? 413 : 400, error: event.reply.error };
			case 'timeout':
				this.logger.info('import_refused', { reason: 'timeout', ms: Math.round(ms) });
				return {
					ok: false,
					status: 413,
					error: `the Markdown took longer than ${timeoutMs / 1000} s to import, the most one import may take`
				};
			case 'exit':
				if (this.isClosed) return { ok: false, status: 503, error: 'the relay is stopping' };
				this.logger.error('import_failed', { reason: 'worker_exit', code: event.code });
				return { ok: false, status: 500, error: 'the import failed' };
			case 'error':
				if ((event.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
					this.logger.info('import_refused', { reason: 'memory', ms: Math.round(ms) });
					return {
						ok: false,
						status: 413,
						error: `the Markdown needs more than ${heapMb} MB to import, the most one import may use`
					};
				}
				this.logger.error('import_failed', { reason: 'worker_error', error: event.error });
				return { ok: false, status: 500, error: 'the import failed' };
		}
	}

	private spawn(): PooledWorker {
		const worker = new Worker(bootstrap(this.options.workerUrl ?? WORKER_URL), {
			eval: true,
			// It registers its loader itself; the relay's own flags are not for it.
			execArgv: [],
			resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb }
		});
		const pooled: PooledWorker = { worker, settle: null };
		this.all.add(pooled);
		worker.on('message', (reply: WorkerReply) => pooled.settle?.({ type: 'reply', reply }));
		worker.on('error', (error: Error) => {
			if (pooled.settle) pooled.settle({ type: 'error', error });
			else this.logger.error('import_worker_error', { error });
		});
		worker.on('exit', (code) => {
			this.all.delete(pooled);
			this.drop(pooled);
			pooled.settle?.({ type: 'exit', code });
		});
		return pooled;
	}

	private park(pooled: PooledWorker): void {
		if (this.isClosed) return this.end(pooled);
		pooled.worker.unref();
		pooled.idleTimer = setTimeout(() => this.end(pooled), this.options.idleMs);
		pooled.idleTimer.unref();
		this.idle.push(pooled);
	}

	private end(pooled: PooledWorker): void {
		clearTimeout(pooled.idleTimer);
		this.drop(pooled);
		void pooled.worker.terminate();
	}

	private drop(pooled: PooledWorker): void {
		const at = this.idle.indexOf(pooled);
		if (at >= 0) this.idle.splice(at, 1);
	}
}
