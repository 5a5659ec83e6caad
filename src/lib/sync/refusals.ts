/**
 * What the relay refused, for the screens to say so instead of swallowing it:
 *
 * - `permission-denied`: a read-only connection (role `comment` on minutes, `view` anywhere)
 *   sent a document update; the relay dropped it and answered with the auth message
 *   "permission denied" (docs/contract.md);
 * - `too-large`: a writer's update would have taken the document past what the relay lets its
 *   role make it grow to; the relay dropped it and answered "permission denied: document too
 *   large". The change stays on this device, and the writer's later changes, which build on it,
 *   wait with it;
 * - `revoked`: the relay closed the socket with a 44xx code (4401: the group's links were
 *   rotated), so this device's invite link no longer works.
 *
 * relay-connection.ts reports; screens subscribe with `onRefusal`. A listener that throws is
 * logged and the others still run.
 */
import { parseDocumentName } from '$lib/protocol/document-names';

export type RefusalKind = 'permission-denied' | 'too-large' | 'revoked';

export interface Refusal {
	kind: RefusalKind;
	/** the document's name, e.g. `<groupId>/<meetingId>` */
	name: string;
	groupId: string;
	/** the relay's words, e.g. "permission denied" */
	reason: string;
	at: number;
}

type Listener = (refusal: Refusal) => void;

const listeners = new Set<Listener>();
const revokedGroups = new Set<string>();
/** Groups whose links this device is replacing: their sockets' 4401 is expected. */
const rotatingHere = new Set<string>();

export function reportRefusal(kind: RefusalKind, name: string, reason: string): void {
	const parsed = parseDocumentName(name);
	if (!parsed) return;
	if (kind === 'revoked' && rotatingHere.has(parsed.groupId)) return;
	if (kind === 'revoked') revokedGroups.add(parsed.groupId);
	const refusal: Refusal = { kind, name, groupId: parsed.groupId, reason, at: Date.now() };
	for (const listener of [...listeners]) {
		try {
			listener(refusal);
		} catch (error) {
			console.error('Plenary: refusal listener failed', error);
		}
	}
}

/** Calls `listener` after each refusal; returns the unsubscribe function. */
export function onRefusal(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Whether the relay revoked this group's link on this device during this session. */
export function isGroupRevoked(groupId: string): boolean {
	return revokedGroups.has(groupId);
}

/** After new tokens are stored (a new link joined, links rotated here). */
export function forgetRevoked(groupId: string): void {
	revokedGroups.delete(groupId);
}

/** While this device replaces a group's links, its own closed sockets are no refusal. */
export function expectRotation(groupId: string): () => void {
	rotatingHere.add(groupId);
	return () => rotatingHere.delete(groupId);
}
