/**
 * Signing and checking tokens (format in `src/lib/protocol/token-format.ts`): HMAC-SHA256 with the
 * relay's secret, compared in constant time; a token is valid only for its group's current
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
			const given = Buffer.from(parsed.signature, 'base64url');
			const expected = mac(parsed.payload);
			if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
			return { groupId: parsed.groupId, role: parsed.role, generation: parsed.generation };
		},
		tokensFor(groupId, generation) {
			const tokens = {} as Record<AccessRole, string>;
			for (const role of ACCESS_ROLES) tokens[role] = sign({ groupId, role, generation });
			return tokens;
		}
	};
}
