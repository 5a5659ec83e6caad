/**
 * Who a request comes from, for per-client limits. The peer of the TCP connection; behind a
 * proxy (`trustProxy`) the last hop of `X-Forwarded-For`, which is the address the proxy itself
 * saw: the hops before it are whatever the client wrote, so they are never believed.
 *
 * An IPv6 client counts by its /64 network, since one subscriber usually gets a whole /64 and
 * could otherwise take a new address for every request. An IPv4-mapped IPv6 address counts as
 * its IPv4 address.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
	if (trustProxy) {
		const forwarded = req.headers['x-forwarded-for'];
		const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
			.split(',')
			.at(-1)
			?.trim();
		if (last && isIP(last)) return addressKey(last);
	}
	return addressKey(req.socket.remoteAddress ?? 'unknown');
}

/** The key an address counts under: itself for IPv4, its /64 network for IPv6. */
export function addressKey(address: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
	if (mapped) return mapped[1];
	if (isIP(address) !== 6) return address;
	return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
	const [head, tail] = address.split('%')[0].split('::');
	const split = (part: string | undefined) => (part ? part.split(':') : []);
	const left = split(head);
	const right = split(tail);
	const last = (tail === undefined ? left : right).at(-1);
	if (last?.includes('.')) {
		// An embedded IPv4 address is the last two groups.
		const [a, b, c, d] = last.split('.').map(Number);
		(tail === undefined ? left : right).splice(
			-1,
			1,
			((a << 8) | b).toString(16),
			((c << 8) | d).toString(16)
		);
	}
	const missing = 8 - left.length - right.length;
	return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) =>
		parseInt(group, 16).toString(16)
	);
}
