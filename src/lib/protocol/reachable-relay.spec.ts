import { describe, expect, it } from 'vitest';
import { isLoopbackHost, reachableRelayUrl } from './reachable-relay';

describe('reachableRelayUrl', () => {
	it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'])(
		'knows %s for loopback',
		(host) => expect(isLoopbackHost(host)).toBe(true)
	);

	it.each(['192.168.1.20', 'relay.example.org', '10.0.0.127', '[fe80::1]'])(
		'knows %s is not',
		(host) => expect(isLoopbackHost(host)).toBe(false)
	);

	it('keeps a relay other devices can reach', () => {
		expect(reachableRelayUrl('https://relay.example.org', 'http://127.0.0.1:5173/')).toEqual({
			url: 'https://relay.example.org',
			isLoopback: false
		});
	});

	it('uses the LAN address the page was opened on, for the same relay', () => {
		expect(
			reachableRelayUrl('http://127.0.0.1:8787', 'http://192.168.1.20:8787/meeting/a/b')
		).toEqual({ url: 'http://192.168.1.20:8787', isLoopback: false });
	});

	it('says a loopback relay opened on loopback (or another port) works here only', () => {
		expect(reachableRelayUrl('http://127.0.0.1:8787', 'http://localhost:8787/')).toEqual({
			url: 'http://127.0.0.1:8787',
			isLoopback: true
		});
		expect(reachableRelayUrl('http://localhost:8787', 'http://192.168.1.20:5173/').isLoopback).toBe(
			true
		);
	});
});
