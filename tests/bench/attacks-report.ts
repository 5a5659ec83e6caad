/**
 * The attacks' figures (attacks.ts) as a section of docs/relay.md, between two markers that
 * `npm run bench` rewrites; the rest of that page is written by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import type { AttackResult, AttackScale } from './attacks';

const START = '<!-- attacks: written by npm run bench (tests/bench/attacks-report.ts) -->';
const END = '<!-- attacks: end -->';

function mib(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function perRequest(result: AttackResult): string {
	if (result.requests === 0) return '–';
	const ms = result.cpuMs / result.requests;
	return ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

export function renderAttacks(
	results: AttackResult[],
	scale: AttackScale,
	when: { date: Date; revision: string; machine: string }
): string {
	const rows = results.map(
		(r) =>
			`| ${r.attack} | ${r.role} | ${r.requests.toLocaleString('en')} in ${r.seconds.toFixed(1)} s | ` +
			`${Math.round(r.cpuMs)} ms (${perRequest(r)} each) | ${mib(r.rssGrowth)} | ` +
			`${Math.round(r.probeWorstMs)} ms | ${r.outcome.replaceAll('|', '\\|')} |`
	);
	return [
		START,
		'',
		`Measured ${when.date.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${when.machine}, code ${when.revision}.`,
		`Floods last ${scale.floodMs / 1000} s; the flooded document holds ${scale.historyCharacters.toLocaleString('en')}`,
		'characters typed one at a time at random places. "Other room" is the worst delay of a',
		'keystroke sent every 100 ms between two clients of another document during the attack: what',
		'every other meeting on the relay felt. CPU and memory are the relay process’s own, its import',
		'workers included.',
		'',
		'| attack | role | requests or messages | relay CPU | relay memory growth | other room, worst | answer |',
		'|---|---|---|---|---|---|---|',
		...rows,
		'',
		END
	].join('\n');
}

/**
 * Replaces the section in `path` (docs/relay.md), which must hold both markers, formatted as
 * `npm run lint` expects.
 */
export async function writeAttacks(path: string, section: string): Promise<void> {
	const page = readFileSync(path, 'utf8');
	const start = page.indexOf(START);
	const end = page.indexOf(END);
	if (start < 0 || end < start) throw new Error(`${path} has no attacks section markers`);
	const written = page.slice(0, start) + section + page.slice(end + END.length);
	const options = { ...(await prettier.resolveConfig(path)), filepath: path };
	writeFileSync(path, await prettier.format(written, options));
}
