/**
 * Small HTTP helpers: JSON answers, errors that carry a status (as JSON for the API, as a page
 * for the public minutes pages people open in a browser), read-only methods, media types,
 * bounded request bodies and clients that leave before theirs is whole.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StoreUnavailableError } from '../storage/store.ts';

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

/**
 * The client went away, or its request timed out, before its body was whole: nothing the relay
 * did wrong, so logged as information, and answered only if the socket can still take it.
 */
export class RequestAbortedError extends Error {
	constructor() {
		super('request aborted');
		this.name = 'RequestAbortedError';
	}
}

/** What `Allow` says on a resource that is only read. */
export const READ_METHODS = 'GET, HEAD';

/** True for GET and HEAD; otherwise answers 405 with `Allow: GET, HEAD`. */
export function isReadRequest(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.method === 'GET' || req.method === 'HEAD') return true;
	sendJson(res, 405, { error: 'method not allowed' }, { Allow: READ_METHODS });
	return false;
}

/** The request's media type without parameters, in lower case (`''` when none is given). */
export function mediaType(req: IncomingMessage): string {
	return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
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

/** Pages of minutes run no script and load nothing from elsewhere but images over https. */
export const PAGE_SECURITY = {
	'Content-Security-Policy':
		"default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer'
};

/**
 * Answers an error: the message of an HttpError, a generic one otherwise. As `{"error": …}`, or
 * with `asPage` as a short HTML page in words for a person who followed a link.
 */
export function sendError(res: ServerResponse, error: unknown, asPage = false): void {
	if (res.headersSent) {
		res.destroy();
		return;
	}
	if (error instanceof StoreUnavailableError) error = new HttpError(503, 'storage unavailable');
	const status = error instanceof HttpError ? error.status : 500;
	const message = error instanceof HttpError ? error.message : 'internal error';
	const headers = error instanceof HttpError ? error.headers : {};
	if (asPage) return sendErrorPage(res, status, headers);
	sendJson(res, status, { error: message }, headers);
}

const ERROR_PAGES: Record<number, [title: string, text: string]> = {
	404: [
		'No published minutes here',
		'These minutes do not exist, or they are not published yet. Ask the group for the link to its published minutes.'
	],
	405: ['Not possible here', 'This address only shows published minutes.']
};
const SERVER_ERROR_PAGE: [string, string] = [
	'The minutes could not be shown',
	'Something went wrong on this server. Try again in a moment.'
];

function sendErrorPage(res: ServerResponse, status: number, headers: Record<string, string>): void {
	// The words are fixed, per status: nothing of the request or the error reaches the page.
	const [title, text] = ERROR_PAGES[status] ?? SERVER_ERROR_PAGE;
	const page = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Plenary</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}</style>
<h1>${title}</h1>
<p>${text}</p>
</html>
`;
	res.writeHead(status, {
		'Content-Type': 'text/html; charset=utf-8',
		'Content-Length': Buffer.byteLength(page),
		'Cache-Control': 'no-store',
		...PAGE_SECURITY,
		...headers
	});
	res.end(page);
}

/**
 * Reads a request body of at most `limit` bytes; a larger one is a 413. A client that goes away
 * before the end (a reset, a closed socket, the server's request timeout) rejects it with a
 * RequestAbortedError.
 */
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
		let isComplete = false;
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
			isComplete = true;
			if (!isTooLarge) resolve(Buffer.concat(chunks));
		});
		// Every error of an incoming request is the client's connection failing.
		req.on('error', () => reject(new RequestAbortedError()));
		req.on('close', () => {
			if (!isComplete) reject(new RequestAbortedError());
		});
	});
}

export function bearerToken(req: IncomingMessage): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	return match?.[1];
}
