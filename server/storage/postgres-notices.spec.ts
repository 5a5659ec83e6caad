import { describe, expect, it } from 'vitest';
import {
	AWARENESS_CHANNEL,
	formatAwarenessNotice,
	GROUPS_CHANNEL,
	parseNotice,
	UPDATES_CHANNEL
} from './postgres-notices.ts';

describe('notices between relays', () => {
	it('reads the notices relays send', () => {
		expect(parseNotice(UPDATES_CHANNEL, '{"r":"relay-1-ab","d":"g/m","a":7,"b":9,"n":2}')).toEqual({
			channel: UPDATES_CHANNEL,
			instance: 'relay-1-ab',
			doc: 'g/m',
			firstId: 7,
			lastId: 9,
			rows: 2
		});
		expect(parseNotice(GROUPS_CHANNEL, '{"g":"group","v":3}')).toEqual({
			channel: GROUPS_CHANNEL,
			groupId: 'group',
			generation: 3
		});
		const update = new Uint8Array([1, 2, 250]);
		expect(parseNotice(AWARENESS_CHANNEL, formatAwarenessNotice('relay-2', 'g/m', update))).toEqual(
			{ channel: AWARENESS_CHANNEL, instance: 'relay-2', doc: 'g/m', update }
		);
	});

	it('refuses what is not one of them', () => {
		for (const [channel, payload] of [
			[UPDATES_CHANNEL, undefined],
			[UPDATES_CHANNEL, 'not json'],
			[UPDATES_CHANNEL, 'null'],
			[UPDATES_CHANNEL, '{"r":"x","d":"g/m","a":9,"b":7,"n":1}'],
			[UPDATES_CHANNEL, '{"r":"x","d":"g/m","a":"7","b":9,"n":1}'],
			[UPDATES_CHANNEL, '{"r":"","d":"g/m","a":7,"b":9,"n":1}'],
			[GROUPS_CHANNEL, '{"g":"group","v":0}'],
			[AWARENESS_CHANNEL, '{"r":"x","d":"g/m"}'],
			['other_channel', '{"g":"group","v":3}']
		] as const) {
			expect(parseNotice(channel, payload)).toBeNull();
		}
	});
});
