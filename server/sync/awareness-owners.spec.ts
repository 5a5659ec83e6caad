import { describe, expect, it } from 'vitest';
import { AwarenessOwners } from './awareness-owners.ts';
import type { AwarenessEntry } from './protocol.ts';

const RELAY = 1;
const entry = (clientId: number, clock: number, state: unknown = { n: clock }): AwarenessEntry => ({
	clientId,
	clock,
	state
});

describe('AwarenessOwners', () => {
	it('lets a connection change only the states it owns', () => {
		const owners = new AwarenessOwners<string>(RELAY);
		const clocks = new Map<number, number>();
		const clockOf = (id: number) => clocks.get(id);
		expect(owners.filter('a', [entry(10, 1)], clockOf).allowed).toHaveLength(1);
		owners.record('a', [10], []);
		clocks.set(10, 1);
		// Someone else's echo, removal or newer clock: dropped; only the newer clock is a claim.
		const { allowed, contested } = owners.filter(
			'b',
			[entry(10, 1), entry(10, 1, null), entry(10, 5), entry(11, 1), entry(RELAY, 9)],
			clockOf
		);
		expect(allowed).toEqual([entry(11, 1)]);
		expect(contested).toEqual(['a']);
		expect(owners.mayChange('a', 10)).toBe(true);
		expect(owners.mayChange('b', 10)).toBe(false);
		expect(owners.mayChange('a', RELAY)).toBe(false);
	});

	it('frees the states of a connection that leaves and names who claimed them', () => {
		const owners = new AwarenessOwners<string>(RELAY);
		owners.record('a', [10, 12], []);
		owners.filter('b', [entry(10, 3)], () => 2);
		owners.filter('c', [entry(12, 3)], () => 2);
		owners.release('c');
		expect(owners.release('a')).toEqual({ ids: [10, 12], claimants: ['b'] });
		expect(owners.mayChange('b', 10)).toBe(true);
		owners.record('b', [10], []);
		expect(owners.ownedBy('b')).toEqual([10]);
	});

	it('frees a state that was removed, by its owner or by the timeout', () => {
		const owners = new AwarenessOwners<string>(RELAY);
		owners.record('a', [10], []);
		owners.filter('b', [entry(10, 3)], () => 2);
		expect(owners.record(undefined, [], [10])).toEqual(['b']);
		expect(owners.ownedBy('a')).toEqual([]);
		expect(owners.mayChange('b', 10)).toBe(true);
	});
});
