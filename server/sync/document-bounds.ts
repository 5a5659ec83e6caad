/**
 * What each role may make a document grow to, so that no writer can make a document too large to
 * load (docs/relay.md#document-size has the numbers and why).
 *
 *   kind        role      total (share of MAX_DOCUMENT_BYTES)   largest update (share)
 *   minutes     edit      1                                      1
 *   comments    edit      1                                      1
 *   comments    comment   1/2                                    1/16
 *   floor       edit      1/4                                    1/16
 *   floor       comment   1/8                                    1/64
 *   directory   edit      1/4                                    1/4
 *   any         relay     1 (its own writes: entries, imports)   —
 *   pending structs, any writer: 1/16 (pending-structs.ts)
 *
 * A writer's update is checked right before it is applied, against a running upper bound of the
 * encoded size (document-size.ts): refused, it is neither applied nor forwarded. The relay's own
 * writes are functions, not updates, so they are checked twice: before they run, the document
 * must have room for a small write (`RELAY_WRITE_RESERVE`: a directory entry is at most
 * `MAX_DIRECTORY_ENTRY_BYTES` of JSON); after, a write that took the document past the bound
 * (an import into a new meeting) is not stored: the room unloads, dropping it from memory.
 */
import type * as Y from 'yjs';
import type { DocumentKind } from '../../src/lib/protocol/document-names.ts';
import type { AccessRole } from '../../src/lib/protocol/token-format.ts';
import { countPieces, DocumentSize, growthBound } from './document-size.ts';
import { mayLeavePending, pendingBytes } from './pending-structs.ts';

/** The auth message a writer gets for an update that would make the document too large. */
export { DOCUMENT_TOO_LARGE } from '../../src/lib/protocol/refusal-reasons.ts';

/** Room kept for one of the relay's own small writes, checked before it runs. */
export const RELAY_WRITE_RESERVE = 128 * 1024;

/** The largest directory entry (its JSON) the relay writes when it lists a meeting. */
export const MAX_DIRECTORY_ENTRY_BYTES = 16 * 1024;

/** Pending structs a document may hold, as a share of MAX_DOCUMENT_BYTES. */
const PENDING_SHARE = 1 / 16;

interface Shares {
	/** What the role may make the document grow to. */
	total: number;
	/** The largest single update it may send. */
	update: number;
}

const SHARES: Record<DocumentKind, Partial<Record<AccessRole, Shares>>> = {
	// A directory of a thousand meetings, every entry rewritten six times: 250 KB.
	directory: { edit: { total: 1 / 4, update: 1 / 4 } },
	// A 3-hour meeting typed one keystroke at a time: 250 KB of state from 2.4 MB of updates.
	minutes: { edit: { total: 1, update: 1 } },
	// 5,000 comments of 350 characters: 2.4 MB.
	comments: { edit: { total: 1, update: 1 }, comment: { total: 1 / 2, update: 1 / 16 } },
	// Hands, check-ins and ballots of a meeting: small. Members write it as much as the
	// facilitator, but a member may fill an eighth, so one cannot crowd the facilitator out.
	floor: { edit: { total: 1 / 4, update: 1 / 16 }, comment: { total: 1 / 8, update: 1 / 64 } }
};

export interface WriteLimits {
	total: number;
	update: number;
}

/** The limits of `role` (or of the relay's own writes) on a document of `kind`, in bytes. */
export function writeLimits(
	kind: DocumentKind,
	role: AccessRole | 'relay',
	maxDocumentBytes: number
): WriteLimits {
	if (role === 'relay') return { total: maxDocumentBytes, update: maxDocumentBytes };
	const shares = SHARES[kind][role] ?? { total: 0, update: 0 };
	return {
		total: Math.floor(shares.total * maxDocumentBytes),
		update: Math.floor(shares.update * maxDocumentBytes)
	};
}

/** A relay's own write that the document has no room for; nothing of it was stored. */
export class DocumentTooLargeError extends Error {
	constructor() {
		super('document too large');
		this.name = 'DocumentTooLargeError';
	}
}

export class DocumentBounds {
	readonly size: DocumentSize;

	constructor(
		private readonly doc: Y.Doc,
		private readonly kind: DocumentKind,
		private readonly maxDocumentBytes: number
	) {
		this.size = new DocumentSize(doc);
	}

	/**
	 * Whether a writer with `role` may apply `update` (of `pieces` structs and delete ranges);
	 * when it may, its growth is counted. Call right before applying it, so that updates applied
	 * before it in the same batch count.
	 */
	admit(role: AccessRole, update: Uint8Array, pieces: number): boolean {
		const limits = writeLimits(this.kind, role, this.maxDocumentBytes);
		const growth = growthBound(update.length, pieces);
		if (update.length > limits.update || !this.size.fits(growth, limits.total)) return false;
		const pendingLimit = this.maxDocumentBytes * PENDING_SHARE;
		if (
			pendingBytes(this.doc) + update.length > pendingLimit &&
			mayLeavePending(this.doc, update)
		) {
			return false;
		}
		this.size.grow(growth);
		return true;
	}

	/** Before one of the relay's own writes: throws when the document has no room left. */
	checkRelayWrite(): void {
		if (!this.size.fits(RELAY_WRITE_RESERVE, this.maxDocumentBytes)) {
			throw new DocumentTooLargeError();
		}
	}

	/**
	 * After one of the relay's own writes produced `updates` (applied, not yet stored): counts
	 * them and tells whether the document is still within the bound, measuring it if need be.
	 */
	acceptRelayWrite(updates: readonly Uint8Array[]): boolean {
		for (const update of updates) this.size.grow(growthBound(update.length, countPieces(update)));
		return this.size.fits(0, this.maxDocumentBytes, { mayMeasureNow: true });
	}
}
