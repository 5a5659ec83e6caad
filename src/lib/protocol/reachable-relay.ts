/**
 * Whether an invite link can work on another device. A relay on its default address
 * (`127.0.0.1`, `localhost`, `::1`) is reachable from this computer only: a phone that opens
 * such a link reaches itself. When this page was opened on another address of the same relay
 * (the LAN address of a relay started with `HOST=0.0.0.0`), that address is the one to share.
 */

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127\.\d+\.\d+\.\d+$/.test(host)
	);
}

/**
 * The relay address to put in links: `relayUrl`, or the page's own origin when the relay is on
 * loopback and the page reached the same port through another address. `isLoopback` tells
 * whether the result still only works on this computer.
 */
export function reachableRelayUrl(
	relayUrl: string,
	pageUrl: string
): { url: string; isLoopback: boolean } {
	const relay = new URL(relayUrl);
	if (!isLoopbackHost(relay.hostname)) return { url: relayUrl, isLoopback: false };
	const page = new URL(pageUrl);
	if (
		!isLoopbackHost(page.hostname) &&
		page.port === relay.port &&
		page.protocol === relay.protocol
	) {
		return { url: page.origin, isLoopback: false };
	}
	return { url: relayUrl, isLoopback: true };
}
