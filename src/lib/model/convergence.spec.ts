/**
 * Convergence, as Yjs tests itself (tests/testHelper.js, applyRandomTests): several replicas
 * apply random operations while updates travel in shuffled order, with random disconnects and
 * reconnects; once everything is delivered, all replicas must hold the same document and its
 * invariants must hold on each.
 *
 * 50 seeds × 150 steps per run. SEED=<n> replays one seed, STEPS=<n> changes the length,
 * SEED_COUNT=<n> sweeps more seeds (1000, 1001, …); failing seeds go to
 * regression-seeds.json and run on every CI run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addAgendaItem,
	agendaList,
	deleteItem,
	indentItem,
	itemNotes,
	moveItem,
	moveItemBy,
	outdentItem,
	renameItem,
	updateItem
} from './agenda';
import {
	addAction,
	addEvent,
	allBlocks,
	moveBlock,
	recordDecision,
	removeBlock,
	updateBlock
} from './blocks';
import { checkMeeting } from './check';
import { setIdGenerator } from './ids';
import {
	addPerson,
	attendance,
	createMeeting,
	meetingSnapshot,
	setHeader,
	setPresentCount,
	setTitle,
	updatePerson
} from './minutes';
import { notesToPlainText, writeNotes } from './notes';
import regressionSeeds from './regression-seeds.json';
import { mulberry32, sequentialIds } from './test-helpers';
import { createUndoManager } from './undo';

const NET = Symbol('network');

interface Replica {
	doc: Y.Doc;
	online: boolean;
	inbox: Uint8Array[];
	ids: () => string;
	origin: object;
	undo: Y.UndoManager;
}

class Run {
	readonly random: () => number;
	readonly replicas: Replica[] = [];
	steps = 0;
	messages = 0;

	constructor(readonly seed: number) {
		this.random = mulberry32(seed);
		const count = 3 + this.int(3);
		for (let i = 0; i < count; i++) {
			const doc = new Y.Doc();
			doc.clientID = i + 1;
			const origin = { replica: i };
			const replica: Replica = {
				doc,
				online: true,
				inbox: [],
				ids: sequentialIds(`r${i}`),
				origin,
				undo: createUndoManager(doc, origin)
			};
			doc.on('update', (update: Uint8Array, from: unknown) => {
				if (from === NET || !replica.online) return;
				for (const other of this.replicas) {
					if (other !== replica && other.online) other.inbox.push(update);
				}
			});
			this.replicas.push(replica);
		}
		this.act(this.replicas[0], () =>
			createMeeting(this.replicas[0].doc, { meetingId: 'meeting_000000000000000001', title: 'M' })
		);
		this.deliverAll();
	}

	int(n: number): number {
		return Math.floor(this.random() * n);
	}

	pick<T>(list: readonly T[]): T | undefined {
		return list.length ? list[this.int(list.length)] : undefined;
	}

	act(replica: Replica, fn: () => void): void {
		setIdGenerator(replica.ids);
		try {
			fn();
		} finally {
			setIdGenerator();
		}
	}

	deliverOne(): boolean {
		const ready = this.replicas.filter((r) => r.online && r.inbox.length);
		const to = this.pick(ready);
		if (!to) return false;
		const [update] = to.inbox.splice(this.int(to.inbox.length), 1);
		Y.applyUpdate(to.doc, update, NET);
		this.messages++;
		return true;
	}

	deliverAll(): void {
		while (this.deliverOne());
	}

	disconnect(r: Replica): void {
		r.online = false;
		r.inbox = [];
	}

	/** Like y-websocket's sync step 1/2 on reconnect: each side sends the other what it lacks. */
	reconnect(r: Replica): void {
		if (r.online) return;
		r.online = true;
		for (const other of this.replicas) {
			if (other === r || !other.online) continue;
			r.inbox.push(Y.encodeStateAsUpdate(other.doc, Y.encodeStateVector(r.doc)));
			other.inbox.push(Y.encodeStateAsUpdate(r.doc, Y.encodeStateVector(other.doc)));
		}
	}

	randomText(): string {
		const words = ['rent', 'mould', 'letter', 'stall', 'vote', 'ü', '😀', 'a', ' ', 'x'];
		return Array.from({ length: 1 + this.int(3) }, () => this.pick(words)).join('');
	}

	/** A random edit at code point boundaries (screens never split a surrogate pair). */
	editString(s: string): string {
		const chars = Array.from(s);
		const at = this.int(chars.length + 1);
		if (chars.length && this.random() < 0.4) {
			chars.splice(at, 1 + this.int(3));
		} else {
			chars.splice(at, 0, this.randomText());
		}
		return chars.join('');
	}

	/** A random code unit offset in `s` that does not split a surrogate pair. */
	offset(s: string): number {
		const chars = Array.from(s);
		return chars.slice(0, this.int(chars.length + 1)).join('').length;
	}

	step(): void {
		this.steps++;
		const r = this.pick(this.replicas)!;
		const doc = r.doc;
		const o = r.origin;
		const items = agendaList(doc);
		const item = () => this.pick(items)?.id;
		const blocks = allBlocks(doc);
		const roll = this.int(100);
		if (process.env.TRACE) console.log(this.steps, this.replicas.indexOf(r), roll, r.online);
		this.act(r, () => {
			if (roll < 14 || items.length < 3) {
				const parent = this.random() < 0.5 ? null : (item() ?? null);
				addAgendaItem(doc, { parentId: parent, index: this.int(4), title: this.randomText() }, o);
			} else if (roll < 24) {
				const id = item();
				if (id) renameItem(doc, id, this.editString(items.find((n) => n.id === id)!.title), o);
			} else if (roll < 29) {
				const id = item();
				if (id && items.length > 4) deleteItem(doc, id, o);
			} else if (roll < 37) {
				const id = item();
				const parent = this.random() < 0.3 ? null : (item() ?? null);
				if (id) moveItem(doc, id, { parentId: parent, index: this.int(5) }, o);
			} else if (roll < 43) {
				const id = item();
				if (id) indentItem(doc, id, o);
			} else if (roll < 48) {
				const id = item();
				if (id) outdentItem(doc, id, o);
			} else if (roll < 51) {
				const id = item();
				if (id) moveItemBy(doc, id, this.random() < 0.5 ? -1 : 1, o);
			} else if (roll < 58) {
				const id = item();
				const notes = id ? itemNotes(doc, id) : null;
				if (notes) this.editNotes(doc, notes, o);
			} else if (roll < 66) {
				const itemId = this.random() < 0.1 ? null : (item() ?? null);
				const kind = this.int(3);
				if (kind === 0) {
					recordDecision(
						doc,
						{ itemId, text: this.randomText(), method: 'vote', votesFor: this.int(9) },
						o
					);
				} else if (kind === 1) {
					addAction(
						doc,
						{ itemId, what: this.randomText(), owners: ['Sam'], index: this.int(3) },
						o
					);
				} else addEvent(doc, { itemId, title: this.randomText(), date: '2026-04-01' }, o);
			} else if (roll < 71) {
				const b = this.pick(blocks);
				if (b?.kind === 'decision') updateBlock(doc, b.id, { text: this.editString(b.text) }, o);
				if (b?.kind === 'action')
					updateBlock(doc, b.id, { done: !b.done, what: this.editString(b.what) }, o);
				if (b?.kind === 'event') updateBlock(doc, b.id, { place: this.randomText() }, o);
			} else if (roll < 74) {
				const b = this.pick(blocks);
				if (b) removeBlock(doc, b.id, o);
			} else if (roll < 77) {
				const b = this.pick(blocks);
				if (b) moveBlock(doc, b.id, { itemId: item() ?? null, index: this.int(3) }, o);
			} else if (roll < 80) {
				const id = item();
				if (id) updateItem(doc, id, { timeBox: this.int(30), isPrivate: this.random() < 0.2 }, o);
			} else if (roll < 84) {
				const h = meetingSnapshot(doc).header;
				if (this.random() < 0.5) setTitle(doc, this.editString(h.title), o);
				else setHeader(doc, { venue: this.randomText(), categories: [this.randomText()] }, o);
			} else if (roll < 87) {
				const people = attendance(doc).people;
				const p = this.pick(people);
				if (p && this.random() < 0.5) updatePerson(doc, p.id, { present: !p.present }, o);
				else if (this.random() < 0.5) addPerson(doc, { name: this.randomText() }, o);
				else setPresentCount(doc, this.int(20), o);
			} else if (roll < 90) {
				if (this.random() < 0.5) r.undo.undo();
				else r.undo.redo();
			} else if (roll < 93) {
				if (r.online) this.disconnect(r);
				else this.reconnect(r);
			} else {
				for (let n = this.int(8); n > 0; n--) this.deliverOne();
			}
		});
		const problems = checkMeeting(doc);
		if (problems.length) {
			if (process.env.TRACE) console.log(JSON.stringify(doc.getMap('items').toJSON(), null, 1));
			throw new Error(`step ${this.steps}: ${problems.join('; ')}`);
		}
		if (this.random() < 0.5) this.deliverOne();
	}

	editNotes(doc: Y.Doc, notes: Y.XmlFragment, origin: object): void {
		const first = notes.get(0);
		const text = first instanceof Y.XmlElement ? first.get(0) : null;
		if (text instanceof Y.XmlText && this.random() < 0.7) {
			doc.transact(() => {
				const content = text.toString();
				const at = this.offset(content);
				const codePoint = content.codePointAt(at);
				const size = codePoint === undefined ? 0 : codePoint > 0xffff ? 2 : 1;
				if (size && this.random() < 0.3) text.delete(at, size);
				else text.insert(at, this.randomText(), this.random() < 0.3 ? { strong: {} } : {});
			}, origin);
		} else if (this.random() < 0.5) {
			doc.transact(() => {
				const p = new Y.XmlElement('paragraph');
				notes.insert(this.int(notes.length + 1), [p]);
				p.insert(0, [new Y.XmlText(this.randomText())]);
			}, origin);
		} else {
			writeNotes(notes, [this.randomText(), this.randomText()], origin);
		}
	}

	settle(): void {
		for (const r of this.replicas) this.reconnect(r);
		this.deliverAll();
	}

	assertConverged(): void {
		const fingerprint = (doc: Y.Doc) => {
			const snap = meetingSnapshot(doc);
			const notes = agendaList(doc).map((n) => notesToPlainText(itemNotes(doc, n.id)));
			return canonical({ snap, notes, json: doc.toJSON() });
		};
		const first = this.replicas[0].doc;
		const expected = fingerprint(first);
		const vector = Y.encodeStateVector(first);
		for (const r of this.replicas) {
			expect(Y.encodeStateVector(r.doc), `seed ${this.seed}: state vector`).toEqual(vector);
			const actual = fingerprint(r.doc);
			if (actual !== expected && process.env.TRACE) {
				let i = 0;
				while (actual[i] === expected[i]) i++;
				console.log(expected.slice(i - 300, i + 200), '\n---\n', actual.slice(i - 300, i + 200));
			}
			expect(actual, `seed ${this.seed}: content`).toBe(expected);
			expect(checkMeeting(r.doc), `seed ${this.seed}: invariants`).toEqual([]);
		}
	}

	destroy(): void {
		for (const r of this.replicas) {
			r.undo.destroy();
			r.doc.destroy();
		}
	}
}

/** JSON with object keys sorted: Y.Map iteration order depends on local insertion order. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

function runSeed(seed: number, steps: number): Run {
	const run = new Run(seed);
	try {
		for (let i = 0; i < steps; i++) run.step();
		run.settle();
		run.assertConverged();
		return run;
	} catch (error) {
		(error as Error).message = `seed ${seed} (replay: SEED=${seed}): ${(error as Error).message}`;
		throw error;
	} finally {
		run.destroy();
	}
}

afterEach(() => setIdGenerator());

const only = process.env.SEED === undefined ? null : Number(process.env.SEED);
const STEPS = Number(process.env.STEPS ?? 150);
const SEED_COUNT = Number(process.env.SEED_COUNT ?? 50);
const SEEDS = only === null ? Array.from({ length: SEED_COUNT }, (_, i) => 1000 + i) : [only];

describe('convergence', () => {
	it.each(SEEDS)(
		'random operations converge: seed %i',
		(seed) => {
			const run = runSeed(seed, STEPS);
			expect(run.steps).toBe(STEPS);
		},
		60_000
	);

	it.each(regressionSeeds.map((r) => [r.seed, r.steps] as const))(
		'regression seed %i (%i steps)',
		(seed, steps) => {
			expect(runSeed(seed, steps).steps).toBe(steps);
		},
		60_000
	);

	it('converges on the classic conflicts: cross indents, delete vs. child, same-spot inserts', () => {
		const run = new Run(7);
		const [a, b, c] = run.replicas;
		let x = '';
		let y = '';
		run.act(a, () => {
			x = addAgendaItem(a.doc, { title: 'X' }, a.origin);
			y = addAgendaItem(a.doc, { title: 'Y' }, a.origin);
		});
		run.deliverAll();
		for (const r of run.replicas) run.disconnect(r);
		run.act(a, () => moveItem(a.doc, x, { parentId: y }, a.origin));
		run.act(b, () => moveItem(b.doc, y, { parentId: x }, b.origin));
		run.act(c, () => deleteItem(c.doc, y, c.origin));
		run.act(a, () => addAgendaItem(a.doc, { parentId: y, title: 'under Y' }, a.origin));
		run.act(b, () => addAgendaItem(b.doc, { index: 0, title: 'first b' }, b.origin));
		run.act(c, () => addAgendaItem(c.doc, { index: 0, title: 'first c' }, c.origin));
		run.settle();
		run.assertConverged();
		// Y was deleted: X (cycle partner) and the child added under Y both surface at the top
		expect(agendaList(a.doc).map((n) => n.title)).toEqual(['first b', 'first c', 'X', 'under Y']);
		run.destroy();
	});
});
