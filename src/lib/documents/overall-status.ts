/**
 * The one-line sync status of the app bar, from the documents' states. Pure, so every state and
 * its words are unit-tested (overall-status.spec.ts). docs/contract.md: the text contains "offline" while
 * offline and "up to date" once every local change is on the relay.
 */
import type { DocumentStatus } from './status-events';

export type StatusTone = 'ok' | 'busy' | 'waiting' | 'offline' | 'error';

export interface OverallStatus {
	text: string;
	tone: StatusTone;
	/** a longer sentence for the detail view and the tooltip */
	detail: string;
	pending: number;
}

export interface StatusInput {
	isBrowserOnline: boolean;
	/** false while this device's groups are still being read */
	isLoaded?: boolean;
	/** whether any group of this device syncs with a relay */
	hasRelayGroups: boolean;
	documents: DocumentStatus[];
	/** changes of closed documents the relay has not confirmed */
	closedPending: number;
}

export const OFFLINE_TEXT = 'Offline — saved on this device';
/** The browser believes it is online, but the relay does not answer (a dead venue uplink). */
export const UNREACHABLE_TEXT = 'Relay offline — saved on this device';
export const LOCAL_TEXT = 'Saved on this device';
export const CONNECTING_TEXT = 'Connecting…';
export const UP_TO_DATE_TEXT = 'Up to date';

export function waitingText(count: number): string {
	return count === 1 ? '1 change waiting' : `${count} changes waiting`;
}

export function overallStatus(input: StatusInput): OverallStatus {
	const relays = input.documents.flatMap((d) => (d.relay ? [d.relay] : []));
	const pending = relays.reduce((sum, r) => sum + r.pending, 0) + input.closedPending;
	const unsaved = input.documents.reduce((sum, d) => sum + d.storage.unsavedUpdates, 0);
	const waitingDetail = pending ? ` ${waitingText(pending)} for the relay.` : '';

	// A browser can be wrong about the network (no `online` event after a reload made offline):
	// a connection the relay answers is the better witness.
	const isRelayAnswering = relays.some((r) => r.phase === 'connected' && r.hasReceipt);
	if (!input.isBrowserOnline && !isRelayAnswering) {
		return {
			text: OFFLINE_TEXT,
			tone: 'offline',
			detail: `No network. Your changes are kept on this device and sync when the network returns.${waitingDetail}`,
			pending
		};
	}
	if (input.isLoaded === false) {
		return { text: 'Loading…', tone: 'busy', detail: 'Reading this device’s meetings.', pending };
	}
	if (!input.hasRelayGroups) {
		return {
			text: LOCAL_TEXT,
			tone: 'ok',
			detail: 'This notebook lives on this device only; no relay keeps a copy.',
			pending: 0
		};
	}
	const failed = relays.filter((r) => r.phase === 'failed');
	if (failed.length) {
		return {
			text: 'Sync problem — saved on this device',
			tone: 'error',
			detail: `${failed[0].error ?? 'A document cannot sync.'}${waitingDetail}`,
			pending
		};
	}
	const isAnyLive = relays.some((r) => r.phase === 'connected' || r.phase === 'connecting');
	if (relays.length && !isAnyLive) {
		const isAnyUnreachable = relays.some((r) => r.phase === 'unreachable');
		return {
			text: isAnyUnreachable ? UNREACHABLE_TEXT : OFFLINE_TEXT,
			tone: 'offline',
			detail: `The relay is out of reach; retrying. Your changes are kept on this device.${waitingDetail}`,
			pending
		};
	}
	const hasReceipt = relays.some((r) => r.phase === 'connected' && r.hasReceipt);
	if (!hasReceipt) {
		return {
			text: CONNECTING_TEXT,
			tone: 'busy',
			detail: `Connecting to the relay.${waitingDetail}`,
			pending
		};
	}
	if (pending > 0 || unsaved > 0) {
		const count = Math.max(pending, 1);
		return {
			text: waitingText(count),
			tone: 'waiting',
			detail: `Saved on this device; the relay has not confirmed ${count === 1 ? 'it' : 'them'} yet.`,
			pending: count
		};
	}
	return {
		text: UP_TO_DATE_TEXT,
		tone: 'ok',
		detail: 'Every change on this device is stored on the relay.',
		pending: 0
	};
}
