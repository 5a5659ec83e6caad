import { describe, expect, test } from 'vitest';
import type { DocumentStatus } from './status-events';
import type { RelayStatus } from '$lib/sync/relay-connection';
import { overallStatus, type StatusInput } from './overall-status';

function doc(relay: Partial<RelayStatus> | null, unsavedUpdates = 0): DocumentStatus {
	return {
		name: 'g/m',
		kind: 'minutes',
		groupId: 'g',
		meetingId: 'm',
		storage: { isLoaded: true, unsavedUpdates, issue: null },
		relay: relay && {
			phase: 'connected',
			pending: 0,
			hasReceipt: true,
			lastReceiptAt: 1,
			attempts: 0,
			error: null,
			...relay
		}
	};
}

function text(input: Partial<StatusInput>) {
	return overallStatus({
		isBrowserOnline: true,
		hasRelayGroups: true,
		documents: [],
		closedPending: 0,
		...input
	}).text;
}

describe('the sync status line', () => {
	test('offline wins over everything but a relay that answers', () => {
		const closed = { phase: 'offline', hasReceipt: false, pending: 3 } as const;
		expect(
			text({ isBrowserOnline: false, documents: [doc(closed), doc({ phase: 'failed' })] })
		).toBe('Offline — saved on this device');
	});
	test('a relay that answers outweighs a browser that says it is offline', () => {
		expect(text({ isBrowserOnline: false, documents: [doc({})] })).toBe('Up to date');
		expect(
			text({ isBrowserOnline: false, documents: [doc({ phase: 'connecting', hasReceipt: false })] })
		).toBe('Offline — saved on this device');
	});
	test('loading until the groups are read', () => {
		expect(text({ isLoaded: false })).toBe('Loading…');
	});
	test('the local notebook says where its data lives', () => {
		expect(text({ hasRelayGroups: false })).toBe('Saved on this device');
	});
	test('connecting until a receipt arrives', () => {
		expect(text({ documents: [doc({ phase: 'connecting', hasReceipt: false })] })).toBe(
			'Connecting…'
		);
		expect(text({ documents: [] })).toBe('Connecting…');
	});
	test('counts changes waiting, open and closed documents together', () => {
		expect(text({ documents: [doc({ pending: 1 })] })).toBe('1 change waiting');
		expect(text({ documents: [doc({ pending: 2 }), doc({ pending: 1 })], closedPending: 4 })).toBe(
			'7 changes waiting'
		);
	});
	test('up to date only when every receipt covers every change', () => {
		expect(text({ documents: [doc({}), doc({})] })).toBe('Up to date');
		expect(text({ documents: [doc({}, 1)] })).toBe('1 change waiting');
	});
	test('an unreachable relay reads as offline, a stopped document as a problem', () => {
		expect(text({ documents: [doc({ phase: 'unreachable', hasReceipt: false })] })).toMatch(
			/offline/i
		);
		// The browser believes it is online: the relay is out of reach, the notes are here.
		expect(
			text({
				documents: [
					doc({ phase: 'unreachable', hasReceipt: false, pending: 2 }),
					doc({ phase: 'offline', hasReceipt: false })
				]
			})
		).toBe('Relay offline — saved on this device');
		expect(text({ documents: [doc({ phase: 'failed', error: 'too large' })] })).toMatch(
			/sync problem/i
		);
	});
});
