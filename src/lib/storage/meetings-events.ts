/**
 * "The meetings index of these groups changed": whatever writes the `meetings` store
 * (meetings-index.ts, group-membership.ts) announces it once the write has committed, to the
 * listeners of this tab and, over a BroadcastChannel named `plenary-meetings`, to those of every
 * other tab of this origin (their own background sync, another window). The workspace re-reads
 * the rows of its current group when it hears of that group.
 *
 * Message (a structured clone): `{ database, groupIds }`, `database` being the database's name
 * so that tests on other databases never cross. A message of another shape is ignored.
 * Listeners are called in the order they subscribed, at once for a change of this tab and when
 * the message arrives for another tab's; an exception a listener throws is logged and the other
 * listeners still hear of the change.
 */

export interface MeetingsChange {
	/** The name of the database written (`plenary` in the app). */
	database: string;
	groupIds: string[];
}

type Listener = (change: MeetingsChange) => void;

const CHANNEL_NAME = 'plenary-meetings';
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null | undefined;

function isChange(data: unknown): data is MeetingsChange {
	const change = data as MeetingsChange | null;
	return (
		typeof change?.database === 'string' &&
		Array.isArray(change.groupIds) &&
		change.groupIds.every((id) => typeof id === 'string')
	);
}

function deliver(change: MeetingsChange) {
	for (const listener of [...listeners]) {
		try {
			listener(change);
		} catch (error) {
			console.error('Plenary: a meetings index listener failed', error);
		}
	}
}

function tabChannel(): BroadcastChannel | null {
	if (channel === undefined) {
		channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
		if (channel) {
			channel.onmessage = (event: MessageEvent<unknown>) => {
				if (isChange(event.data)) deliver(event.data);
			};
			// Node (unit tests): an open channel must not keep the process alive.
			(channel as { unref?: () => void }).unref?.();
		}
	}
	return channel;
}

/** Tells this tab and the others that the index rows of `groupIds` changed. */
export function announceMeetingsChange(database: string, groupIds: Iterable<string>): void {
	const change: MeetingsChange = { database, groupIds: [...new Set(groupIds)] };
	if (change.groupIds.length === 0) return;
	deliver(change);
	try {
		tabChannel()?.postMessage(change);
	} catch (error) {
		console.warn('Plenary: could not tell other tabs about the meetings index', error);
	}
}

/** Calls `listener` on every change, of this tab or another; returns the unsubscribe function. */
export function onMeetingsChange(listener: Listener): () => void {
	listeners.add(listener);
	tabChannel();
	return () => {
		listeners.delete(listener);
	};
}
