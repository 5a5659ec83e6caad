/**
 * What one hostile connection costs the relay: each attack floods a document with a long history
 * from its own process (tests/utils/flood-client.ts) while a healthy pair of y-websocket clients
 * in another document keeps writing to each other. Measured: the relay's CPU time per message
 * (from /proc), the longest the healthy pair waited for a delivery, and how much the relay's
 * memory grew. The relay runs as `npm start` does, one fresh process per attack.
 *
 * `npm run bench` runs it (BENCH_ONLY=attacks for it alone) and writes the table into
 * docs/relay.md between the `bench:attacks` markers; `node --import tsx tests/bench/attacks.ts`
 * does the same on its own.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import * as Y from 'yjs';
import { encodeUpdate } from '../../server/sync/protocol.ts';
import { startFlood, type FloodOptions } from '../utils/flood-client.ts';
import { longHistory } from '../utils/hostile-updates.ts';
import {
	connectClient,
	createGroup,
	openRaw,
	randomId,
	sleep,
	spawnRelay,
	tempDir,
	waitFor,
	waitSynced,
	type Group
} from '../utils/relay.ts';
import { rss } from './relay.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface AttackScale {
	seconds: number;
	historyStructs: number;
	/** The measurement stops this long after the flood started, idle or not. */
	maxSeconds: number;
}

export interface AttackResult {
	attack: string;
	role: string;
	perSecond: number;
	sent: number;
	/** Relay CPU from the flood's start until it is idle again, per message sent. */
	cpuMsPerMessage: number;
	relayCpuMs: number;
	/** Until the relay was idle again after the flood. */
	seconds: number;
	worstDeliveryMs: number;
	rssGrowthBytes: number;
	closeCode: number | null;
	/** The relay was still busy (or the healthy pair still waiting) when the measurement stopped. */
	isCut: boolean;
}

interface Attack {
	attack: string;
	role: 'edit' | 'view';
	perSecond: number;
	flood: (history: Y.Doc) => Pick<FloodOptions, 'kind' | 'range' | 'between'>;
}

const ATTACKS: Attack[] = [
	{
		attack: '13-byte delete set naming a deleted entry',
		role: 'view',
		perSecond: 4_000,
		flood: (history) => ({ kind: 'delete-set', range: [history.clientID, 3, 1] })
	},
	{
		attack: 'sync step 1 asking for the whole document',
		role: 'view',
		perSecond: 200,
		flood: () => ({ kind: 'sync-step-1' })
	},
	{
		attack: '21-byte inserts, all at one place',
		role: 'edit',
		perSecond: 6_000,
		flood: (history) => ({
			kind: 'siblings',
			between: [
				{ client: history.clientID, clock: 0 },
				{ client: history.clientID, clock: 1 }
			]
		})
	}
];

/** CPU time (user + system) of a process so far, in milliseconds (Linux, 100 ticks a second). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function runAttack(
	attack: Attack,
	scale: AttackScale,
	log: (message: string) => void
): Promise<AttackResult> {
	const dataDir = tempDir('plenary-attack-');
	const relay = await spawnRelay({ DATA_DIR: dataDir, STATIC_DIR: join(dataDir, 'no-build') });
	const pid = relay.child.pid!;
	try {
		const group: Group = await createGroup(relay.httpUrl);
		const history = longHistory(scale.historyStructs);
		const target = `${group.groupId}/${randomId()}`;
		// A writer that stays, so that the document stays loaded.
		const seed = openRaw(`${relay.syncUrl}/${target}?token=${group.tokens.edit}`);
		await seed.opened;
		seed.send(encodeUpdate(Y.encodeStateAsUpdate(history)));
		const check = connectClient(relay.syncUrl, target, group.tokens.view);
		await waitFor(() => check.doc.getMap('history').size > 0, { timeout: 60_000 });
		check.destroy();
		const healthy = `${group.groupId}/${randomId()}`;
		const writer = connectClient(relay.syncUrl, healthy, group.tokens.edit);
		const reader = connectClient(relay.syncUrl, healthy, group.tokens.edit);
		await Promise.all([waitSynced(writer, 30_000), waitSynced(reader, 30_000)]);
		await sleep(500);
		const rssBefore = rss(pid);
		let rssPeak = rssBefore;
		const cpuBefore = cpuMs(pid);
		const started = performance.now();
		let worstDeliveryMs = 0;
		let isFlooding = true;
		const flood = startFlood({
			url: `${relay.syncUrl}/${target}?token=${group.tokens[attack.role]}`,
			perSecond: attack.perSecond,
			durationMs: scale.seconds * 1000,
			...attack.flood(history)
		}).finally(() => (isFlooding = false));
		// Deliveries and the relay's CPU until the flood is over and the relay is idle again.
		const deadline = started + scale.maxSeconds * 1000;
		let idleSince = 0;
		let lastCpu = cpuBefore;
		let lastAt = performance.now();
		let isCut = false;
		for (let n = 0; isFlooding || performance.now() - idleSince < 1_000; n++) {
			const due = performance.now();
			if (due > deadline) {
				isCut = true;
				break;
			}
			const mark = `${n};`;
			writer.doc.getText('probe').insert(0, mark);
			const isDelivered = await waitFor(
				() => reader.doc.getText('probe').toString().startsWith(mark),
				{ timeout: Math.max(1, deadline - due) }
			).then(
				() => true,
				() => false
			);
			worstDeliveryMs = Math.max(worstDeliveryMs, performance.now() - due);
			if (!isDelivered) {
				isCut = true;
				break;
			}
			rssPeak = Math.max(rssPeak, rss(pid));
			await sleep(100);
			const cpu = cpuMs(pid);
			const busy = (cpu - lastCpu) / (performance.now() - lastAt);
			lastCpu = cpu;
			lastAt = performance.now();
			if (isFlooding || busy > 0.1) idleSince = performance.now();
		}
		if (isCut) log('measurement cut: the relay was still busy');
		const result = await flood;
		const relayCpuMs = cpuMs(pid) - cpuBefore;
		writer.destroy();
		reader.destroy();
		seed.ws.close();
		const measured: AttackResult = {
			attack: attack.attack,
			role: attack.role,
			perSecond: attack.perSecond,
			sent: result.sent,
			cpuMsPerMessage: relayCpuMs / Math.max(1, result.sent),
			relayCpuMs,
			seconds: (performance.now() - started) / 1000,
			worstDeliveryMs,
			rssGrowthBytes: rssPeak - rssBefore,
			closeCode: result.closeCode,
			isCut
		};
		log(
			`${attack.attack} (${attack.role}): ${measured.cpuMsPerMessage.toFixed(3)} ms CPU a message, ` +
				`other room waited at most ${Math.round(worstDeliveryMs)} ms`
		);
		return measured;
	} finally {
		relay.child.kill('SIGTERM');
		await relay.exited;
		rmSync(dataDir, { recursive: true, force: true });
	}
}

export async function benchAttacks(
	scale: AttackScale,
	log: (message: string) => void
): Promise<AttackResult[]> {
	const results: AttackResult[] = [];
	for (const attack of ATTACKS) {
		log(`attack: ${attack.attack}`);
		results.push(await runAttack(attack, scale, log));
	}
	return results;
}

export function renderAttacks(results: AttackResult[], scale: AttackScale, when: Date): string {
	// "≥": the measurement stopped while the relay was still busy.
	const rows = results.map((r) => {
		const atLeast = r.isCut ? '≥ ' : '';
		return (
			`| ${r.attack} | ${r.role} | ${r.sent} (${r.perSecond}/s asked) | ${atLeast}${r.cpuMsPerMessage.toFixed(3)} | ` +
			`${atLeast}${(r.relayCpuMs / 1000).toFixed(1)} s in ${r.seconds.toFixed(1)} s | ${atLeast}${Math.round(r.worstDeliveryMs)} | ` +
			`${(r.rssGrowthBytes / 2 ** 20).toFixed(0)} MiB |`
		);
	});
	const intro =
		`Measured ${when.toISOString().slice(0, 10)} by \`npm run bench\` (tests/bench/attacks.ts): one ` +
		`connection floods a document of ${scale.historyStructs.toLocaleString('en')} structs for ` +
		`${scale.seconds} s from its own process while a pair of clients in another document writes ` +
		`to each other; measured until the relay is idle again, at most ${scale.maxSeconds} s ` +
		'("≥": it was still busy then).';
	return [
		...wrap(intro, 100),
		'',
		'| attack | role | messages sent | relay CPU ms a message | relay CPU until idle | other room: longest wait (ms) | relay memory growth |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows
	].join('\n');
}

function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	return [...lines, line];
}

const BEGIN = '<!-- bench:attacks -->';
const END = '<!-- /bench:attacks -->';

/** Replaces the table between the markers in docs/relay.md, formatted as the repository's. */
export async function writeAttacks(
	markdown: string,
	file = join(repoRoot, 'docs', 'relay.md')
): Promise<void> {
	const text = readFileSync(file, 'utf8');
	const begin = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (begin < 0 || end < begin) throw new Error(`${file} has no ${BEGIN} … ${END} section`);
	const replaced = `${text.slice(0, begin + BEGIN.length)}\n\n${markdown}\n\n${text.slice(end)}`;
	const options = (await resolveConfig(file)) ?? {};
	writeFileSync(file, await format(replaced, { ...options, filepath: file }));
}

if (process.argv[1] === import.meta.filename) {
	const scale: AttackScale = {
		seconds: Number(process.env.BENCH_SECONDS ?? 6),
		historyStructs: Number(process.env.BENCH_HISTORY ?? 100_000),
		maxSeconds: Number(process.env.BENCH_MAX_SECONDS ?? 120)
	};
	const log = (message: string) => console.error(`[attacks] ${message}`);
	benchAttacks(scale, log).then(
		async (results) => {
			const markdown = renderAttacks(results, scale, new Date());
			console.log(markdown);
			if (process.env.BENCH_OUT !== '-') await writeAttacks(markdown, process.env.BENCH_OUT);
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		}
	);
}
