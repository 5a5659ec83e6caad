import { describe, expect, it } from 'vitest';
import { parseToken } from '../../src/lib/protocol/token-format.ts';
import { createTokenSigner } from './tokens.ts';

const groupId = 'G'.repeat(22);

describe('token signer', () => {
	const signer = createTokenSigner('a secret that is long enough to sign with');

	it('signs tokens whose group and role anyone can read', () => {
		const tokens = signer.tokensFor(groupId, 3);
		for (const role of ['edit', 'comment', 'view'] as const) {
			expect(parseToken(tokens[role])).toMatchObject({ groupId, role, generation: 3 });
			expect(signer.verify(tokens[role])).toEqual({ groupId, role, generation: 3 });
		}
	});

	it('refuses tampered tokens and tokens of another secret', () => {
		const token = signer.sign({ groupId, role: 'view', generation: 1 });
		expect(signer.verify(token.replace('.view.', '.edit.'))).toBeNull();
		expect(signer.verify(token.replace('.1.', '.2.'))).toBeNull();
		const last = token.at(-2) === 'A' ? 'B' : 'A';
		expect(signer.verify(token.slice(0, -2) + last + token.at(-1))).toBeNull();
		expect(createTokenSigner('another secret entirely, also long').verify(token)).toBeNull();
		expect(signer.verify(undefined)).toBeNull();
		expect(signer.verify('')).toBeNull();
	});

	it('verifies only the exact token: no other spelling of its signature', () => {
		const token = signer.sign({ groupId, role: 'edit', generation: 1 });
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
		const accepted: string[] = [];
		for (let index = 0; index < token.length; index++) {
			for (const character of alphabet) {
				if (character === token[index]) continue;
				const changed = token.slice(0, index) + character + token.slice(index + 1);
				if (signer.verify(changed)) accepted.push(changed);
			}
		}
		expect(accepted).toEqual([]);
		expect(signer.verify(token)).not.toBeNull();
	});
});
