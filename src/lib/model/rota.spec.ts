import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDirectory } from './directory';
import { checkRota, groupRota, nextRoles, setRota } from './rota';

const ROTA = ['Amara', 'Ben', 'Chidi', 'Dana'];

describe('the rota in the directory', () => {
	it('is stored as one plain value, read back in order, cleared by an empty list', () => {
		const doc = new Y.Doc();
		createDirectory(doc, { name: 'Chapter' });
		expect(groupRota(doc)).toEqual([]);
		setRota(doc, [' Amara ', 'Ben']);
		expect(doc.getMap('group').get('rota')).toEqual({ members: ['Amara', 'Ben'] });
		expect(groupRota(doc)).toEqual(['Amara', 'Ben']);
		setRota(doc, []);
		expect(doc.getMap('group').has('rota')).toBe(false);
	});

	it('refuses bad lists with a clear error, and reads a malformed stored value as empty', () => {
		expect(() => checkRota('Amara')).toThrow(/list of names/);
		expect(() => checkRota(['Amara', 'amara'])).toThrow(/twice/);
		expect(() => checkRota(['  '])).toThrow(/empty/);
		expect(() => checkRota(['x'.repeat(81)])).toThrow(/80/);
		expect(() => checkRota([3])).toThrow(/name/);
		const doc = new Y.Doc();
		doc.getMap('group').set('rota', { members: 'Amara' });
		expect(groupRota(doc)).toEqual([]);
		doc.getMap('group').set('rota', { members: ['Amara', 7, 'AMARA', 'Ben'] });
		expect(groupRota(doc)).toEqual(['Amara', 'Ben']);
	});

	it('two devices setting it offline converge on one list (last writer wins)', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		setRota(a, ['Amara', 'Ben']);
		setRota(b, ['Chidi']);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(groupRota(a)).toEqual(groupRota(b));
	});
});

describe('who is next', () => {
	it('turns on from the last facilitator; the minute-taker is the member after', () => {
		expect(nextRoles(ROTA, { facilitator: 'Amara', minuteTaker: 'Ben' })).toEqual({
			facilitator: 'Ben',
			minuteTaker: 'Chidi'
		});
		expect(nextRoles(ROTA, { facilitator: 'chidi', minuteTaker: '' })).toEqual({
			facilitator: 'Dana',
			minuteTaker: 'Amara'
		});
	});

	it('wraps around at the end of the rota', () => {
		expect(nextRoles(ROTA, { facilitator: 'Dana', minuteTaker: 'Amara' })).toEqual({
			facilitator: 'Amara',
			minuteTaker: 'Ben'
		});
	});

	it('a facilitator not on the rota: the minute-taker’s place, else the top', () => {
		expect(nextRoles(ROTA, { facilitator: 'Guest', minuteTaker: 'Chidi' })).toEqual({
			facilitator: 'Chidi',
			minuteTaker: 'Dana'
		});
		expect(nextRoles(ROTA, { facilitator: 'Guest', minuteTaker: 'Visitor' })).toEqual({
			facilitator: 'Amara',
			minuteTaker: 'Ben'
		});
		expect(nextRoles(ROTA, { facilitator: '', minuteTaker: '' })).toEqual({
			facilitator: 'Amara',
			minuteTaker: 'Ben'
		});
	});

	it('an empty rota rotates nobody; a rota of one gives both roles to that member', () => {
		expect(nextRoles([], { facilitator: 'Amara', minuteTaker: 'Ben' })).toBeNull();
		expect(nextRoles(['Amara'], { facilitator: 'Amara', minuteTaker: '' })).toEqual({
			facilitator: 'Amara',
			minuteTaker: 'Amara'
		});
	});
});
