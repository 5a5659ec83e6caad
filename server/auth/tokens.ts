/**
 * Signing and checking tokens (format in `src/lib/protocol/token-format.ts`): HMAC-SHA256 with the
 * relay's secret. A token verifies only when it is, character for character, the token the relay
 * makes for its claims (compared in constant time); it is valid only for its group's current
 * generation, so rotating a group revokes every earlier token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
	formatToken,
	formatTokenPayload,
	parseToken,
	ACCESS_ROLES,
	type AccessRole,
	type TokenClaims
} from '../../src/lib/protocol/token-format.ts';

export type { AccessRole, TokenClaims };

export interface TokenSigner {
	sign(claims: TokenClaims): string;
	/** The token's claims when its signature is right, else null; the generation is not checked. */
	verify(token: unknown): TokenClaims | null;
	/** One token per role for a group at a generation. */
	tokensFor(groupId: string, generation: number): Record<AccessRole, string>;
}

export function createTokenSigner(secret: string): TokenSigner {
	const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
	const sign = (claims: TokenClaims) =>
		formatToken(claims, mac(formatTokenPayload(claims)).toString('base64url'));
	return {
		sign,
		verify(token) {
			const parsed = parseToken(token);
			if (!parsed) return null;
			const claims = { groupId: parsed.groupId, role: parsed.role, generation: parsed.generation };
			// The whole token against the one the relay would make for these claims: decoding the
			// signature instead would ignore the unused low bits of its last base64url character
			// and accept four spellings of it.
			const given = Buffer.from(token as string);
			const expected = Buffer.from(sign(claims));
			if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
			return claims;
		},
		tokensFor(groupId, generation) {
			const tokens = {} as Record<AccessRole, string>;
			for (const role of ACCESS_ROLES) tokens[role] = sign({ groupId, role, generation });
			return tokens;
		}
	};
}
