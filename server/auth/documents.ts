/**
 * Document names and who may write them. One Yjs document per name:
 *
 *   <groupId>                           the group's directory
 *   <groupId>/<meetingId>               the minutes of one meeting
 *   <groupId>/<meetingId>/comments      comments on that meeting
 *
 * Ids are 16–64 characters of `A-Z a-z 0-9 _ -`.
 */
import type { Role } from './tokens.ts';

export type DocumentKind = 'directory' | 'minutes' | 'comments';

export interface DocumentName {
	name: string;
	kind: DocumentKind;
	groupId: string;
	meetingId?: string;
}

const ID = '[A-Za-z0-9_-]{16,64}';
const ID_PATTERN = new RegExp(`^${ID}$`);
const NAME_PATTERN = new RegExp(`^(${ID})(?:/(${ID})(/comments)?)?$`);

export function isId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}

export function parseDocumentName(name: string): DocumentName | null {
	const match = NAME_PATTERN.exec(name);
	if (!match) return null;
	const [, groupId, meetingId, comments] = match;
	if (!meetingId) return { name, kind: 'directory', groupId };
	return { name, kind: comments ? 'comments' : 'minutes', groupId, meetingId };
}

export function minutesName(groupId: string, meetingId: string): string {
	return `${groupId}/${meetingId}`;
}

export function commentsName(groupId: string, meetingId: string): string {
	return `${groupId}/${meetingId}/comments`;
}

const WRITERS: Record<DocumentKind, readonly Role[]> = {
	directory: ['edit'],
	minutes: ['edit'],
	comments: ['edit', 'comment']
};

/** Every role may read every document of its group; this says who may change one. */
export function canWrite(role: Role, kind: DocumentKind): boolean {
	return WRITERS[kind].includes(role);
}
