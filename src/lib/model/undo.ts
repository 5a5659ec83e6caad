/**
 * Per-user undo: a Y.UndoManager over the document's root types that tracks only transactions
 * with this user's origin, so undo never touches another person's changes. captureTimeout is 0:
 * every operation (one transaction) is one undo step.
 */
import * as Y from 'yjs';
import type { DocumentKind } from '../protocol/document-names';
import { COMMENTS_ROOT_NAMES } from './comments';
import { DIRECTORY_ROOT_NAMES } from './directory';
import { FLOOR_ROOT_NAMES } from './floor';
import { MINUTES_ROOT_NAMES } from './schema';

const ROOTS: Record<DocumentKind, readonly string[]> = {
	minutes: MINUTES_ROOT_NAMES,
	comments: COMMENTS_ROOT_NAMES,
	directory: DIRECTORY_ROOT_NAMES,
	floor: FLOOR_ROOT_NAMES
};

/** An undo manager for `origin`'s operations on `doc`. Call `destroy()` when done. */
export function createUndoManager(
	doc: Y.Doc,
	origin: unknown,
	options: { kind?: DocumentKind; captureTimeout?: number } = {}
): Y.UndoManager {
	const scope = ROOTS[options.kind ?? 'minutes'].map((name) => doc.getMap(name));
	return new Y.UndoManager(scope, {
		trackedOrigins: new Set([origin]),
		captureTimeout: options.captureTimeout ?? 0
	});
}
