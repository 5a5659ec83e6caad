/**
 * The agenda's automatic numbering labels: 1, a, i at the first three depths, then again.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** 1 → a, 26 → z, 27 → aa: the labels of the second depth. */
export function letters(n: number): string {
	let s = '';
	while (n > 0) {
		n--;
		s = LETTERS[n % 26] + s;
		n = Math.floor(n / 26);
	}
	return s;
}

function roman(n: number): string {
	const table: [number, string][] = [
		[1000, 'm'],
		[900, 'cm'],
		[500, 'd'],
		[400, 'cd'],
		[100, 'c'],
		[90, 'xc'],
		[50, 'l'],
		[40, 'xl'],
		[10, 'x'],
		[9, 'ix'],
		[5, 'v'],
		[4, 'iv'],
		[1, 'i']
	];
	let s = '';
	for (const [value, sym] of table) {
		while (n >= value) {
			s += sym;
			n -= value;
		}
	}
	return s;
}

/** The label of the `n`th (1-based) numbered item at `depth` (0-based): 1, a, i, 1, a, i … */
export function numberLabel(depth: number, n: number): string {
	const level = depth % 3;
	return level === 0 ? String(n) : level === 1 ? letters(n) : roman(n);
}
