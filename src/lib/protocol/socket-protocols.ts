/**
 * The websocket subprotocols by which a client may hand the relay its token instead of the
 * `?token=` query parameter of the contract.
 *
 *   Sec-WebSocket-Protocol: plenary, plenary-token.<token>
 *
 * A browser prints a failed socket's URL to the console (every time the venue's wifi drops),
 * and proxies log request lines: a token in the URL ends up in both. A subprotocol is in
 * neither. The relay answers with `plenary` alone, never echoing the token; a browser fails a
 * handshake whose offered protocols got no answer, so the relay must pick one.
 *
 * Every character of a token is allowed in a subprotocol name (RFC 6455 §4.1, RFC 7230 token).
 */
export const SOCKET_PROTOCOL = 'plenary';

const TOKEN_PREFIX = 'plenary-token.';

/** The protocols a client offers to carry `token`. */
export function socketProtocolsFor(token: string): string[] {
	return [SOCKET_PROTOCOL, TOKEN_PREFIX + token];
}

/** The token among offered protocols (a `Sec-WebSocket-Protocol` value or a parsed list). */
export function tokenFromSocketProtocols(
	offered: string | Iterable<string> | undefined
): string | null {
	if (offered === undefined) return null;
	const list = typeof offered === 'string' ? offered.split(',') : offered;
	for (const entry of list) {
		const protocol = entry.trim();
		if (protocol.startsWith(TOKEN_PREFIX)) return protocol.slice(TOKEN_PREFIX.length);
	}
	return null;
}
