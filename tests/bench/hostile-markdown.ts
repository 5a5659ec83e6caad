/**
 * The hostile Markdown bodies of issue 13 (and the largest real-looking one that is built), for
 * attacks.ts to post to the relay's import.
 */
function fill(bytes: number, start: string, piece: (i: number) => string): string {
	const parts = [start];
	let length = start.length;
	for (let i = 0; length < bytes; i++) {
		const next = piece(i);
		parts.push(next);
		length += next.length;
	}
	return parts.join('');
}

function deepLists(levels: number): string {
	let text = '# Deep\n\n## Item\n\n';
	for (let i = 0; i < levels; i++) text += `${'  '.repeat(i)}- d${i}\n`;
	return text;
}

/** The bodies of issue 13, and the largest that is built. */
export function hostileBodies(): [string, string][] {
	return [
		['4,000 headings (20 KB)', `# Headings\n\n${'## h\n'.repeat(4_000)}`],
		[
			'400 KB of bullets in one list',
			fill(400_000, '# Bullets\n\n## Item\n\n', (i) => `- bullet ${i}\n`)
		],
		['400 KB of one-letter bullets', `# Bullets\n\n## Item\n\n${'- a\n'.repeat(100_000)}`],
		[
			'400 KB of bullets under 40 headings',
			fill(400_000, '# Bullets\n\n', (i) =>
				i % 800 === 0 ? `\n## Part ${i / 800}\n\n- bullet ${i}\n` : `- bullet ${i}\n`
			)
		],
		[
			'600 KB of emphasis markers',
			fill(600_000, '# Emphasis\n\n## Item\n\n', (i) => `*a${i % 10}* `)
		],
		[
			'1.9 MB of paragraphs under 4 headings (built)',
			fill(1_900_000, '# Paragraphs\n\n', (i) =>
				i % 1_000 === 0
					? `\n## Part ${i / 1_000}\n\n${'word '.repeat(95)}${i}\n\n`
					: `${'word '.repeat(95)}${i}\n\n`
			)
		],
		['lists nested 1,400 deep (2 MB)', deepLists(1_400)]
	];
}
