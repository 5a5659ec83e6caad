/**
 * Ids and document names.
 *
 * Group and meeting ids: 16–64 characters of `A-Z a-z 0-9 _ -` (CONTRACT.md). Meeting ids are
 * made by clients, offline, so they carry at least 128 random bits (22 characters × 6 bits).
 * Ids of things inside a document (items, blocks, people, threads) only need to be unique in
 * that document: 16 characters (96 bits) by default, from an injectable generator so tests can
 * be deterministic.
 *
 * Document names (rooms):
 *   <groupId>                        directory
 *   <groupId>/<meetingId>            minutes
 *   <groupId>/<meetingId>/comments   comments
 */

export type IdGenerator = () => string;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** `length` characters of the id alphabet, 6 random bits each, from `crypto.getRandomValues`. */
export function randomId(length = 16): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	let id = '';
	for (const byte of bytes) id += ALPHABET[byte & 63];
	return id;
}

const defaultGenerator: IdGenerator = () => randomId(16);
let generator: IdGenerator = defaultGenerator;

/** Replace the generator of ids inside documents (tests); call with nothing to restore it. */
export function setIdGenerator(next?: IdGenerator): void {
	generator = next ?? defaultGenerator;
}

/** A new id for an item, block, person, thread or message. */
export function newId(): string {
	return generator();
}

/** A new meeting id: 22 characters, 132 random bits; never from the injectable generator. */
export function newMeetingId(): string {
	return randomId(22);
}

/** A new group id (the relay makes these). */
export function newGroupId(): string {
	return randomId(22);
}

/** Whether `value` is a valid group or meeting id. */
export function isValidId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}

export type DocumentName =
	| { kind: 'directory'; groupId: string }
	| { kind: 'minutes'; groupId: string; meetingId: string }
	| { kind: 'comments'; groupId: string; meetingId: string };

/** Parse a room name; null when it is not one of the three forms with valid ids. */
export function parseDocumentName(name: unknown): DocumentName | null {
	if (typeof name !== 'string' || name.length > 200) return null;
	const parts = name.split('/');
	if (!isValidId(parts[0])) return null;
	if (parts.length === 1) return { kind: 'directory', groupId: parts[0] };
	if (!isValidId(parts[1])) return null;
	if (parts.length === 2) return { kind: 'minutes', groupId: parts[0], meetingId: parts[1] };
	if (parts.length === 3 && parts[2] === 'comments') {
		return { kind: 'comments', groupId: parts[0], meetingId: parts[1] };
	}
	return null;
}

/** The room name of a document; throws on invalid ids. */
export function formatDocumentName(name: DocumentName): string {
	if (!isValidId(name.groupId)) throw new RangeError('invalid group id');
	if (name.kind === 'directory') return name.groupId;
	if (!isValidId(name.meetingId)) throw new RangeError('invalid meeting id');
	const base = `${name.groupId}/${name.meetingId}`;
	return name.kind === 'comments' ? `${base}/comments` : base;
}

export const directoryDocumentName = (groupId: string): string =>
	formatDocumentName({ kind: 'directory', groupId });
export const minutesDocumentName = (groupId: string, meetingId: string): string =>
	formatDocumentName({ kind: 'minutes', groupId, meetingId });
export const commentsDocumentName = (groupId: string, meetingId: string): string =>
	formatDocumentName({ kind: 'comments', groupId, meetingId });
