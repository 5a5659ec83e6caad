/**
 * Who a request is: a token is accepted for a group when its signature is right, it names that
 * group (else 403), and it is of the group's current generation (else it was rotated away: 401).
 */
import type { Store } from '../storage/store.ts';
import type { TokenClaims, TokenSigner } from './tokens.ts';

export type Authorization =
	{ ok: true; claims: TokenClaims } | { ok: false; status: 401 | 403; error: string };

export async function authorize(
	signer: TokenSigner,
	store: Store,
	token: string | undefined | null,
	groupId: string
): Promise<Authorization> {
	if (!token) return { ok: false, status: 401, error: 'missing token' };
	const claims = signer.verify(token);
	if (!claims) return { ok: false, status: 401, error: 'invalid token' };
	if (claims.groupId !== groupId) {
		return { ok: false, status: 403, error: 'token of another group' };
	}
	const group = await store.getGroup(claims.groupId);
	if (!group || group.generation !== claims.generation) {
		return { ok: false, status: 401, error: 'invalid token' };
	}
	return { ok: true, claims };
}
