/**
 * The relay's token format, shared by the app and the relay.
 *
 *   p1.<groupId>.<role>.<generation>.<signature>
 *
 * - `p1`: the format version
 * - `groupId`: 16–64 characters of `A-Z a-z 0-9 _ -`
 * - `role`: `edit`, `comment` or `view`
 * - `generation`: a positive decimal integer; rotating a group raises it, so every token of an
 *   earlier generation stops working
 * - `signature`: base64url (no padding) of HMAC-SHA256(secret, `p1.<groupId>.<role>.<generation>`)
 *
 * Every character is URL-safe, so a token goes into a query string or a URL fragment as it is.
 * This module only reads and writes the plain parts: it never checks a signature (only the
 * relay, which holds the secret, can), so what it returns is a claim, not a proof.
 */
import { isValidId } from './ids';

export const TOKEN_VERSION = 'p1';

/** What a token lets its holder do in its group (docs/contract.md, roles), strongest first. */
export const ACCESS_ROLES = ['edit', 'comment', 'view'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export interface TokenClaims {
	groupId: string;
	role: AccessRole;
	generation: number;
}

export interface ParsedToken extends TokenClaims {
	/** The signed part: everything before the last dot. */
	payload: string;
	signature: string;
}

const GENERATION = /^[1-9][0-9]{0,15}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const MAX_TOKEN_LENGTH = 200;

export function isAccessRole(value: unknown): value is AccessRole {
	return typeof value === 'string' && (ACCESS_ROLES as readonly string[]).includes(value);
}

/** The strongest role of a set of tokens, or undefined when it holds none. */
export function strongestRole(tokens: Partial<Record<AccessRole, string>>): AccessRole | undefined {
	return ACCESS_ROLES.find((role) => tokens[role]);
}

/** The part of a token that the signature covers. */
export function formatTokenPayload({ groupId, role, generation }: TokenClaims): string {
	if (!isValidId(groupId)) throw new Error('invalid group id');
	if (!isAccessRole(role)) throw new Error('invalid role');
	if (!Number.isSafeInteger(generation) || generation < 1) throw new Error('invalid generation');
	return `${TOKEN_VERSION}.${groupId}.${role}.${generation}`;
}

export function formatToken(claims: TokenClaims, signature: string): string {
	if (!SIGNATURE.test(signature)) throw new Error('invalid signature');
	return `${formatTokenPayload(claims)}.${signature}`;
}

/** Reads a token's plain parts, or returns null when it is not a token of this format. */
export function parseToken(token: unknown): ParsedToken | null {
	if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
	const parts = token.split('.');
	if (parts.length !== 5) return null;
	const [version, groupId, role, generation, signature] = parts;
	if (version !== TOKEN_VERSION) return null;
	if (!isValidId(groupId) || !isAccessRole(role)) return null;
	if (!GENERATION.test(generation) || !SIGNATURE.test(signature)) return null;
	const parsedGeneration = Number(generation);
	if (!Number.isSafeInteger(parsedGeneration)) return null;
	return {
		groupId,
		role,
		generation: parsedGeneration,
		payload: token.slice(0, token.length - signature.length - 1),
		signature
	};
}
