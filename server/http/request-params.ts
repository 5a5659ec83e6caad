/**
 * What the publishing and export routes read from a request besides the path: who publishes
 * (an optional JSON body `{"by": "<display name>"}`), `held=include`, and revision numbers.
 */
import type { IncomingMessage } from 'node:http';
import type { ChangedBy } from '../../src/lib/model/index.ts';
import type { AccessRole } from '../auth/tokens.ts';
import { HttpError, readBody } from './respond.ts';

/** The longest display name a publish or withdrawal records, as the model counts (UTF-16). */
export const MAX_BY_LENGTH = 200;

/**
 * The optional body of a publish or withdrawal: none (or only whitespace), or a JSON object
 * with at most a string `by` of up to 200 characters. Anything else is a 400.
 */
export async function readChangedBy(req: IncomingMessage, limit: number): Promise<ChangedBy> {
	const text = (await readBody(req, limit)).toString('utf8');
	if (text.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new HttpError(400, 'the body must be JSON: {"by": "<display name>"}, or empty');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new HttpError(400, 'the body must be a JSON object: {"by": "<display name>"}');
	}
	const keys = Object.keys(parsed);
	if (keys.some((key) => key !== 'by')) {
		throw new HttpError(400, 'the body may only hold "by": {"by": "<display name>"}');
	}
	const { by } = parsed as { by?: unknown };
	if (by === undefined) return {};
	if (typeof by !== 'string' || by.trim().length > MAX_BY_LENGTH) {
		throw new HttpError(400, `"by" must be a string of at most ${MAX_BY_LENGTH} characters`);
	}
	return { by: by.trim() };
}

/**
 * Whether an export includes the items held back from publication: only `held=include`, and
 * only for an edit token (403 for another role); any other value of `held` is a 400.
 */
export function includesHeld(url: URL, role: AccessRole): boolean {
	const held = url.searchParams.getAll('held');
	if (held.length === 0) return false;
	if (held.length > 1 || held[0] !== 'include') {
		throw new HttpError(400, 'held: the only value is "include"');
	}
	if (role !== 'edit') {
		throw new HttpError(403, 'items held back from publication need a token with role edit');
	}
	return true;
}

/** A revision number as written in a path: 1, 2, … without leading zeros; else null. */
export function parseRevision(text: string): number | null {
	return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}
