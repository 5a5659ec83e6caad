/**
 * The open meeting's floor document (floor.ts) for the meeting screen's components, set by the
 * meeting route next to the MeetingState's context: the floor's views and controls are loaded
 * with import(), and find the document here rather than opening their own.
 */
import { getContext, setContext } from 'svelte';
import type { DocumentHandle } from '$lib/documents/registry';

export interface FloorContext {
	groupId: string;
	meetingId: string;
	/** The floor document, opened and released by the route with the minutes. */
	floor: DocumentHandle;
}

const KEY = Symbol('floor');

export function setFloorContext(context: FloorContext): FloorContext {
	return setContext(KEY, context);
}

/** The floor of the meeting on screen; null outside a meeting route. */
export function getFloorContext(): FloorContext | null {
	return getContext<FloorContext | undefined>(KEY) ?? null;
}
