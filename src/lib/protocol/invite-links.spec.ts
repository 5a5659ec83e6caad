import { describe, expect, test } from 'vitest';
import { inviteLink, parseInvite, relayOrigin, tokenFromHash } from './invite-links';

const SIG = 'a'.repeat(43);
const TOKEN = `p1.abcdefghijklmnop.comment.3.${SIG}`;

describe('invite links', () => {
	test('a link is the relay origin, /join and the token in the fragment', () => {
		expect(inviteLink('https://relay.example.org/some/path/', TOKEN)).toBe(
			`https://relay.example.org/join#${TOKEN}`
		);
		expect(relayOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
	});

	test('the token is read from a fragment, with or without #', () => {
		expect(tokenFromHash(`#${TOKEN}`)?.role).toBe('comment');
		expect(tokenFromHash(TOKEN)?.generation).toBe(3);
		expect(tokenFromHash('#not-a-token')).toBeNull();
		expect(tokenFromHash('#%')).toBeNull();
		expect(tokenFromHash('')).toBeNull();
	});

	test('a pasted link names its relay; a bare token needs one', () => {
		const invite = parseInvite(`  http://10.0.0.2:8787/join#${TOKEN} `);
		expect(invite?.relayUrl).toBe('http://10.0.0.2:8787');
		expect(invite?.token).toBe(TOKEN);
		expect(invite?.claims.groupId).toBe('abcdefghijklmnop');
		expect(parseInvite(TOKEN)).toBeNull();
		expect(parseInvite(TOKEN, 'https://a.example/x')?.relayUrl).toBe('https://a.example');
		expect(parseInvite('javascript:alert(1)#' + TOKEN)).toBeNull();
		expect(parseInvite('https://a.example/join#nope')).toBeNull();
		expect(parseInvite('')).toBeNull();
	});
});
