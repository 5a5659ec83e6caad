import { expect, test } from 'vitest';
import { readPresence } from './group-presence.svelte';

test('presence lists named people but not this device, by name', () => {
	const states = new Map<number, Record<string, unknown>>([
		[1, { user: { name: 'Me', color: '#111111' } }],
		[2, { user: { name: ' Zoë ', color: '#2a9d8f' } }],
		[3, {}],
		[4, { user: { name: 'Ada', color: 'red' } }],
		[5, { user: { name: '   ' } }]
	]);
	expect(readPresence(states, 1)).toEqual([
		{ clientId: 4, name: 'Ada', color: '#555555' },
		{ clientId: 2, name: 'Zoë', color: '#2a9d8f' }
	]);
});
