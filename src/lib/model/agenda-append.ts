/**
 * Appending a whole agenda tree at once (import): the same items `addAgendaItem` makes one by
 * one, written level by level with the positions of each level made in one go.
 */
import * as Y from 'yjs';
import { itemMap, siblingsOf, writeItemFields, type NewItem } from './agenda';
import { newId } from './ids';
import { positionsAtEnd, type Positioned } from './positions';
import { asMap, checkCount } from './read';
import { minutesRoots, transact } from './schema';

export interface NewItemTree extends Omit<NewItem, 'parentId' | 'index'> {
	children?: NewItemTree[];
}

/**
 * Add `tree` as the last children of `parentId` (null: top level), sub-items included; returns
 * their ids in reading order. The same items `addAgendaItem` would make one by one, but the
 * parent's children are read once and each level's positions are made in one go, so building a
 * whole agenda (import) costs its size rather than its size squared.
 */
export function appendAgendaTree(
	doc: Y.Doc,
	parentId: string | null,
	tree: NewItemTree[],
	origin?: unknown
): string[] {
	if (parentId !== null && !itemMap(doc, parentId)) throw new RangeError('unknown parent item');
	const check = (nodes: NewItemTree[]) => {
		for (const node of nodes) {
			checkCount(node.timeBox ?? null, 'timeBox');
			if (node.children) check(node.children);
		}
	};
	check(tree);
	const ids: string[] = [];
	return transact(doc, origin, () => {
		const { items } = minutesRoots(doc);
		const append = (parent: string | null, siblings: Positioned[], nodes: NewItemTree[]) => {
			const { keys, rekey } = positionsAtEnd(siblings, nodes.length);
			for (const r of rekey) asMap(items.get(r.id))?.set('pos', r.pos);
			nodes.forEach((node, i) => {
				const id = node.id ?? newId();
				ids.push(id);
				const map = new Y.Map<unknown>();
				items.set(id, map);
				map.set('parent', parent);
				map.set('pos', keys[i]);
				writeItemFields(map, node);
				if (node.children?.length) append(id, [], node.children);
			});
		};
		append(parentId, siblingsOf(doc, parentId), tree);
		return ids;
	});
}
