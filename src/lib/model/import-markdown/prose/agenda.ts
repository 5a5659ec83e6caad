/**
 * Agenda labels as people write them in headings, beyond "1." and "a.": "Item 3: Budget"
 * (a numbered item: numbers are derived) and section labels that are no numbers ("A) Theory",
 * "Part B: Practice"), which are unnumbered parts. Free reading only.
 */

/** "Item 3: Budget", "Agenda item 3 – Budget": the title without its number, or null. */
export function numberedItemTitle(text: string): string | null {
	const m = /^\s*(?:agenda\s+)?item\s+\d{1,3}[a-z]?\s*(?:[:.)–—]|\s-)\s*(\S.*)$/i.exec(text);
	return m ? m[1] : null;
}

/** "A) Theory", "Part B: Practice", "Section C – Games": the letter, label and title. */
export function sectionLabel(
	text: string
): { letter: string; label: string; title: string } | null {
	const m = /^\s*((?:part|section)\s+([A-Z])\s*(?:[:.)–—]|\s-)|([A-Z])\))\s*(\S.*)$/i.exec(text);
	if (!m) return null;
	const letter = (m[2] ?? m[3]).toUpperCase();
	// "a) …" is a sub-point, read as one elsewhere; only capitals are parts here.
	if (m[3] && m[3] !== letter) return null;
	return { letter, label: m[1].trim(), title: m[4] };
}

/** The letter Plenary gives the `n`th (0-based) unnumbered part among its siblings. */
export function partLetter(n: number): string {
	return n < 26 ? String.fromCharCode(65 + n) : '';
}
