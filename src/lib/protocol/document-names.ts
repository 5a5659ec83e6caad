/**
 * Document names, shared by the app and the relay (docs/contract.md). One Yjs document per name:
 *
 *   <groupId>                        the group's directory
 *   <groupId>/<meetingId>            the minutes of one meeting
 *   <groupId>/<meetingId>/comments   comments on that meeting
 *   <groupId>/<meetingId>/floor      the meeting's floor: raised hands, check-ins, ballots
 *                                    (what members with the comment role write while it runs)
 */
import { isValidId } from './ids';
import type { AccessRole } from './token-format';

const MAX_NAME_LENGTH = 200;

export type DocumentKind = 'directory' | 'minutes' | 'comments' | 'floor';

export type DocumentAddress =
	| { kind: 'directory'; groupId: string }
	| { kind: 'minutes' | 'comments' | 'floor'; groupId: string; meetingId: string };

/** A parsed document name: its address and the name itself. */
export type DocumentName = DocumentAddress & { name: string };

/** Parses a document name; null when it is not one of the four forms with valid ids. */
export function parseDocumentName(name: unknown): DocumentName | null {
	if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) return null;
	const parts = name.split('/');
	if (!isValidId(parts[0])) return null;
	if (parts.length === 1) return { name, kind: 'directory', groupId: parts[0] };
	if (!isValidId(parts[1])) return null;
	if (parts.length === 2) return { name, kind: 'minutes', groupId: parts[0], meetingId: parts[1] };
	if (parts.length === 3 && (parts[2] === 'comments' || parts[2] === 'floor')) {
		return { name, kind: parts[2], groupId: parts[0], meetingId: parts[1] };
	}
	return null;
}

/** The name of a document; throws on invalid ids. */
export function formatDocumentName(address: DocumentAddress): string {
	if (!isValidId(address.groupId)) throw new RangeError('invalid group id');
	if (address.kind === 'directory') return address.groupId;
	if (!isValidId(address.meetingId)) throw new RangeError('invalid meeting id');
	const base = `${address.groupId}/${address.meetingId}`;
	return address.kind === 'minutes' ? base : `${base}/${address.kind}`;
}

export const directoryDocumentName = (groupId: string): string =>
	formatDocumentName({ kind: 'directory', groupId });
export const minutesDocumentName = (groupId: string, meetingId: string): string =>
	formatDocumentName({ kind: 'minutes', groupId, meetingId });
export const commentsDocumentName = (groupId: string, meetingId: string): string =>
	formatDocumentName({ kind: 'comments', groupId, meetingId });
export const floorDocumentName = (groupId: string, meetingId: string): string =>
	formatDocumentName({ kind: 'floor', groupId, meetingId });

/** Whether `name` is a document of group `groupId` (its directory or a meeting's). */
export function isDocumentOfGroup(name: string, groupId: string): boolean {
	return name === groupId || name.startsWith(`${groupId}/`);
}

const WRITERS: Record<DocumentKind, readonly AccessRole[]> = {
	directory: ['edit'],
	minutes: ['edit'],
	comments: ['edit', 'comment'],
	floor: ['edit', 'comment']
};

/** Every role may read every document of its group; this says who may change one. */
export function canWrite(role: AccessRole, kind: DocumentKind): boolean {
	return WRITERS[kind].includes(role);
}
