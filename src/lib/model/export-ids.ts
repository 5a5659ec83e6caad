/**
 * Ids as exports write them. Ids of a document's items and blocks are map keys that any
 * member's client may set to anything, so an export writes a valid id (src/lib/protocol/ids.ts)
 * as it is and any other as an id derived from it: `x.` and 16 hex digits of its FNV-1a hash.
 * The derived id is stable (a calendar keeps recognising the same event), holds only
 * `[a-z0-9.]`, and cannot equal a valid id, which never holds a dot.
 */
import { isValidId } from '../protocol/ids';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 64-bit FNV-1a of the string's UTF-16 code units, as 16 hex digits. */
function fnv1a64(text: string): string {
	let hash = FNV_OFFSET;
	for (let i = 0; i < text.length; i++) {
		hash ^= BigInt(text.charCodeAt(i));
		hash = (hash * FNV_PRIME) & MASK;
	}
	return hash.toString(16).padStart(16, '0');
}

/** A stable id made of `[a-z0-9.]` standing for `raw`, whatever `raw` holds. */
export function derivedId(raw: string): string {
	return `x.${fnv1a64(raw)}`;
}

/** `id` when it is a valid id, else the id derived from it. */
export function exportId(id: string): string {
	return isValidId(id) ? id : derivedId(id);
}
