/**
 * Invariants of a minutes document, checked on the derived views (what every screen reads):
 * every item reachable exactly once, no cycles, siblings strictly ordered by (position, id),
 * every block shown exactly once and attached to an existing item or the meeting.
 *
 * Positions are not required to be valid keys: while updates arrive out of order, Yjs applies an
 * update's deletions before structs it still waits for, so a replica can briefly see an item
 * without `pos` or `parent`. The derived views order such an item first, at the top level.
 */
import * as Y from 'yjs';
import { agendaTree, type AgendaNode } from './agenda';
import { allBlocks } from './blocks';
import { comparePositioned } from './positions';
import { asMap } from './read';
import { minutesRoots } from './schema';

/** Problems found, as sentences; empty when the document is sound. */
export function checkMeeting(doc: Y.Doc): string[] {
	const problems: string[] = [];
	const { items, blocks } = minutesRoots(doc);
	const stored = new Set<string>();
	items.forEach((value, id) => {
		if (asMap(value)) stored.add(id);
		else problems.push(`item ${id} is not a map`);
	});

	const seen = new Map<string, number>();
	const walk = (nodes: AgendaNode[], parent: AgendaNode | null, path: Set<string>) => {
		const labels = new Set<string>();
		nodes.forEach((node, i) => {
			seen.set(node.id, (seen.get(node.id) ?? 0) + 1);
			if (path.has(node.id)) problems.push(`cycle through item ${node.id}`);
			if (node.parentId !== (parent?.id ?? null)) problems.push(`item ${node.id}: wrong parent`);
			if (node.depth !== (parent ? parent.depth + 1 : 0)) problems.push(`item ${node.id}: depth`);
			if (i > 0 && comparePositioned(nodes[i - 1], node) >= 0) {
				problems.push(`item ${node.id}: not after its previous sibling`);
			}
			if (labels.has(node.number)) problems.push(`number ${node.number} given twice`);
			labels.add(node.number);
			if (!path.has(node.id)) walk(node.children, node, new Set(path).add(node.id));
		});
	};
	walk(agendaTree(doc), null, new Set());
	for (const id of stored) {
		const n = seen.get(id) ?? 0;
		if (n !== 1) problems.push(`item ${id} appears ${n} times in the agenda`);
	}
	for (const id of seen.keys()) {
		if (!stored.has(id)) problems.push(`agenda shows unknown item ${id}`);
	}

	const all = allBlocks(doc);
	const byItem = new Map<string | null, typeof all>();
	for (const b of all) {
		const list = byItem.get(b.itemId);
		if (list) list.push(b);
		else byItem.set(b.itemId, [b]);
	}
	const shown = new Map<string, number>();
	for (const [itemId, list] of byItem) {
		if (itemId !== null && !stored.has(itemId)) {
			problems.push(`blocks attached to missing item ${itemId}`);
		}
		list.sort(comparePositioned).forEach((b, i) => {
			shown.set(b.id, (shown.get(b.id) ?? 0) + 1);
			if (i > 0 && comparePositioned(list[i - 1], b) >= 0) {
				problems.push(`block ${b.id}: not after its previous sibling`);
			}
		});
	}
	for (const b of all) {
		if (shown.get(b.id) !== 1) problems.push(`block ${b.id} shown ${shown.get(b.id) ?? 0} times`);
	}
	const readable = new Set(all.map((b) => b.id));
	blocks.forEach((value, id) => {
		if (!readable.has(id)) problems.push(`block ${id} is unreadable`);
	});
	return problems;
}

/** Throws an Error listing the problems, if any. */
export function assertMeeting(doc: Y.Doc): void {
	const problems = checkMeeting(doc);
	if (problems.length) throw new Error(`meeting invariants broken:\n${problems.join('\n')}`);
}
