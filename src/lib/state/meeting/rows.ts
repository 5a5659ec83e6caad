/**
 * The agenda tree as the screen draws it: rows in reading order, folded items left out, and the
 * previous objects kept where nothing changed so Svelte re-renders only what did.
 */
import type { AgendaNode } from '$lib/model/agenda';

/** A row of the agenda as the screen draws it: the tree node without its children. */
export type AgendaRow = Omit<AgendaNode, 'children'> & {
	hasChildren: boolean;
	/** Index among its siblings and their count, for "move up/down" buttons. */
	index: number;
	siblingCount: number;
};

/**
 * The new tree with every unchanged node (same fields, same children) replaced by the previous
 * object, so a keystroke in one title re-renders that item only, not the whole agenda.
 */
export function reuseUnchanged(previous: AgendaNode[], next: AgendaNode[]): AgendaNode[] {
	const old = new Map<string, AgendaNode>();
	const index = (nodes: AgendaNode[]) =>
		nodes.forEach((node) => {
			old.set(node.id, node);
			index(node.children);
		});
	index(previous);
	const same = (a: AgendaNode[], b: AgendaNode[]) =>
		a.length === b.length && a.every((node, i) => node === b[i]);
	const visit = (nodes: AgendaNode[]): AgendaNode[] =>
		nodes.map((node) => {
			const children = visit(node.children);
			const prev = old.get(node.id);
			if (
				prev &&
				same(prev.children, children) &&
				(Object.keys(node) as (keyof AgendaNode)[]).every(
					(key) => key === 'children' || prev[key] === node[key]
				)
			) {
				return prev;
			}
			return children === node.children ? node : { ...node, children };
		});
	const result = visit(next);
	return same(previous, result) ? previous : result;
}

function toRow(node: AgendaNode, index: number, siblingCount: number): AgendaRow {
	const { children, ...rest } = node;
	return { ...rest, hasChildren: children.length > 0, index, siblingCount };
}

/** The tree in reading order, leaving out what collapsed items hold. */
export function flatten(
	tree: AgendaNode[],
	collapsed: ReadonlySet<string> = new Set()
): AgendaRow[] {
	const out: AgendaRow[] = [];
	const walk = (nodes: AgendaNode[]) =>
		nodes.forEach((node, i) => {
			out.push(toRow(node, i, nodes.length));
			if (!collapsed.has(node.id)) walk(node.children);
		});
	walk(tree);
	return out;
}

/** `list` grouped by `key` in order; what has no key (undefined) is left out. */
export function groupBy<T, K>(list: readonly T[], key: (value: T) => K | undefined): Map<K, T[]> {
	const map = new Map<K, T[]>();
	for (const value of list) {
		const k = key(value);
		if (k === undefined) continue;
		const group = map.get(k);
		if (group) group.push(value);
		else map.set(k, [value]);
	}
	return map;
}
