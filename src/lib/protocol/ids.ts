/** Group and meeting ids: 16–64 characters of `A-Z a-z 0-9 _ -` (docs/contract.md). */

const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether `value` is a valid group or meeting id. */
export function isValidId(value: unknown): value is string {
	return typeof value === 'string' && ID_PATTERN.test(value);
}
