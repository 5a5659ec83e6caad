/**
 * Group commit: the writes of every room in one event-loop turn go to the store in one
 * transaction, so a busy relay pays for one commit per turn instead of one per room batch.
 *
 * A room calls `commit(doc, updates)` and waits. The committer collects every request made
 * until the end of the turn, writes them all with one `store.appendMany`, then settles every
 * request: each room forwards its own batch and schedules its receipts only after that (an
 * update is committed before it is forwarded), or, when the transaction failed, each room sees
 * the same error and fails as it would on its own failed write.
 *
 * Why `setImmediate` and not a microtask: Node reads the sockets that are ready in the poll
 * phase, one after the other, and runs the microtasks after each socket's callback; that is
 * where a room applies a connection's batch and asks to commit it. A flush on `queueMicrotask`
 * or `process.nextTick` would run before the next socket is even read, so every room would
 * still commit alone. The check phase, where `setImmediate` callbacks run, comes right after
 * the poll phase, with no timer and no wait for I/O in between: by then every socket that was
 * readable in this turn has been read and its room has asked to commit, and a room waits at
 * most the rest of the turn. Requests made during the flush itself (a room's next batch, once
 * its previous one is committed) go to the next turn's flush, after the next poll.
 *
 * One flush at a time: with a store whose writes take a while (not the SQLite one, whose writes
 * are synchronous), requests made meanwhile wait and go together in the next flush.
 */
import type { DocumentUpdates, Store } from '../storage/store.ts';

interface Request extends DocumentUpdates {
	resolve(): void;
	reject(error: unknown): void;
}

export class GroupCommitter {
	private pending: Request[] = [];
	private isScheduled = false;
	private isFlushing = false;

	constructor(private readonly store: Pick<Store, 'appendMany'>) {}

	/**
	 * Resolves once `updates` (of the document `name`, oldest first) are durable, together with
	 * those of every other document that asked in the same turn; rejects with the store's error
	 * when that transaction failed. A caller asks again for the same document only after this
	 * settled.
	 */
	commit(name: string, updates: Uint8Array[]): Promise<void> {
		return new Promise((resolve, reject) => {
			this.pending.push({ name, updates, resolve, reject });
			this.schedule();
		});
	}

	/** How many requests wait for the next flush. */
	get waiting(): number {
		return this.pending.length;
	}

	private schedule(): void {
		if (this.isScheduled || this.isFlushing || this.pending.length === 0) return;
		this.isScheduled = true;
		setImmediate(this.flush);
	}

	private readonly flush = async (): Promise<void> => {
		this.isScheduled = false;
		const requests = this.pending;
		this.pending = [];
		this.isFlushing = true;
		try {
			await this.store.appendMany(requests.map(({ name, updates }) => ({ name, updates })));
		} catch (error) {
			for (const request of requests) request.reject(error);
			return;
		} finally {
			this.isFlushing = false;
			this.schedule();
		}
		for (const request of requests) request.resolve();
	};
}
