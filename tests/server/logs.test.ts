/**
 * Logs are one JSON object per line, and never carry a token or document content, at any level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	randomId,
	startTestRelay,
	waitFor,
	waitSynced,
	type TestRelay
} from '../utils/relay.ts';

const lines: string[] = [];
let relay: TestRelay;

beforeAll(async () => {
	relay = await startTestRelay({}, { logger: createLogger('debug', (line) => lines.push(line)) });
});

afterAll(async () => {
	await relay.close();
});

describe('logs', () => {
	it('are JSON lines without tokens or document content', async () => {
		const group = await createGroup(relay.httpUrl, 'Logged chapter');
		const document = `${group.groupId}/${randomId()}`;
		const writer = connectClient(relay.syncUrl, document, group.tokens.edit);
		const reader = connectClient(relay.syncUrl, document, group.tokens.view);
		await Promise.all([waitSynced(writer), waitSynced(reader)]);
		writer.doc.getText('notes').insert(0, 'CONFIDENTIAL-CONTENT');
		reader.doc.getText('notes').insert(0, 'READER-CONTENT');
		await waitFor(() => reader.doc.getText('notes').toString().includes('CONFIDENTIAL'));
		const refused = openRaw(`${relay.syncUrl}/${document}?token=${group.tokens.edit}x`);
		await refused.refusal;
		const rotated = await fetch(`${relay.httpUrl}/api/groups/${group.groupId}/rotate`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${group.tokens.edit}` }
		});
		const { tokens } = (await rotated.json()) as { tokens: Record<string, string> };
		await waitFor(() => !writer.provider.wsconnected && !reader.provider.wsconnected);
		writer.destroy();
		reader.destroy();
		await waitFor(() => relay.relay.registry.size === 0);

		expect(lines.length).toBeGreaterThan(5);
		const secrets = [...Object.values(group.tokens), ...Object.values(tokens)].map((token) =>
			token.split('.').at(-1)!
		);
		for (const line of lines) {
			const entry = JSON.parse(line) as Record<string, unknown>;
			expect(typeof entry.event).toBe('string');
			expect(typeof entry.time).toBe('string');
			for (const secret of secrets) expect(line).not.toContain(secret);
			expect(line).not.toContain('CONFIDENTIAL');
			expect(line).not.toContain('READER-CONTENT');
			expect(line).not.toContain('Bearer');
		}
		const events = new Set(lines.map((line) => (JSON.parse(line) as { event: string }).event));
		for (const event of ['listening', 'group_created', 'connected', 'upgrade_refused']) {
			expect(events).toContain(event);
		}
	});
});
