/**
 * Group commit: the writes of every room in one event-loop turn go to the store together, so a
 * busy relay pays for one commit per round of rooms instead of one per room batch.
 *
 * A room calls `commit(doc, updates)` and waits. `updates` may be a function, called when the
 * transaction is written: a room keeps adding the updates of the turn to its stage until then
 * (commit-stages.ts). The committer collects every request made
 * until the end of the turn, writes them all with one `store.appendMany` (one transaction),
 * then settles every request: each room forwards its own batch and schedules its receipts only
 * after that (an update is committed before it is forwarded), or, when the transaction failed,
 * each room sees the same error and fails as it would on its own failed write.
 *
 * Why `setImmediate` and not a microtask: Node reads the sockets that are ready in the poll
 * phase, one after the other, and runs the microtasks after each socket's callback; that is
 * where a room applies a connection's batch and asks to commit it. A flush on `queueMicrotask`
 * or `process.nextTick` would run before the next socket is even read, so every room would
 * still commit alone. The check phase, where `setImmediate` callbacks run, comes right after
 * the poll phase, with no timer and no wait for I/O in between: by then every socket that was
 * readable in this turn has been read and its room has asked to commit, and a room waits at
 * most the rest of the turn.
 *
 * Rounds: a room runs one task at a time, so when several of its connections sent in the same
 * turn, only the first one's batch is in the first transaction; the others wait in the room's
 * queue behind it. Once a transaction is settled, the committer lets the microtasks run out
 * (each room forwards and applies its next batch, which asks to commit) and writes what was
 * asked meanwhile right away, in the same check phase, as the next transaction, until no room
 * asks. Leaving those to the next turn would hold each room to one batch per turn: measured
 * under the benchmark's load, that cost more in waiting than the commits it saved.
 *
 * One write at a time: with a store whose writes take a while (not the SQLite one, whose writes
 * are synchronous), requests made meanwhile wait and go together in the next transaction.
 */
import type { DocumentUpdates, Store } from '../storage/store.ts';

interface Request {
	name: string;
	updates: Uint8Array[] | (() => Uint8Array[]);
	resolve(shareMs: number): void;
	reject(error: unknown): void;
}

export class GroupCommitter {
	private pending: Request[] = [];
	private isScheduled = false;
	private isRunning = false;

	constructor(private readonly store: Pick<Store, 'appendMany'>) {}

	/**
	 * Resolves once `updates` (of the document `name`, oldest first) are durable, together with
	 * those of every other document that asked in the same round; rejects with the store's error
	 * when that transaction failed. A caller asks again for the same document only after this
	 * settled. Resolves with this request's share of the transaction's time, in milliseconds:
	 * the work it cost, without the wait for its round.
	 */
	commit(name: string, updates: Request['updates']): Promise<number> {
		return new Promise((resolve, reject) => {
			this.pending.push({ name, updates, resolve, reject });
			this.schedule();
		});
	}

	/** How many requests wait for the next transaction. */
	get waiting(): number {
		return this.pending.length;
	}

	private schedule(): void {
		if (this.isScheduled || this.isRunning) return;
		this.isScheduled = true;
		setImmediate(this.run);
	}

	private readonly run = async (): Promise<void> => {
		this.isScheduled = false;
		this.isRunning = true;
		try {
			while (this.pending.length > 0) {
				const requests = this.pending;
				this.pending = [];
				await this.write(requests);
				await microtasksDone();
			}
		} finally {
			this.isRunning = false;
		}
	};

	private async write(requests: Request[]): Promise<void> {
		const started = performance.now();
		try {
			const batches: DocumentUpdates[] = requests.map(({ name, updates }) => ({
				name,
				updates: typeof updates === 'function' ? updates() : updates
			}));
			const nonEmpty = batches.filter((batch) => batch.updates.length > 0);
			if (nonEmpty.length > 0) await this.store.appendMany(nonEmpty);
		} catch (error) {
			for (const request of requests) request.reject(error);
			return;
		}
		const shareMs = (performance.now() - started) / requests.length;
		for (const request of requests) request.resolve(shareMs);
	}
}

/**
 * Resolves once the microtasks queued so far, and those they queue in turn, have run: Node runs
 * a `process.nextTick` callback queued from a microtask only when the microtask queue is empty.
 */
function microtasksDone(): Promise<void> {
	return new Promise((resolve) => process.nextTick(resolve));
}
