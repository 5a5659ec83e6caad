import { describe, expect, it } from 'vitest';
import { positionAt, positionsAtEnd, type Positioned } from './positions';

/** `n` calls of `positionAt` at the end, each sibling list sorted as the model sorts it. */
function oneByOne(siblings: Positioned[], n: number): Positioned[] {
	let list = siblings.map((s) => ({ ...s }));
	for (let i = 0; i < n; i++) {
		const { pos, rekey } = positionAt(list, list.length);
		const fresh = new Map(rekey.map((r) => [r.id, r.pos]));
		list = list.map((s) => ({ id: s.id, pos: fresh.get(s.id) ?? s.pos }));
		list.push({ id: `new${i}`, pos });
	}
	return list;
}

function inOneGo(siblings: Positioned[], n: number): Positioned[] {
	const { keys, rekey } = positionsAtEnd(siblings, n);
	const fresh = new Map(rekey.map((r) => [r.id, r.pos]));
	return [
		...siblings.map((s) => ({ id: s.id, pos: fresh.get(s.id) ?? s.pos })),
		...keys.map((pos, i) => ({ id: `new${i}`, pos }))
	];
}

describe('positions for many new elements at the end', () => {
	it('are the keys one insert after another would give', () => {
		const cases: Positioned[][] = [
			[],
			[{ id: 'a', pos: 'a0' }],
			[
				{ id: 'a', pos: 'a0' },
				{ id: 'b', pos: 'a0V' }
			],
			// A foreign client's key that is not a fractional index: everything is keyed again.
			[
				{ id: 'a', pos: 'a0' },
				{ id: 'b', pos: 'not a key' }
			]
		];
		for (const siblings of cases) {
			for (const n of [0, 1, 2, 70, 3000]) {
				expect(inOneGo(siblings, n)).toEqual(oneByOne(siblings, n));
			}
		}
	});
});
