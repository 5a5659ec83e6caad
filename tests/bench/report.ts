/**
 * The benchmark's figures as a terminal table and as docs/benchmarks.md: each figure beside its
 * budget (docs/quality-bars.md) and, for the relay, beside the reference server's with
 * the ratio. Figures over rounds are medians; every round is listed under "Details".
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_FIRST_SCREEN, BUDGET_WITH_EDITOR, kib, type BundleSizes } from './bundle-size';
import type { AttackResult, AttackScale } from './attacks';
import type { ClientResults, ClientScale } from './client';
import type { ListResults } from './meetings-list';
import type { RelayResults, RelayScale, ServerRounds } from './relay';

export interface LongMeeting {
	items: number;
	characters: number;
	updates: number;
	updateBytes: number;
	mergedBytes: number;
	snapshotBytes: number;
	applyMs: number;
}

export interface Report {
	startedAt: Date;
	seconds: number;
	machine: {
		cpu: string;
		cores: number;
		memory: number;
		node: string;
		revision: string;
		loadBefore: number[];
		loadAfter: number[];
	};
	scale: { small: boolean; relay: RelayScale; client: ClientScale; attacks: AttackScale };
	bundle?: BundleSizes;
	relay?: RelayResults;
	client?: ClientResults;
	long?: LongMeeting;
	/** the meetings list and search with many meetings (tests/bench/meetings-list.ts) */
	list?: ListResults;
	/** docs/relay.md's figures, not this page's */
	attacks?: AttackResult[];
}

interface Row {
	measure: string;
	ours: string;
	reference: string;
	ratio: string;
	budget: string;
	verdict: string;
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function median(values: number[]): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (value: number) =>
	Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '–';
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;
const ratio = (a: number, b: number) => (b ? `${(a / b).toFixed(2)}×` : '–');
const met = (isMet: boolean) => (isMet ? 'met' : '**missed**');

function relayRows(relay: RelayResults, scale: RelayScale): Row[] {
	const pick = (s: ServerRounds) => {
		const pooled = s.latency.flatMap((r) => r.samples).sort((a, b) => a - b);
		const busy = (s.busyLatency ?? []).flatMap((r) => r.samples).sort((a, b) => a - b);
		return {
			p50: percentile(pooled, 50),
			p99: percentile(pooled, 99),
			worstP99: Math.max(...s.latency.map((r) => r.p99)),
			busyP99: percentile(busy, 99),
			throughput: median(s.throughput.map((r) => r.deliveredPerSecond)),
			busyThroughput: median((s.busyThroughput ?? []).map((r) => r.deliveredPerSecond)),
			load: median(s.load.map((r) => r.median)),
			memory: median(s.memory.map((r) => r.perDocument)),
			peak: s.peakRss
		};
	};
	const o = pick(relay.ours);
	const r = pick(relay.reference);
	const room = `${scale.editors} editors in one room, ${scale.typingRate} keystrokes/s each`;
	return [
		{
			measure: `Delivery latency p50 (${room}; every round's samples pooled)`,
			ours: ms(o.p50),
			reference: ms(r.p50),
			ratio: ratio(o.p50, r.p50),
			budget: '',
			verdict: ''
		},
		{
			measure: `Delivery latency p99 (same; worst single round: ours ${ms(o.worstP99)}, reference ${ms(r.worstP99)})`,
			ours: ms(o.p99),
			reference: ms(r.p99),
			ratio: ratio(o.p99, r.p99),
			budget: '≤ 1.5× reference, ≤ 100 ms',
			verdict: met(o.p99 <= 1.5 * r.p99 && o.p99 <= 100)
		},
		{
			measure: `Delivery latency p99, a CPU hog beside the servers (${scale.busyRounds ?? 0} rounds pooled)`,
			ours: ms(o.busyP99),
			reference: ms(r.busyP99),
			ratio: ratio(o.busyP99, r.busyP99),
			budget: '≤ 1.5× reference',
			verdict: Number.isFinite(o.busyP99) ? met(o.busyP99 <= 1.5 * r.busyP99) : ''
		},
		{
			measure: `Throughput, updates delivered (${scale.rooms} rooms of ${scale.perRoom}; median round)`,
			ours: perSecond(o.throughput),
			reference: perSecond(r.throughput),
			ratio: ratio(o.throughput, r.throughput),
			budget: '≥ 1.5× reference, persistence on',
			verdict: met(o.throughput >= 1.5 * r.throughput)
		},
		{
			measure: 'Throughput, a CPU hog beside the servers',
			ours: perSecond(o.busyThroughput),
			reference: perSecond(r.busyThroughput),
			ratio: ratio(o.busyThroughput, r.busyThroughput),
			budget: '≥ 1.5× reference',
			verdict: Number.isFinite(o.busyThroughput)
				? met(o.busyThroughput >= 1.5 * r.busyThroughput)
				: ''
		},
		{
			measure: `Server memory per loaded document (${scale.memoryDocuments} meetings of ${scale.memoryItems} items, ${scale.memoryCharacters.toLocaleString('en')} characters, one client each)`,
			ours: kib(o.memory),
			reference: kib(r.memory),
			ratio: ratio(o.memory, r.memory),
			budget: '',
			verdict: ''
		},
		{
			measure: 'Server resident memory, largest after a round',
			ours: mib(o.peak),
			reference: mib(r.peak),
			ratio: ratio(o.peak, r.peak),
			budget: '',
			verdict: ''
		},
		{
			measure: `Time to load a large document (${scale.loadItems} items, ${scale.loadCharacters.toLocaleString('en')} characters): connect to full sync step 2`,
			ours: ms(o.load),
			reference: ms(r.load),
			ratio: ratio(o.load, r.load),
			budget: '',
			verdict: ''
		}
	];
}

function clientRows(report: Report): Row[] {
	const rows: Row[] = [];
	const { bundle, client, long } = report;
	const row = (measure: string, ours: string, budget = '', verdict = ''): Row => ({
		measure,
		ours,
		reference: '',
		ratio: '',
		budget,
		verdict
	});
	if (bundle) {
		rows.push(
			row(
				'First screen (meetings list), JS+CSS gzip',
				kib(bundle.firstScreen.total),
				`≤ 150 KB (${ratio(bundle.firstScreen.total, BUDGET_FIRST_SCREEN)})`,
				met(bundle.firstScreen.total <= BUDGET_FIRST_SCREEN)
			),
			row(
				'With the notes editor loaded (list + meeting screen + editor), JS+CSS gzip',
				kib(bundle.withEditor.total),
				`≤ 240 KB (${ratio(bundle.withEditor.total, BUDGET_WITH_EDITOR)})`,
				met(bundle.withEditor.total <= BUDGET_WITH_EDITOR)
			)
		);
	}
	if (client) {
		const cold = median(client.coldStart);
		const open = median(client.largeOpen);
		rows.push(
			row(
				'Offline cold start to an editable meeting, Chromium, 4× CPU throttling',
				ms(cold),
				`≤ 1 s (${ratio(cold, 1000)})`,
				met(cold <= 1000)
			),
			row(
				`3-hour meeting (${report.scale.client.largeItems} items, ${report.scale.client.largeCharacters.toLocaleString('en')} characters) opened from IndexedDB, offline, to its last item on screen`,
				ms(open),
				`≤ 1 s (${ratio(open, 1000)})`,
				met(open <= 1000)
			),
			row('The same with 4× CPU throttling', ms(median(client.largeOpenThrottled)), '', ''),
			row(
				'Typing latency in the 3-hour meeting, 4× throttling, keydown to next frame: p50 / p99',
				`${ms(client.typing.p50)} / ${ms(client.typing.p99)}`
			)
		);
	}
	if (report.list) {
		const l = report.list;
		const n = l.meetings.toLocaleString('en');
		rows.push(
			row(
				`Meetings list of ${n} meetings, offline: navigation start to every row shown`,
				ms(l.listShownMs)
			),
			row(
				`Search over ${n} meetings: first query, index built from the stored documents`,
				ms(l.searchFirstMs)
			),
			row(
				`Search over ${n} meetings after a reload (saved index): typing to results`,
				ms(l.searchReloadMs)
			),
			row(
				'Search as you type: one keystroke to results drawn, median / worst of 20',
				`${ms(l.typingMedianMs)} / ${ms(l.typingWorstMs)}`
			)
		);
	}
	if (long) {
		rows.push(
			row(
				`Document after a long meeting (${long.characters.toLocaleString('en')} characters typed in ${long.updates.toLocaleString('en')} updates): before / after compaction`,
				`${kib(long.updateBytes)} / ${kib(long.snapshotBytes)}`
			)
		);
	}
	return rows;
}

function allRows(report: Report): Row[] {
	return [
		...(report.relay ? relayRows(report.relay, report.scale.relay) : []),
		...clientRows(report)
	];
}

export function renderTable(report: Report): string {
	const rows = allRows(report);
	const header: Row = {
		measure: 'measure',
		ours: 'Plenary',
		reference: 'y-websocket 1.5.4',
		ratio: 'ratio',
		budget: 'budget',
		verdict: ''
	};
	const keys = Object.keys(header) as (keyof Row)[];
	const cell = (row: Row, key: keyof Row) =>
		key === 'measure' && row[key].length > 70 ? `${row[key].slice(0, 67)}...` : row[key];
	const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => cell(r, k).length)));
	const line = (row: Row) =>
		keys.map((k, i) => cell(row, k).replaceAll('**', '').padEnd(widths[i])).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(rows: Row[]): string {
	return [
		'| measure | Plenary | y-websocket 1.5.4 | ratio | budget | |',
		'|---|---:|---:|---:|---|---|',
		...rows.map(
			(r) =>
				`| ${r.measure} | ${r.ours} | ${r.reference} | ${r.ratio} | ${r.budget} | ${r.verdict} |`
		)
	].join('\n');
}

function details(report: Report): string {
	const parts: string[] = [];
	if (report.relay) {
		for (const kind of ['ours', 'reference'] as const) {
			const s = report.relay[kind];
			parts.push(
				`**${kind === 'ours' ? 'Plenary relay' : 'Reference y-websocket'}**, round by round:`,
				'',
				`- latency p50 / p99 / max (ms): ${s.latency.map((r) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} / ${r.max.toFixed(0)}`).join('; ')}`,
				`- keystrokes sent, deliveries seen / expected: ${s.latency.map((r) => `${r.sent}, ${r.delivered} / ${r.expected}`).join('; ')}`,
				`- throughput (deliveries/s): ${s.throughput.map((r) => Math.round(r.deliveredPerSecond)).join('; ')}; keystrokes stalled over 2 s: ${s.throughput.map((r) => r.stalls).join('; ')}`,
				`- large document load, median of each round (ms): ${s.load.map((r) => r.median.toFixed(0)).join('; ')} (state ${s.load[0] ? kib(s.load[0].documentBytes) : '–'})`,
				`- memory: baseline → loaded (MB): ${s.memory.map((r) => `${(r.baseline / 1048576).toFixed(1)} → ${(r.loaded / 1048576).toFixed(1)}`).join('; ')}; documents ${s.memory[0] ? kib(s.memory[0].documentBytes) : '–'} each as Yjs state`,
				`- with a CPU hog beside the servers: latency p50 / p99 / max (ms): ${(s.busyLatency ?? []).map((r) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} / ${r.max.toFixed(0)}`).join('; ') || '–'}; throughput (deliveries/s): ${(s.busyThroughput ?? []).map((r) => Math.round(r.deliveredPerSecond)).join('; ') || '–'}`,
				`- connections closed by the server during a run: ${[...s.latency, ...s.throughput, ...(s.busyLatency ?? []), ...(s.busyThroughput ?? [])].flatMap((r) => r.closed).join(', ') || 'none'}`,
				''
			);
		}
	}
	if (report.relay) {
		const { ours, reference } = report.relay;
		const pairs = ours.throughput.map((o, i) =>
			reference.throughput[i]
				? ratio(o.deliveredPerSecond, reference.throughput[i].deliveredPerSecond)
				: '–'
		);
		parts.push(
			`Throughput of ours against the reference, round by round: ${pairs.join('; ')}.`,
			''
		);
	}
	if (report.bundle) {
		const b = report.bundle;
		parts.push(
			'**Bundle** (gzip level 9 of each file; JS + CSS):',
			'',
			`- first screen: ${kib(b.firstScreen.js)} JS + ${kib(b.firstScreen.css)} CSS in ${b.firstScreen.files.length} files (${kib(b.firstScreen.raw)} before compression)`,
			`- meeting screen without the editor: ${kib(b.meetingScreen.total)} in ${b.meetingScreen.files.length} files; the editor chunk adds ${kib(b.editorChunk.total)}`,
			`- with the editor: ${kib(b.withEditor.js)} JS + ${kib(b.withEditor.css)} CSS in ${b.withEditor.files.length} files`,
			`- largest files: ${b.largest.map((f) => `${f.file.split('/').pop()} ${kib(f.gzip)}`).join(', ')}`,
			''
		);
	}
	if (report.client) {
		const c = report.client;
		parts.push(
			'**Client**, each start a new Chromium process on the same profile, offline:',
			'',
			`- cold start (ms): ${c.coldStart.map((v) => v.toFixed(0)).join('; ')}`,
			`- the last cold start, ms from navigation start: fallback page ${ms(c.coldPhases.html)}, DOM interactive ${ms(c.coldPhases.domInteractive)}, ${c.coldPhases.scripts} JS files fetched (all but the editor chunk by ${ms(c.coldPhases.scriptsDone)}), editor chunk ${ms(c.coldPhases.editorChunk[0])} → ${ms(c.coldPhases.editorChunk[1])}, editable ${ms(c.coldPhases.editable)}, drawn ${ms(c.coldPhases.drawn)}`,
			`- 3-hour meeting (ms): ${c.largeOpen.map((v) => v.toFixed(0)).join('; ')}; with 4× throttling: ${c.largeOpenThrottled.map((v) => v.toFixed(0)).join('; ')}; stored state ${kib(c.largeStoredBytes)}`,
			`- typing: ${c.typing.samples} keystrokes measured`,
			`- the first screen's first visit fetched ${c.firstScreenFetched.files} JS/CSS files, ${kib(c.firstScreenFetched.gzip)} gzip, within a second of showing (this includes the storage and sync code the list loads with \`import()\` once shown)`,
			''
		);
	}
	if (report.list) {
		const l = report.list;
		parts.push(
			`**Meetings list and search** (docs/memory.md), ${l.meetings.toLocaleString('en')} generated meetings in the local notebook (five agenda items of about 70 words, a decision and an action each), Chromium at phone size, no throttling: list shown ${ms(l.listShownMs)} from navigation start; status filter applied ${ms(l.filterMs)}; search index built from the documents and first results ${ms(l.searchFirstMs)}; after a reload, saved index loaded and results ${ms(l.searchReloadMs)}; typing ${ms(l.typingMedianMs)} median, ${ms(l.typingWorstMs)} worst; saved index ${kib(l.indexBytes)} of JSON (characters); ${l.results} results for the last query.`,
			''
		);
	}
	if (report.long) {
		const l = report.long;
		parts.push(
			`**Long meeting**: ${l.items} items, ${l.characters.toLocaleString('en')} characters typed one keystroke per update with 3 % typos taken back: ${l.updates.toLocaleString('en')} updates, ${kib(l.updateBytes)} as separate rows; merged (\`Y.mergeUpdates\`, what IndexedDB compaction writes) ${kib(l.mergedBytes)}; snapshot (\`Y.encodeStateAsUpdate\`, what the relay's compaction writes) ${kib(l.snapshotBytes)}; applying the snapshot to a new Y.Doc takes ${ms(l.applyMs)} in Node.`,
			''
		);
	}
	return parts.join('\n');
}

export function renderMarkdown(report: Report): string {
	const m = report.machine;
	const s = report.scale;
	const analysisPath = join(import.meta.dirname, 'analysis.md');
	const analysis = existsSync(analysisPath) ? readFileSync(analysisPath, 'utf8').trim() : '';
	return [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (`tests/bench/run.ts`); do not edit by hand: the analysis at the',
		'end comes from `tests/bench/analysis.md`. Budgets are those of [quality-bars.md](quality-bars.md).',
		'',
		`- date: ${report.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC, ${Math.round(report.seconds)} s`,
		`- code: ${m.revision}`,
		`- machine: ${m.cpu}, ${m.cores} cores, ${(m.memory / 1024 ** 3).toFixed(0)} GB memory; Node ${m.node}; Chromium (Debian) via playwright-core`,
		`- load average before / after (1, 5, 15 min): ${m.loadBefore.map((v) => v.toFixed(1)).join(', ')} / ${m.loadAfter.map((v) => v.toFixed(1)).join(', ')}${m.loadBefore[0] > m.cores * 0.5 ? ' — the machine was shared with other work while this ran, so times are pessimistic' : ''}`,
		`- scale: ${s.small ? 'BENCH_SCALE=small (development run, not the reference figures)' : 'full'}; relay ${s.relay.rounds} alternating rounds of ${s.relay.latencyMs / 1000} s per measurement; client ${s.client.repeats} starts per measurement`,
		'',
		markdownTable(allRows(report)),
		'',
		'## Details',
		'',
		details(report),
		'## Method',
		'',
		'- **Relay.** Both servers run as child processes on 127.0.0.1: ours as `npm start` runs it',
		'  (`node --import tsx server/index.ts`, SQLite in a temporary `DATA_DIR`, every update committed',
		'  before it is forwarded), the reference as `tests/bench/reference-server.ts` (y-websocket',
		"  1.5.4's `bin/utils.js` `setupWSConnection` on an http server, no persistence). A third",
		'  process (`tests/bench/load-client.ts`) runs raw y-protocols clients that do not apply what',
		'  they receive, so the client side costs the same against either server. Rounds alternate which',
		'  server goes first. Each editor holds the seeded meeting and types one character per update',
		"  into a paragraph of an agenda item's notes (an update of about 25 bytes).",
		'- **Latency**: time from sending a keystroke to another editor receiving it, over every',
		'  (keystroke, receiver) pair; the reference server also echoes each update to its sender, which',
		'  is not counted.',
		'- **Throughput**: closed loop; each editor keeps 4 keystrokes in flight and sends the next when',
		'  one has reached every other editor of its room; deliveries per second over the run.',
		'- **Memory per loaded document**: resident set size of the server process with N meetings',
		'  loaded (one client each) minus before, divided by N (medians of 5 samples).',
		'- **Large document load**: a 3-hour meeting written once, its clients gone (ours unloads it and',
		'  reads it back from SQLite; the reference keeps it in memory), then a new client: connect to the',
		'  sync step 2 holding the whole document.',
		'- **Bundle**: `tests/bench/bundle-size.ts` reads the Vite manifest of a fresh build and follows',
		"  static imports from the fallback page's entries and the route nodes; `npm test` runs the same",
		'  module in `tests/bench/bundle-size.test.ts`.',
		'- **Client**: a phone-sized Chromium profile visits once online, two meetings are written to',
		'  its IndexedDB as the app stores them (one compacted row), then each measurement is a new',
		'  browser process, offline, timed in the page from navigation start: an editable meeting (title',
		'  field and a mounted ProseMirror editor), or the 300th agenda item on the page.',
		'- **Meetings list and search**: `tests/bench/meetings-list.ts`; a new phone-sized context, the',
		'  generated meetings written to its IndexedDB as the app stores them, times read in the page.',
		'  Asserted only as working (every row shown, results found).',
		'',
		analysis ? `## Analysis\n\n${analysis}\n` : ''
	].join('\n');
}
