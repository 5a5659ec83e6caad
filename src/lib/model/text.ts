/**
 * Plain inputs bound to Y.Text. `setText` turns "the input now says X" into the smallest edit
 * (common prefix and suffix kept), so two people typing in one title at once both keep their
 * characters instead of one overwriting the other.
 */
import * as Y from 'yjs';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Apply `value` to `ytext` as a minimal diff, in one transaction with `origin`. */
export function setText(ytext: Y.Text, value: string, origin?: unknown): void {
	const old = ytext.toString();
	if (old === value) return;
	let start = 0;
	const max = Math.min(old.length, value.length);
	while (start < max && old.charCodeAt(start) === value.charCodeAt(start)) start++;
	// Never split a surrogate pair: back off to its first half.
	if (start > 0 && isHigh(old.charCodeAt(start - 1))) start--;
	let endOld = old.length;
	let endNew = value.length;
	while (
		endOld > start &&
		endNew > start &&
		old.charCodeAt(endOld - 1) === value.charCodeAt(endNew - 1)
	) {
		endOld--;
		endNew--;
	}
	if (endOld < old.length && isLow(old.charCodeAt(endOld))) {
		endOld++;
		endNew++;
	}
	const apply = () => {
		if (endOld > start) ytext.delete(start, endOld - start);
		if (endNew > start) ytext.insert(start, value.slice(start, endNew));
	};
	if (ytext.doc) ytext.doc.transact(apply, origin);
	else apply();
}
