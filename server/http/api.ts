/**
 * The HTTP API under `/api/`. Every answer is JSON; errors are `{"error": "…"}` with a fitting
 * status and never a stack trace; request bodies are bounded by `maxRequestBytes`. A known path
 * with another method gets 405 with `Allow`; a client that leaves before its body is whole is
 * logged as information (`request_aborted`), not as an error.
 *
 *   POST /api/groups                     application/json {"name", "dateOrder"?} → 201 {groupId,
 *                                        name, tokens}; `dateOrder` ("dmy", "mdy" or "ymd": how
 *                                        the group writes numeric dates) goes into the directory,
 *                                        400 for another value; 415 for any other type (a
 *                                        cross-site form cannot send JSON); 429 past
 *                                        `createGroupRate` per client address
 *   POST /api/groups/<groupId>/rotate    edit token → 200 {groupId, tokens}; old tokens die (4401)
 *   GET  /api/groups/<groupId>/tokens    edit token → 200 {groupId, name, tokens} of the current
 *                                        generation (an editor shares every link); other roles 403
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize } from '../auth/authorize.ts';
import { createDirectory, isDateOrder } from '../../src/lib/model/directory.ts';
import { DATE_ORDERS } from '../../src/lib/model/import-markdown/context.ts';
import { parseDocumentName } from '../../src/lib/protocol/document-names.ts';
import { isValidId } from '../../src/lib/protocol/ids.ts';
import type { AccessRole, TokenClaims, TokenSigner } from '../auth/tokens.ts';
import type { RelayConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../storage/store.ts';
import { closeRevokedConnections } from '../sync/revoked-connections.ts';
import type { RoomRegistry } from '../sync/room-registry.ts';
import { clientAddress } from './client-address.ts';
import { RateLimiter } from './rate-limit.ts';
import {
	bearerToken,
	HttpError,
	mediaType,
	readBody,
	RequestAbortedError,
	sendError,
	sendJson
} from './respond.ts';

export interface ApiDependencies {
	config: RelayConfig;
	store: Store;
	signer: TokenSigner;
	registry: RoomRegistry;
	logger: Logger;
}

export type ApiRoute = (
	req: IncomingMessage,
	res: ServerResponse,
	params: string[],
	url: URL
) => Promise<void>;

interface RouteEntry {
	method: string;
	pattern: RegExp;
	handle: ApiRoute;
}

export interface Api {
	handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
	/** Adds a route; `pattern` is matched against the path, its groups are the params. */
	route(method: string, pattern: RegExp, handle: ApiRoute): void;
	/** Checks the request's bearer token for `groupId` and one of `roles`; throws 401/403. */
	authenticate(req: IncomingMessage, groupId: string, roles?: AccessRole[]): Promise<TokenClaims>;
}

const MAX_GROUP_NAME = 200;

export function createApi(deps: ApiDependencies): Api {
	const routes: RouteEntry[] = [];
	const { createGroupRate, trustProxy } = deps.config;
	const creations = createGroupRate > 0 ? new RateLimiter(createGroupRate) : null;

	const api: Api = {
		route(method, pattern, handle) {
			routes.push({ method, pattern, handle });
		},

		async authenticate(req, groupId, roles) {
			if (!isValidId(groupId)) throw new HttpError(404, 'unknown group');
			const result = await authorize(deps.signer, deps.store, bearerToken(req), groupId);
			if (!result.ok) {
				throw new HttpError(
					result.status,
					result.error,
					result.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}
				);
			}
			if (roles && !roles.includes(result.claims.role)) {
				throw new HttpError(403, `needs a token with role ${roles.join(' or ')}`);
			}
			return result.claims;
		},

		async handle(req, res, url) {
			try {
				const allowed = new Set<string>();
				const method = req.method === 'HEAD' ? 'GET' : req.method;
				for (const route of routes) {
					const match = route.pattern.exec(url.pathname);
					if (!match) continue;
					if (route.method !== method) {
						allowed.add(route.method);
						if (route.method === 'GET') allowed.add('HEAD');
						continue;
					}
					await route.handle(req, res, match.slice(1), url);
					return;
				}
				if (allowed.size > 0) {
					throw new HttpError(405, 'method not allowed', { Allow: [...allowed].join(', ') });
				}
				throw new HttpError(404, 'not found');
			} catch (error) {
				if (error instanceof RequestAbortedError) {
					deps.logger.info('request_aborted', { path: url.pathname });
					if (res.headersSent || req.socket.destroyed) return void res.destroy();
					return sendJson(res, 400, { error: 'request body incomplete' }, { Connection: 'close' });
				}
				if (!(error instanceof HttpError)) {
					deps.logger.error('api_error', { path: url.pathname, error });
				}
				// The public minutes pages are opened in a browser: their errors are pages too.
				sendError(res, error, url.pathname.startsWith('/p/'));
			}
		}
	};

	api.route('POST', /^\/api\/groups\/?$/, async (req, res) => {
		requireCreateToken(req, deps.config.createGroupToken);
		// A cross-site form can post text/plain, urlencoded or multipart, never JSON without a
		// CORS preflight, which the relay does not answer: so only JSON creates a group.
		if (mediaType(req) !== 'application/json') {
			throw new HttpError(415, 'send the group as Content-Type: application/json');
		}
		// Taken before the work and given back if no group comes of it, so that concurrent
		// requests cannot overshoot and a bad request costs nothing.
		const address = clientAddress(req, trustProxy);
		const grant = creations?.take(address) ?? { ok: true };
		if (!grant.ok) {
			deps.logger.info('group_creation_limited', { retryAfter: grant.retryAfterSeconds });
			throw new HttpError(429, 'too many groups created from this address; try again later', {
				'Retry-After': String(grant.retryAfterSeconds)
			});
		}
		let isCreated = false;
		try {
			const body = await readJson(req, deps.config.maxRequestBytes);
			const name = typeof body.name === 'string' ? body.name.trim() : undefined;
			// Counted as the model counts (UTF-16 units), which writes it into the directory.
			if (!name || name.length > MAX_GROUP_NAME) {
				throw new HttpError(400, `name must be a string of 1 to ${MAX_GROUP_NAME} characters`);
			}
			const dateOrder = body.dateOrder;
			if (dateOrder !== undefined && !isDateOrder(dateOrder)) {
				throw new HttpError(400, `dateOrder must be one of ${DATE_ORDERS.join(', ')}`);
			}
			const groupId = randomBytes(18).toString('base64url');
			const group = await deps.store.createGroup(groupId, name);
			isCreated = true;
			// The directory's first content is written once, here, where the group is made.
			await deps.registry.withRoom(parseDocumentName(groupId)!, (room) =>
				room.change(null, (doc) => createDirectory(doc, { name: group.name, dateOrder }))
			);
			deps.logger.info('group_created', { groupId });
			sendJson(res, 201, {
				groupId,
				name: group.name,
				tokens: deps.signer.tokensFor(groupId, group.generation)
			});
		} finally {
			if (!isCreated) creations?.refund(address);
		}
	});

	// Rotating (and every other POST that needs a token) is not open to cross-site requests: the
	// token goes in Authorization, which a page of another origin can only set after a CORS
	// preflight that the relay never grants, and a form cannot set at all.
	api.route('POST', /^\/api\/groups\/([^/]+)\/rotate\/?$/, async (req, res, [groupId]) => {
		await api.authenticate(req, groupId, ['edit']);
		const group = await deps.store.rotateGroup(groupId);
		const closed = closeRevokedConnections(deps.registry, groupId, group.generation);
		deps.logger.info('group_rotated', { groupId, generation: group.generation, closed });
		sendJson(res, 200, {
			groupId,
			name: group.name,
			tokens: deps.signer.tokensFor(groupId, group.generation)
		});
	});

	// Only an editor may learn the other links: the edit token never reaches comment or view.
	api.route('GET', /^\/api\/groups\/([^/]+)\/tokens\/?$/, async (req, res, [groupId]) => {
		await api.authenticate(req, groupId, ['edit']);
		const group = await deps.store.getGroup(groupId);
		if (!group) throw new HttpError(401, 'invalid token', { 'WWW-Authenticate': 'Bearer' });
		sendJson(res, 200, {
			groupId,
			name: group.name,
			tokens: deps.signer.tokensFor(groupId, group.generation)
		});
	});

	return api;
}

function requireCreateToken(req: IncomingMessage, expected: string | undefined): void {
	if (!expected) return;
	const given = Buffer.from(bearerToken(req) ?? '');
	const wanted = Buffer.from(expected);
	if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
		throw new HttpError(401, 'creating a group needs the create-group token', {
			'WWW-Authenticate': 'Bearer'
		});
	}
}

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
	const body = await readBody(req, limit);
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8'));
	} catch {
		throw new HttpError(400, 'body must be JSON');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new HttpError(400, 'body must be a JSON object');
	}
	return parsed as Record<string, unknown>;
}
