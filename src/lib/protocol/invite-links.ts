/**
 * Invite links (docs/contract.md): `<relay origin>/join#<token>`. The token stays in the
 * fragment, so it never reaches a server log; the app reads it, strips it from the address bar
 * and sends it only to the relay, to authenticate.
 */
import { parseToken, type ParsedToken } from './token-format';

/** `https://relay.example.org/base/` → `https://relay.example.org` (a relay lives at an origin). */
export function relayOrigin(relayUrl: string): string {
	return new URL(relayUrl).origin;
}

export function inviteLink(relayUrl: string, token: string): string {
	return `${relayOrigin(relayUrl)}/join#${token}`;
}

export interface Invite {
	relayUrl: string;
	token: string;
	claims: ParsedToken;
}

/** The token of a `#fragment` (with or without the `#`), or null. */
export function tokenFromHash(hash: string): ParsedToken | null {
	const raw = hash.replace(/^#/, '').trim();
	let token = raw;
	try {
		token = decodeURIComponent(raw);
	} catch {
		// A stray % is not a token of ours either; parseToken refuses it below.
	}
	return parseToken(token);
}

/**
 * An invite link pasted into the app (`https://…/join#<token>`), for a group on any relay.
 * `fallbackRelayUrl` is used for a bare token.
 */
export function parseInvite(text: string, fallbackRelayUrl?: string): Invite | null {
	const value = text.trim();
	if (!value) return null;
	if (!value.includes('#')) {
		const claims = parseToken(value);
		return claims && fallbackRelayUrl
			? { relayUrl: relayOrigin(fallbackRelayUrl), token: value, claims }
			: null;
	}
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	const claims = tokenFromHash(url.hash);
	if (!claims) return null;
	const token = url.hash.slice(1);
	return { relayUrl: url.origin, token: decodeURIComponent(token), claims };
}
