/**
 * New ids. Their format is the wire contract's (src/lib/protocol/ids.ts). Meeting ids are made
 * by clients, offline, so they carry at least 128 random bits (22 characters × 6 bits). Ids of
 * things inside a document (items, blocks, people, threads) only need to be unique in that
 * document: 16 characters (96 bits) by default, from an injectable generator so tests can be
 * deterministic.
 */

export type IdGenerator = () => string;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

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
