import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './client-address.ts';

const request = (remoteAddress: string, forwarded?: string | string[]) =>
	({
		socket: { remoteAddress },
		headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }
	}) as unknown as IncomingMessage;

describe('client address', () => {
	it('is the peer unless the relay trusts a proxy', () => {
		expect(clientAddress(request('10.0.0.1', '1.2.3.4'), false)).toBe('10.0.0.1');
		expect(clientAddress(request('::ffff:10.0.0.1'), false)).toBe('10.0.0.1');
	});

	it('is the last hop of X-Forwarded-For behind a proxy, never one the client wrote', () => {
		expect(clientAddress(request('10.0.0.1', '1.2.3.4'), true)).toBe('1.2.3.4');
		expect(clientAddress(request('10.0.0.1', '6.6.6.6, 1.2.3.4'), true)).toBe('1.2.3.4');
		expect(clientAddress(request('10.0.0.1', ['6.6.6.6', '1.2.3.4 ']), true)).toBe('1.2.3.4');
		expect(clientAddress(request('10.0.0.1', '1.2.3.4, junk'), true)).toBe('10.0.0.1');
		expect(clientAddress(request('10.0.0.1', ''), true)).toBe('10.0.0.1');
		expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1');
	});

	it('counts an IPv6 client by its /64 network', () => {
		expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
		expect(addressKey('::ffff:192.0.2.33')).toBe('192.0.2.33');
		expect(addressKey('192.0.2.33')).toBe('192.0.2.33');
	});
});
