/**
 * The addresses a person can open once the relay listens: the one it bound to, or, bound to
 * every interface (`0.0.0.0`, `::`), this machine's own address and each LAN address (IPv4,
 * not internal) from `os.networkInterfaces()`, which phones on the same network can reach.
 */
import type { NetworkInterfaceInfo } from 'node:os';

const EVERY_INTERFACE = new Set(['0.0.0.0', '::', '']);

export function listeningAddresses(
	host: string,
	port: number,
	interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>
): string[] {
	if (!EVERY_INTERFACE.has(host)) {
		return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
	}
	const lan = Object.values(interfaces)
		.flat()
		.filter((info) => info && info.family === 'IPv4' && !info.internal)
		.map((info) => `http://${info!.address}:${port}`);
	return [`http://127.0.0.1:${port}`, ...lan];
}

/** The human lines `npm start` prints beside its JSON logs. */
export function runningAtLines(addresses: string[]): string[] {
	const [first, ...lan] = addresses;
	return [
		`Plenary is running at ${first}`,
		...lan.map((address) => `  on your network: ${address} (open this one on a phone)`)
	];
}
