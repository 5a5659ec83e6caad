import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { listeningAddresses, runningAtLines } from './listening-addresses.ts';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
	({ address, family, internal }) as NetworkInterfaceInfo;
const interfaces = {
	lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
	wlan0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')]
};

describe('listeningAddresses', () => {
	it('is the bound address alone on loopback (the default)', () => {
		expect(listeningAddresses('127.0.0.1', 8787, interfaces)).toEqual(['http://127.0.0.1:8787']);
		expect(listeningAddresses('::1', 8787, interfaces)).toEqual(['http://[::1]:8787']);
	});

	it.each(['0.0.0.0', '::'])('on %s, adds each LAN address', (host) => {
		expect(listeningAddresses(host, 8787, interfaces)).toEqual([
			'http://127.0.0.1:8787',
			'http://192.168.1.20:8787'
		]);
	});

	it('says where to go in words', () => {
		const lines = runningAtLines(['http://127.0.0.1:8787', 'http://192.168.1.20:8787']);
		expect(lines[0]).toBe('Plenary is running at http://127.0.0.1:8787');
		expect(lines[1]).toContain('http://192.168.1.20:8787');
	});
});
