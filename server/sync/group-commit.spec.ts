import { describe, expect, it } from 'vitest';
import type { DocumentUpdates } from '../storage/store.ts';
import { GroupCommitter } from './group-commit.ts';

const bytes = (n: number) => new Uint8Array([n]);

/** A store that records each `appendMany` call; `gate` holds a call back until opened. */
function recordingStore() {
	const calls: DocumentUpdates[][] = [];
	let open: () => void = () => {};
	let gate: Promise<void> | undefined;
	return {
		calls,
		hold() {
			gate = new Promise((resolve) => (open = resolve));
		},
		release() {
			gate = undefined;
			open();
		},
		failWith: undefined as Error | undefined,
		async appendMany(batches: readonly DocumentUpdates[]) {
			calls.push([...batches]);
			if (gate) await gate;
			if (this.failWith) throw this.failWith;
		}
	};
}

describe('GroupCommitter', () => {
	it('commits the requests of one turn in one call, each document in order', async () => {
		const store = recordingStore();
		const committer = new GroupCommitter(store);
		const done = [
			committer.commit('a', [bytes(1), bytes(2)]),
			committer.commit('b', [bytes(3)]),
			committer.commit('c', [bytes(4)])
		];
		expect(store.calls).toHaveLength(0);
		await Promise.all(done);
		expect(store.calls).toEqual([
			[
				{ name: 'a', updates: [bytes(1), bytes(2)] },
				{ name: 'b', updates: [bytes(3)] },
				{ name: 'c', updates: [bytes(4)] }
			]
		]);
	});

	it('waits for the end of the turn, not for the microtasks', async () => {
		const store = recordingStore();
		const committer = new GroupCommitter(store);
		const first = committer.commit('a', [bytes(1)]);
		await Promise.resolve();
		await Promise.resolve();
		const second = committer.commit('b', [bytes(2)]);
		await Promise.all([first, second]);
		expect(store.calls).toHaveLength(1);
		await committer.commit('a', [bytes(3)]);
		expect(store.calls).toHaveLength(2);
	});

	it('writes what the settled rooms ask next in a further round, before the next turn', async () => {
		const store = recordingStore();
		const committer = new GroupCommitter(store);
		const order: string[] = [];
		// A room whose next batch waited behind the first one asks again once that is committed.
		const room = (name: string) =>
			committer.commit(name, [bytes(1)]).then(() => {
				order.push(`${name} 1`);
				setImmediate(() => order.push('next turn'));
				return committer.commit(name, [bytes(2)]).then(() => order.push(`${name} 2`));
			});
		await Promise.all([room('a'), room('b')]);
		expect(store.calls.map((call) => call.map((batch) => batch.name))).toEqual([
			['a', 'b'],
			['a', 'b']
		]);
		expect(order).toEqual(['a 1', 'b 1', 'a 2', 'b 2']);
	});

	it('settles a request only once the store has written it', async () => {
		const store = recordingStore();
		store.hold();
		const committer = new GroupCommitter(store);
		let isCommitted = false;
		const request = committer.commit('a', [bytes(1)]).then(() => (isCommitted = true));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(store.calls).toHaveLength(1);
		expect(isCommitted).toBe(false);
		store.release();
		await request;
		expect(isCommitted).toBe(true);
	});

	it('runs one write at a time; requests made meanwhile go together in the next', async () => {
		const store = recordingStore();
		store.hold();
		const committer = new GroupCommitter(store);
		const first = committer.commit('a', [bytes(1)]);
		await new Promise((resolve) => setTimeout(resolve, 10));
		const later = [committer.commit('b', [bytes(2)]), committer.commit('c', [bytes(3)])];
		await new Promise((resolve) => setTimeout(resolve, 10));
		const laterStill = committer.commit('d', [bytes(4)]);
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(store.calls.map((call) => call.map((batch) => batch.name))).toEqual([['a']]);
		expect(committer.waiting).toBe(3);
		store.release();
		await Promise.all([first, ...later, laterStill]);
		expect(store.calls.map((call) => call.map((batch) => batch.name))).toEqual([
			['a'],
			['b', 'c', 'd']
		]);
	});

	it('rejects every request of a failed write with its error, and goes on afterwards', async () => {
		const store = recordingStore();
		const committer = new GroupCommitter(store);
		const failure = new Error('disk I/O error');
		store.failWith = failure;
		const results = await Promise.allSettled([
			committer.commit('a', [bytes(1)]),
			committer.commit('b', [bytes(2)])
		]);
		expect(results).toEqual([
			{ status: 'rejected', reason: failure },
			{ status: 'rejected', reason: failure }
		]);
		store.failWith = undefined;
		// It resolves with its share of the transaction's time.
		await expect(committer.commit('a', [bytes(3)])).resolves.toBeGreaterThanOrEqual(0);
		expect(store.calls).toHaveLength(2);
	});

	it('rejects as well when the store throws before returning a promise', async () => {
		const failure = new Error('database is closed');
		const committer = new GroupCommitter({
			appendMany: () => {
				throw failure;
			}
		});
		await expect(committer.commit('a', [bytes(1)])).rejects.toBe(failure);
	});
});
