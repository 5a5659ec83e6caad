/** Small HTTP helpers: JSON answers, errors that carry a status, bounded request bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
		this.name = 'HttpError';
	}
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
		...headers
	});
	res.end(text);
}

/** Answers an error as `{"error": …}`: the message of an HttpError, a generic one otherwise. */
export function sendError(res: ServerResponse, error: unknown): void {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	if (error instanceof HttpError) {
		sendJson(res, error.status, { error: error.message }, error.headers);
	} else {
		sendJson(res, 500, { error: 'internal error' });
	}
}

/** Reads a request body of at most `limit` bytes; a larger one is a 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		if (Number.isFinite(declared) && declared > limit) {
			// Drain what the client sends so that it reads the answer instead of a reset.
			req.resume();
			reject(new HttpError(413, 'request body too large'));
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let isTooLarge = false;
		req.on('data', (chunk: Buffer) => {
			if (isTooLarge) return;
			size += chunk.length;
			if (size > limit) {
				isTooLarge = true;
				chunks.length = 0;
				reject(new HttpError(413, 'request body too large'));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!isTooLarge) resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
}

export function bearerToken(req: IncomingMessage): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	return match?.[1];
}
