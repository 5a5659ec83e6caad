/**
 * What hostile Markdown imports cost our relay (`POST /api/groups/<id>/meetings`), run as
 * `npm start` runs it: for each body, the answer and its time, the server's peak resident set
 * while it was handled, and the longest a `/healthz` poll (every 20 ms) waited meanwhile, which
 * is how long the import held the event loop as another client sees it.
 */
import { rss, startOurs } from './relay';

export interface ImportAttack {
	name: string;
	bytes: number;
	status: number;
	ms: number;
	/** The server's resident set before the import and its peak during it, in bytes. */
	rssBefore: number;
	rssPeak: number;
	/** Longest wait for /healthz while the import ran, in ms. */
	worstHealthMs: number;
}

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
			'1.9 MB of paragraphs in one item (built)',
			fill(1_900_000, '# Paragraphs\n\n## Item\n\n', (i) => `${'word '.repeat(95)}${i}\n\n`)
		],
		['lists nested 1,400 deep (2 MB)', deepLists(1_400)]
	];
}

function sleep(ms: number) {
	return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

export async function benchImports(log: (message: string) => void): Promise<ImportAttack[]> {
	const server = await startOurs();
	const pid = server.child.pid!;
	const http = server.target.base.replace(/^ws/, 'http').replace(/\/sync\/$/, '');
	const token = new URLSearchParams(server.target.query).get('token')!;
	const post = (markdown: string) =>
		fetch(`${http}/api/groups/${server.target.groupId}/meetings`, {
			method: 'POST',
			headers: { 'Content-Type': 'text/markdown', Authorization: `Bearer ${token}` },
			body: markdown
		});
	const attacks: ImportAttack[] = [];
	try {
		// The first import starts a worker and warms the JIT; not counted.
		await post('# Warm-up\n\n## 1. Item\n\nDecision: yes.\n');
		for (const [name, markdown] of hostileBodies()) {
			log(`import: ${name}`);
			await sleep(1_000);
			const rssBefore = rss(pid);
			let rssPeak = rssBefore;
			let worstHealthMs = 0;
			let isDone = false;
			const watch = (async () => {
				while (!isDone) {
					const sent = performance.now();
					await fetch(`${http}/healthz`);
					worstHealthMs = Math.max(worstHealthMs, performance.now() - sent);
					rssPeak = Math.max(rssPeak, rss(pid));
					await sleep(20);
				}
			})();
			const started = performance.now();
			const response = await post(markdown);
			await response.arrayBuffer();
			const ms = performance.now() - started;
			isDone = true;
			await watch;
			attacks.push({
				name,
				bytes: Buffer.byteLength(markdown),
				status: response.status,
				ms,
				rssBefore,
				rssPeak,
				worstHealthMs
			});
		}
	} finally {
		await server.stop();
	}
	return attacks;
}

export function renderImports(attacks: ImportAttack[]): string {
	const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
	const rows = attacks.map(
		(a) =>
			`| ${a.name} | ${a.status} | ${(a.ms / 1000).toFixed(1)} s | ${mb(a.rssBefore)} → ${mb(a.rssPeak)} | ${Math.round(a.worstHealthMs)} ms |`
	);
	return [
		'## Hostile Markdown imports',
		'',
		'Each body posted once to a running relay (`tests/bench/import-attacks.ts`), after a warm-up',
		'import. Imports are built in a worker thread and applied in slices; 413 is a body past what one',
		'import may build (docs/markdown.md). Resident set: the whole server process, workers included.',
		'',
		'| body | answer | time | resident set | longest /healthz wait |',
		'| --- | --- | --- | --- | --- |',
		...rows,
		''
	].join('\n');
}
