/**
 * An HTTP/1.1 request written byte for byte on a TCP socket: fetch and node:http normalise or
 * refuse the paths (`//x`, `/a/../b`, `\`, bad percent-encoding) that these tests must send as
 * they are. The answer is read until the relay closes the connection (`Connection: close`).
 */
import { connect } from 'node:net';

export interface RawAnswer {
	status: number;
	/** Header names in lower case; repeated headers joined with `, `. */
	headers: Record<string, string>;
	body: string;
}

export interface RawRequest {
	method?: string;
	path: string;
	headers?: Record<string, string>;
	body?: string;
}

export function rawHttp(port: number, request: RawRequest): Promise<RawAnswer> {
	const { method = 'GET', path, headers = {}, body } = request;
	const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
	for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
	if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		const chunks: Buffer[] = [];
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('close', () => {
			try {
				resolve(parseAnswer(Buffer.concat(chunks).toString('latin1')));
			} catch (error) {
				reject(error);
			}
		});
		// Not end(): a half-closed request may be dropped before its answer is written.
		socket.write(lines.join('\r\n') + '\r\n\r\n' + (body ?? ''));
	});
}

function parseAnswer(text: string): RawAnswer {
	const end = text.indexOf('\r\n\r\n');
	if (end < 0) throw new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`);
	const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
	const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
	const headers: Record<string, string> = {};
	for (const line of headerLines) {
		const colon = line.indexOf(':');
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		headers[name] = Object.hasOwn(headers, name) ? `${headers[name]}, ${value}` : value;
	}
	let body = text.slice(end + 4);
	if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
	return { status, headers, body };
}

function unchunk(text: string): string {
	let body = '';
	let rest = text;
	for (;;) {
		const lineEnd = rest.indexOf('\r\n');
		const size = parseInt(rest.slice(0, lineEnd), 16);
		if (!size) return body;
		body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
		rest = rest.slice(lineEnd + 2 + size + 2);
	}
}
