/**
 * Which clocks of each client are deleted in a document, kept up to date transaction by
 * transaction, so that a delete set can be checked against the document in O(ranges · log n)
 * instead of walking every struct (`Y.createDeleteSetFromStructStore` is O(document)).
 *
 * In Yjs a deleted struct never comes back, so the deleted clocks only grow: after each
 * transaction the index adds the ranges the transaction deleted (`transaction.deleteSet`) and the
 * new structs that arrived already deleted (GC structs, deleted content, items whose parent is
 * gone), found between the transaction's state before and after. Both are proportional to the
 * transaction, not to the document.
 */
import * as Y from 'yjs';

/** Sorted, disjoint, non-touching half-open ranges [starts[i], ends[i]). */
interface Ranges {
	starts: number[];
	ends: number[];
}

/** Below this many new ranges for a client, each is inserted on its own; above, lists are merged. */
const MERGE_AFTER = 16;

export class DeletionIndex {
	private readonly clients = new Map<number, Ranges>();

	constructor(private readonly doc: Y.Doc) {
		doc.on('afterTransaction', this.onTransaction);
	}

	/** Whether every clock of `client` in [start, end) is deleted. */
	covers(client: number, start: number, end: number): boolean {
		if (end <= start) return true;
		const ranges = this.clients.get(client);
		if (!ranges) return false;
		const at = upperBound(ranges.starts, start) - 1;
		return at >= 0 && ranges.ends[at] >= end;
	}

	/** The deleted ranges of every client, for tests. */
	toMap(): Map<number, [number, number][]> {
		return new Map(
			[...this.clients].map(([client, { starts, ends }]) => [
				client,
				starts.map((start, i): [number, number] => [start, ends[i]])
			])
		);
	}

	destroy(): void {
		this.doc.off('afterTransaction', this.onTransaction);
		this.clients.clear();
	}

	private readonly onTransaction = (transaction: Y.Transaction) => {
		const added = new Map<number, [number, number][]>();
		const add = (client: number, start: number, end: number) => {
			const list = added.get(client);
			const last = list?.[list.length - 1];
			if (last && last[1] === start) last[1] = end;
			else if (list) list.push([start, end]);
			else added.set(client, [[start, end]]);
		};
		for (const [client, deleted] of transaction.deleteSet.clients) {
			for (const { clock, len } of deleted) add(client, clock, clock + len);
		}
		for (const [client, after] of transaction.afterState) {
			const before = transaction.beforeState.get(client) ?? 0;
			if (after <= before) continue;
			const structs = this.doc.store.clients.get(client);
			if (!structs) continue;
			for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
				const struct = structs[i];
				if (struct.deleted) {
					add(client, Math.max(before, struct.id.clock), struct.id.clock + struct.length);
				}
			}
		}
		for (const [client, list] of added) this.addRanges(client, list);
	};

	private addRanges(client: number, list: [number, number][]): void {
		let ranges = this.clients.get(client);
		if (!ranges) {
			ranges = { starts: [], ends: [] };
			this.clients.set(client, ranges);
		}
		if (list.length <= MERGE_AFTER) {
			for (const [start, end] of list) insert(ranges, start, end);
			return;
		}
		list.sort((a, b) => a[0] - b[0]);
		this.clients.set(client, merge(ranges, list));
	}
}

/** First index whose value is greater than `value`. */
function upperBound(values: number[], value: number): number {
	let low = 0;
	let high = values.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (values[middle] <= value) low = middle + 1;
		else high = middle;
	}
	return low;
}

/** First index whose value is at least `value`. */
function lowerBound(values: number[], value: number): number {
	let low = 0;
	let high = values.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (values[middle] < value) low = middle + 1;
		else high = middle;
	}
	return low;
}

function insert(ranges: Ranges, start: number, end: number): void {
	if (end <= start) return;
	// Ranges that overlap or touch [start, end) are replaced by one.
	const first = lowerBound(ranges.ends, start);
	const last = upperBound(ranges.starts, end) - 1;
	if (first > last) {
		ranges.starts.splice(first, 0, start);
		ranges.ends.splice(first, 0, end);
		return;
	}
	const merged = [Math.min(start, ranges.starts[first]), Math.max(end, ranges.ends[last])];
	ranges.starts.splice(first, last - first + 1, merged[0]);
	ranges.ends.splice(first, last - first + 1, merged[1]);
}

/** Both inputs sorted by start; O(n + m). */
function merge(ranges: Ranges, sorted: [number, number][]): Ranges {
	const result: Ranges = { starts: [], ends: [] };
	const push = (start: number, end: number) => {
		if (end <= start) return;
		const last = result.ends.length - 1;
		if (last >= 0 && start <= result.ends[last]) {
			result.ends[last] = Math.max(result.ends[last], end);
		} else {
			result.starts.push(start);
			result.ends.push(end);
		}
	};
	let i = 0;
	let j = 0;
	while (i < ranges.starts.length || j < sorted.length) {
		if (j >= sorted.length || (i < ranges.starts.length && ranges.starts[i] <= sorted[j][0])) {
			push(ranges.starts[i], ranges.ends[i]);
			i++;
		} else {
			push(sorted[j][0], sorted[j][1]);
			j++;
		}
	}
	return result;
}
