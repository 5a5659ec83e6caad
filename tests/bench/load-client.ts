/**
 * The client side of the relay benchmark, in a process of its own so it never shares a CPU
 * budget with either server. Raw y-protocols clients over `ws`: each editor keeps a Y.Doc with
 * the seeded meeting and its own keystrokes, answers sync step 1 with what it has, and never
 * applies what it receives (a received update is only timed and counted), so 200 clients stay
 * cheap. Every keystroke is one update of a few dozen bytes into the notes of an agenda item.
 *
 *   node --import tsx tests/bench/load-client.ts '<job JSON>'
 *
 * The job's result is printed as one JSON line; `memory` prints `{"ready":…}` once its documents
 * are loaded and waits for a line on stdin before closing its sockets.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { itemNotes } from '../../src/lib/model';
import { benchId, typeMeeting } from './meetings';

export interface Target {
	/** ws://127.0.0.1:PORT/sync/ (ours) or ws://127.0.0.1:PORT/ (reference) */
	base: string;
	/** '?token=…' or '' */
	query: string;
	groupId: string;
	/** Several relays of one store: client i of a room connects to `bases[i % length]`. */
	bases?: string[];
}

export type Job =
	| {
			kind: 'latency';
			target: Target;
			room: string;
			editors: number;
			/** keystrokes per second per editor */
			rate: number;
			durationMs: number;
	  }
	| {
			kind: 'throughput';
			target: Target;
			roomPrefix: string;
			rooms: number;
			perRoom: number;
			/** keystrokes each editor may have in flight (not yet delivered to the whole room) */
			window: number;
			durationMs: number;
	  }
	| {
			kind: 'memory';
			target: Target;
			roomPrefix: string;
			documents: number;
			items: number;
			characters: number;
	  }
	| {
			kind: 'load';
			target: Target;
			room: string;
			items: number;
			characters: number;
			repeats: number;
			/** pause after closing, so the relay can unload the document */
			pauseMs: number;
	  };

const MESSAGE_SYNC = 0;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

function syncMessage(type: number, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, type);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

interface Received {
	type: number;
	payload: Uint8Array;
}

function readSync(data: Uint8Array): Received | null {
	const decoder = decoding.createDecoder(data);
	if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
	const type = decoding.readVarUint(decoder);
	return { type, payload: decoding.readVarUint8Array(decoder) };
}

/** One raw client: answers step 1, reports every step 2 and update it gets. */
class Editor {
	readonly ws: WebSocket;
	readonly opened: Promise<void>;
	/** Resolves with the first sync step 2 from the server (the document as the server has it). */
	readonly synced: Promise<Uint8Array>;
	onUpdate: (payload: Uint8Array) => void = () => {};
	closed = false;
	closeCode = 0;

	constructor(
		url: string,
		readonly doc: Y.Doc
	) {
		this.ws = new WebSocket(url, { perMessageDeflate: false });
		this.ws.binaryType = 'nodebuffer';
		let settle: (step2: Uint8Array) => void = () => {};
		this.synced = new Promise((resolve) => (settle = resolve));
		let isSynced = false;
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => {
				this.ws.send(syncMessage(STEP1, Y.encodeStateVector(doc)));
				resolve();
			});
			this.ws.once('error', reject);
		});
		this.ws.on('error', () => {});
		this.ws.on('close', (code) => {
			this.closed = true;
			this.closeCode = code;
		});
		this.ws.on('message', (data: Buffer) => {
			const message = readSync(new Uint8Array(data.buffer, data.byteOffset, data.length));
			if (!message) return;
			if (message.type === STEP1) {
				const missing = Y.encodeStateAsUpdate(doc, message.payload);
				this.ws.send(syncMessage(STEP2, missing));
			} else if (message.type === STEP2 && !isSynced) {
				isSynced = true;
				settle(message.payload);
			} else {
				this.onUpdate(message.payload);
			}
		});
	}

	send(update: Uint8Array) {
		if (this.ws.readyState === WebSocket.OPEN) this.ws.send(syncMessage(UPDATE, update));
	}

	close() {
		this.ws.close();
	}
}

function roomUrl(target: Target, room: string, index = 0): string {
	const base = target.bases ? target.bases[index % target.bases.length] : target.base;
	return `${base}${target.groupId}/${room}${target.query}`;
}

/** A keystroke typist bound to one paragraph of one item's notes. */
function typist(doc: Y.Doc, itemId: string): () => Uint8Array {
	const fragment = itemNotes(doc, itemId)!;
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	let pending: Uint8Array | null = null;
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin === 'typist') pending = update;
	});
	doc.transact(() => {
		paragraph.insert(0, [text]);
		fragment.insert(fragment.length, [paragraph]);
	}, 'typist');
	const first = pending!;
	let isFirst = true;
	return () => {
		if (isFirst) {
			isFirst = false;
			return first;
		}
		doc.transact(() => text.insert(text.length, 'k'), 'typist');
		return pending!;
	};
}

/** Seeds `room` with `seed` through one client and waits until a second client reads it back. */
async function seedRoom(target: Target, room: string, seed: Uint8Array): Promise<void> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, seed);
	const writer = new Editor(roomUrl(target, room), doc);
	await writer.opened;
	await writer.synced;
	writer.send(seed);
	const want = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (let attempt = 0; attempt < 200; attempt++) {
		const reader = new Editor(roomUrl(target, room, attempt + 1), new Y.Doc());
		const state = await reader.synced;
		reader.close();
		const check = new Y.Doc();
		Y.applyUpdate(check, state);
		const have = Y.decodeStateVector(Y.encodeStateVector(check));
		if ([...want].every(([client, clock]) => (have.get(client) ?? 0) >= clock)) break;
		await sleep(50);
	}
	writer.close();
	doc.destroy();
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The clocks an update carries, per client: [from, to). */
function clockRanges(update: Uint8Array): Map<number, [number, number]> {
	const { from, to } = Y.parseUpdateMeta(update);
	const ranges = new Map<number, [number, number]>();
	for (const [client, start] of from) ranges.set(client, [start, to.get(client) ?? start]);
	return ranges;
}

async function latency(job: Extract<Job, { kind: 'latency' }>) {
	const base = typeMeeting({ items: 10, characters: 2_000, seed: 7, meetingId: job.room });
	const seed = Y.encodeStateAsUpdate(base.doc);
	await seedRoom(job.target, job.room, seed);
	const sentAt = new Map<number, number[]>();
	const samples: number[] = [];
	let measuring = false;
	const editors: Editor[] = [];
	for (let i = 0; i < job.editors; i++) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, seed);
		const editor = new Editor(roomUrl(job.target, job.room, i), doc);
		editor.onUpdate = (payload) => {
			if (!measuring) return;
			const now = performance.now();
			for (const [client, [from, to]] of clockRanges(payload)) {
				// The reference server echoes an update to its sender too; that is no delivery.
				if (client === doc.clientID) continue;
				const times = sentAt.get(client);
				if (!times) continue;
				for (let clock = from; clock < to; clock++) {
					if (times[clock] !== undefined) samples.push(now - times[clock]);
				}
			}
		};
		editors.push(editor);
	}
	await Promise.all(editors.map((e) => e.opened.then(() => e.synced)));
	const typists = editors.map((e, i) => typist(e.doc, base.itemIds[i % base.itemIds.length]));
	// The paragraph each editor types into, sent before the clock starts.
	editors.forEach((e, i) => e.send(typists[i]()));
	await sleep(500);
	measuring = true;
	const interval = 1000 / job.rate;
	const end = performance.now() + job.durationMs;
	let sent = 0;
	await Promise.all(
		editors.map(async (editor, i) => {
			// Editors start spread over one interval, as people do not type in step.
			await sleep((i / editors.length) * interval);
			const client = editor.doc.clientID;
			const times = sentAt.get(client) ?? [];
			sentAt.set(client, times);
			while (performance.now() < end && !editor.closed) {
				const update = typists[i]();
				const { from } = Y.parseUpdateMeta(update);
				times[from.get(client)!] = performance.now();
				editor.send(update);
				sent++;
				await sleep(interval);
			}
		})
	);
	await sleep(1_000);
	const closed = editors.filter((e) => e.closed).map((e) => e.closeCode);
	editors.forEach((e) => e.close());
	samples.sort((a, b) => a - b);
	return {
		sent,
		delivered: samples.length,
		expected: sent * (job.editors - 1),
		p50: percentile(samples, 50),
		p99: percentile(samples, 99),
		max: samples[samples.length - 1] ?? NaN,
		closed,
		// Every sample, to a tenth of a millisecond, so rounds can be pooled.
		samples: samples.map((v) => Math.round(v * 10) / 10)
	};
}

async function throughput(job: Extract<Job, { kind: 'throughput' }>) {
	interface Member {
		editor: Editor;
		next: () => Uint8Array;
		/** clock → [receivers still to reach, sent at] */
		inFlight: Map<number, [number, number]>;
	}
	const rooms: Member[][] = [];
	for (let r = 0; r < job.rooms; r++) {
		const room = benchId(`${job.roomPrefix}r${r}`, r);
		const base = typeMeeting({
			items: job.perRoom,
			characters: 500,
			seed: 11 + r,
			meetingId: room
		});
		const seed = Y.encodeStateAsUpdate(base.doc);
		await seedRoom(job.target, room, seed);
		const members: Member[] = [];
		for (let i = 0; i < job.perRoom; i++) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, seed);
			const editor = new Editor(roomUrl(job.target, room, i), doc);
			members.push({ editor, next: () => new Uint8Array(), inFlight: new Map() });
		}
		await Promise.all(members.map((m) => m.editor.opened.then(() => m.editor.synced)));
		members.forEach((m, i) => (m.next = typist(m.editor.doc, base.itemIds[i])));
		rooms.push(members);
	}
	let delivered = 0;
	let isRunning = false;
	const byClient = new Map<number, Member>();
	for (const members of rooms) for (const m of members) byClient.set(m.editor.doc.clientID, m);
	const sendOne = (member: Member) => {
		const update = member.next();
		const clock = Y.parseUpdateMeta(update).from.get(member.editor.doc.clientID)!;
		member.inFlight.set(clock, [job.perRoom - 1, performance.now()]);
		member.editor.send(update);
	};
	// A keystroke not delivered everywhere within 2 s is counted as stalled and replaced, so one
	// lost delivery cannot shrink an editor's window for the rest of the run.
	let stalls = 0;
	const watchdog = setInterval(() => {
		if (!isRunning) return;
		const now = performance.now();
		for (const member of rooms.flat()) {
			for (const [clock, [, at]] of member.inFlight) {
				if (now - at < 2_000) continue;
				member.inFlight.delete(clock);
				stalls++;
				if (!member.editor.closed) sendOne(member);
			}
		}
	}, 250);
	for (const members of rooms) {
		for (const member of members) {
			member.editor.onUpdate = (payload) => {
				for (const [client, [from, to]] of clockRanges(payload)) {
					const sender = byClient.get(client);
					if (!sender || sender === member) continue;
					for (let clock = from; clock < to; clock++) {
						const entry = sender.inFlight.get(clock);
						if (entry === undefined) continue;
						if (isRunning) delivered++;
						if (entry[0] > 1) {
							entry[0]--;
							continue;
						}
						sender.inFlight.delete(clock);
						if (isRunning && !sender.editor.closed) sendOne(sender);
					}
				}
			};
		}
	}
	// The paragraphs, delivered everywhere before the clock starts.
	for (const members of rooms) for (const m of members) m.editor.send(m.next());
	await sleep(500);
	isRunning = true;
	const started = performance.now();
	for (const members of rooms) {
		for (const member of members) for (let w = 0; w < job.window; w++) sendOne(member);
	}
	await sleep(job.durationMs);
	isRunning = false;
	clearInterval(watchdog);
	const elapsed = (performance.now() - started) / 1000;
	const closed = rooms.flat().filter((m) => m.editor.closed);
	rooms.flat().forEach((m) => m.editor.close());
	return {
		deliveredPerSecond: delivered / elapsed,
		delivered,
		seconds: elapsed,
		stalls,
		closed: closed.map((m) => m.editor.closeCode)
	};
}

async function memory(job: Extract<Job, { kind: 'memory' }>) {
	const editors: Editor[] = [];
	let bytes = 0;
	for (let d = 0; d < job.documents; d++) {
		const room = benchId(`${job.roomPrefix}m${d}`, d);
		const meeting = typeMeeting({
			items: job.items,
			characters: job.characters,
			seed: 100 + d,
			meetingId: room
		});
		const state = Y.encodeStateAsUpdate(meeting.doc);
		bytes += state.length;
		const editor = new Editor(roomUrl(job.target, room), meeting.doc);
		await editor.opened;
		await editor.synced;
		editors.push(editor);
	}
	// Step 2 of each client (its whole meeting) was sent on the server's step 1; give the server
	// time to apply and store them all.
	await sleep(1_000);
	console.log(JSON.stringify({ ready: true, documentBytes: bytes / job.documents }));
	await new Promise<void>((resolve) => {
		createInterface({ input: process.stdin }).once('line', () => resolve());
	});
	const closed = editors.filter((e) => e.closed).map((e) => e.closeCode);
	editors.forEach((e) => e.close());
	return { documents: job.documents, documentBytes: bytes / job.documents, closed };
}

async function load(job: Extract<Job, { kind: 'load' }>) {
	const meeting = typeMeeting({
		items: job.items,
		characters: job.characters,
		seed: 3,
		meetingId: job.room
	});
	const state = Y.encodeStateAsUpdate(meeting.doc);
	await seedRoom(job.target, job.room, state);
	await sleep(job.pauseMs);
	const times: number[] = [];
	let received = 0;
	for (let i = 0; i < job.repeats; i++) {
		const started = performance.now();
		const reader = new Editor(roomUrl(job.target, job.room), new Y.Doc());
		const step2 = await reader.synced;
		times.push(performance.now() - started);
		received = step2.length;
		reader.close();
		await sleep(job.pauseMs);
	}
	times.sort((a, b) => a - b);
	return { documentBytes: state.length, received, median: percentile(times, 50), times };
}

const job = JSON.parse(process.argv[2]) as Job;
const run = { latency, throughput, memory, load }[job.kind] as (job: Job) => Promise<unknown>;
const deadline = setTimeout(() => {
	console.error('load client: job took too long');
	process.exit(2);
}, 600_000);
run(job).then(
	(result) => {
		clearTimeout(deadline);
		// Exit only once the (large) line is written: exiting at once can cut a pipe's write short.
		process.stdout.write(`${JSON.stringify({ result })}\n`, () => process.exit(0));
	},
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
