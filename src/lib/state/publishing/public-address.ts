/**
 * The address of a meeting's public page, `/p/<group>/<meeting>` (or revision n,
 * `/p/<group>/<meeting>/<n>`), on the group's relay: a path when the relay serves this app, else
 * the relay's full address. Null when the group has no relay (the local notebook).
 */
import { relayOrigin } from '$lib/protocol/invite-links';

export function publicPageAddress(
	relayUrl: string | null | undefined,
	groupId: string,
	meetingId: string,
	revision?: number
): string | null {
	if (!relayUrl) return null;
	let origin: string;
	try {
		origin = relayOrigin(relayUrl);
	} catch {
		return null;
	}
	const path = `/p/${encodeURIComponent(groupId)}/${encodeURIComponent(meetingId)}${
		revision ? `/${revision}` : ''
	}`;
	const here = typeof location === 'undefined' ? '' : location.origin;
	return origin === here ? path : `${origin}${path}`;
}
