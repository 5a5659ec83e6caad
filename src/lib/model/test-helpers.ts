/**
 * Helpers for the model's tests (not exported from index.ts): a seeded random generator and a
 * deterministic id generator.
 */

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Ids `<prefix>000000000001`, `…2`, …: 16 characters, unique per prefix. */
export function sequentialIds(prefix = 'id'): () => string {
	let n = 0;
	return () => prefix + String(++n).padStart(16 - prefix.length, '0');
}
