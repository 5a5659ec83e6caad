import { describe, expect, test } from 'vitest';
import type { AgendaNode } from '$lib/model/agenda';
import { flatten, groupBy, reuseUnchanged } from './rows';

function node(id: string, number: string, children: AgendaNode[] = []): AgendaNode {
	return {
		id,
		parentId: null,
		pos: number,
		depth: number.split('.').length - 1,
		number,
		title: `Item ${number}`,
		presenter: '',
		timeBox: null,
		isPrivate: false,
		numbered: true,
		children
	};
}

const tree = () => [node('a', '1', [node('b', '1.a', [node('c', '1.a.i')])]), node('d', '2')];

describe('agenda rows', () => {
	test('are the tree in reading order with sibling positions, collapsed items folded', () => {
		expect(flatten(tree()).map((r) => [r.id, r.index, r.siblingCount, r.hasChildren])).toEqual([
			['a', 0, 2, true],
			['b', 0, 1, true],
			['c', 0, 1, false],
			['d', 1, 2, false]
		]);
		expect(flatten(tree(), new Set(['b'])).map((r) => r.id)).toEqual(['a', 'b', 'd']);
		expect(flatten(tree())[0]).not.toHaveProperty('children');
	});

	test('keep the previous objects where nothing changed', () => {
		const before = tree();
		expect(reuseUnchanged(before, tree())).toBe(before);
		const next = tree();
		next[0].children[0].children[0].title = 'Renamed';
		const after = reuseUnchanged(before, next);
		expect(after[1]).toBe(before[1]);
		expect(after[0]).not.toBe(before[0]);
		expect(after[0].children[0].children[0].title).toBe('Renamed');
	});

	test('group by a key in order, leaving out what has none', () => {
		const peers = [
			{ name: 'Sam', itemId: 'a' },
			{ name: 'Lena', itemId: null },
			{ name: 'Joy', itemId: 'a' }
		];
		expect(groupBy(peers, (p) => p.itemId ?? undefined)).toEqual(
			new Map([['a', [peers[0], peers[2]]]])
		);
		expect(groupBy(peers, (p) => p.itemId).get(null)).toEqual([peers[1]]);
	});
});
