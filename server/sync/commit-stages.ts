/**
 * A room's updates between being applied to its doc and being committed: one stage per
 * event-loop turn, whatever the number of connections that wrote in it.
 *
 * A room applies a writer's updates at once and adds them to the open stage; it does not wait
 * for the commit before the next connection's updates are applied. The group committer takes
 * the stage when it writes (end of the turn, group-commit.ts): from then on new updates go to a
 * new stage. Once the stage's transaction has committed, `onCommitted` forwards it, as one
 * merged update, to every connection (docs/contract.md: committed before forwarded).
 *
 * Why: with one commit and one forward per connection batch, a room where 50 people type sends
 * each keystroke to 49 sockets on its own, one write each, and each keystroke waits for the
 * commits of the ones before it in the room's queue. A stage turns the keystrokes of one turn
 * into one transaction and one write per socket.
 *
 * What may be said about the doc must not run ahead of the store: `committedVector` is the
 * doc's state vector as of the last committed stage (receipts carry it), and `settled()`
 * resolves once everything staged so far is committed (answers to a sync step 1, which send the
 * doc's state, wait for it).
 */
import * as Y from 'yjs';

export interface Stage<W> {
	readonly updates: Uint8Array[];
	/** who wrote them; null for the relay's own writes */
	readonly writers: Set<W | null>;
	/** writers that must get the whole update back: it integrated what waited in the doc */
	readonly echo: Set<W>;
	/** resolves once committed and forwarded, with the commit's time shared per writer (ms) */
	readonly done: Promise<number>;
}

interface OpenStage<W> extends Stage<W> {
	done: Promise<number>;
	/** the doc's state vector when the committer took the stage */
	vector: Uint8Array | null;
}

export interface StageHooks<W> {
	/** Commits `take()`'s updates (called by the committer when it writes); resolves with ms. */
	commit(take: () => Uint8Array[]): Promise<number>;
	/** After the stage is committed, before `done` resolves: forward it, send receipts. */
	onCommitted(stage: Stage<W>): void;
	/** The stage's transaction failed; `done` rejects with the same error afterwards. */
	onFailed(error: unknown): void;
}

export class CommitStages<W> {
	private open: OpenStage<W> | null = null;
	private last: Promise<unknown> = Promise.resolve();
	private vector: Uint8Array | null = null;
	/** stages taken by the committer and not settled yet, or open */
	private unsettled = 0;

	constructor(
		private readonly doc: Y.Doc,
		private readonly hooks: StageHooks<W>
	) {}

	/** The doc's state vector as of the last commit (or the load): what the store holds. */
	get committedVector(): Uint8Array {
		this.beforeChange();
		return this.vector!;
	}

	/**
	 * Call before changing the doc: while nothing is staged, the doc is what the store holds (the
	 * load), and that is the vector until the first stage commits.
	 */
	beforeChange(): void {
		if (this.vector === null && this.unsettled === 0) this.vector = Y.encodeStateVector(this.doc);
	}

	/** Adds updates just applied to the doc; returns the stage they will be committed in. */
	add(writer: W | null, updates: Uint8Array[], isEchoed: boolean): Stage<W> {
		const stage = (this.open ??= this.openStage());
		stage.updates.push(...updates);
		stage.writers.add(writer);
		if (isEchoed && writer !== null) stage.echo.add(writer);
		return stage;
	}

	/** Resolves once everything staged so far is committed; never rejects. */
	async settled(): Promise<void> {
		await this.last.catch(() => {});
	}

	private openStage(): OpenStage<W> {
		this.unsettled++;
		const stage: OpenStage<W> = {
			updates: [],
			writers: new Set(),
			echo: new Set(),
			vector: null,
			done: Promise.resolve(0)
		};
		const take = () => {
			if (this.open === stage) this.open = null;
			stage.vector = Y.encodeStateVector(this.doc);
			return stage.updates;
		};
		const done = this.hooks.commit(take).then(
			(ms) => {
				this.unsettled--;
				this.vector = stage.vector;
				this.hooks.onCommitted(stage);
				return ms / Math.max(1, stage.writers.size);
			},
			(error: unknown) => {
				this.unsettled--;
				if (this.open === stage) this.open = null;
				this.hooks.onFailed(error);
				throw error;
			}
		);
		// Connections do not wait for their stage; the room fails on its own when it fails.
		done.catch(() => {});
		stage.done = done;
		this.last = done;
		return stage;
	}
}
