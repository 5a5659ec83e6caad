/**
 * Meetings for the benchmarks, made with the model's own operations and typed the way people
 * type: one Yjs transaction per keystroke, a new paragraph now and then (Enter), and a few typos
 * taken back with Backspace. Seeded, so every run measures the same documents.
 */
import * as Y from 'yjs';
import {
	addAgendaItem,
	createMeeting,
	isMeetingCreated,
	itemNotes,
	setHeader
} from '../../src/lib/model';
import { mulberry32 } from '../../src/lib/model/test-helpers';

export interface TypedMeeting {
	doc: Y.Doc;
	meetingId: string;
	itemIds: string[];
	/** Characters of notes in the final document. */
	characters: number;
	/** How many updates typing produced (one per keystroke, plus the items' creation). */
	updates: number;
	/** Their total size: what a store that never compacts keeps. */
	updateBytes: number;
}

export interface MeetingShape {
	items: number;
	/** Characters of notes, spread evenly over the items. */
	characters: number;
	/** Share of keystrokes that are a typo taken back at once (two more updates). */
	typoRate?: number;
	seed?: number;
	meetingId?: string;
	/** Called with every update, e.g. to store it as its own row. */
	onUpdate?: (update: Uint8Array) => void;
	/** Type into this document; a meeting it already holds keeps its header. */
	doc?: Y.Doc;
}

const WORDS = (
	'the members present agreed to meet again next month and asked the treasurer to report on ' +
	'the budget for the summer festival volunteers will organise a skills share about repairing ' +
	'bikes and the facilitator reminded everyone that minutes are published after the review ' +
	'decision proposal vote consensus action owner due event venue library hall garden rota'
).split(' ');

/** A benchmark meeting id: the contract's shape, derived from a seed. */
export function benchId(prefix: string, n: number): string {
	return `${prefix}-${n.toString(36).padStart(6, '0')}-bench-meeting-id`.slice(0, 64);
}

export function typeMeeting(shape: MeetingShape): TypedMeeting {
	const next = mulberry32(shape.seed ?? 1);
	const doc = shape.doc ?? new Y.Doc();
	let updates = 0;
	let updateBytes = 0;
	doc.on('update', (update: Uint8Array) => {
		updates++;
		updateBytes += update.length;
		shape.onUpdate?.(update);
	});
	const meetingId = isMeetingCreated(doc)
		? String(doc.getMap('meta').get('meetingId'))
		: createMeeting(doc, {
				meetingId: shape.meetingId ?? benchId('meeting', shape.seed ?? 1),
				date: '2026-11-27'
			});
	setHeader(doc, {
		title: `Chapter meeting, ${shape.items} items (benchmark)`,
		venue: 'Library hall',
		writtenBy: 'Benchmark'
	});
	const itemIds: string[] = [];
	for (let i = 0; i < shape.items; i++) {
		itemIds.push(addAgendaItem(doc, { title: `Agenda item ${i + 1}` }));
	}
	const perItem = Math.floor(shape.characters / Math.max(1, shape.items));
	const typoRate = shape.typoRate ?? 0.03;
	let characters = 0;
	for (const id of itemIds) {
		const fragment = itemNotes(doc, id)!;
		let text = newParagraph(doc, fragment);
		let inParagraph = 0;
		let word = '';
		for (let typed = 0; typed < perItem; typed++) {
			if (!word) word = `${WORDS[Math.floor(next() * WORDS.length)]} `;
			if (inParagraph > 240 && word === ' ') {
				text = newParagraph(doc, fragment);
				inParagraph = 0;
			}
			const char = word[0];
			word = word.slice(1);
			if (next() < typoRate) {
				const at = text.length;
				doc.transact(() => text.insert(at, 'x'));
				doc.transact(() => text.delete(at, 1));
			}
			const at = text.length;
			doc.transact(() => text.insert(at, char));
			inParagraph++;
			characters++;
		}
	}
	return { doc, meetingId, itemIds, characters, updates, updateBytes };
}

function newParagraph(doc: Y.Doc, fragment: Y.XmlFragment): Y.XmlText {
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	doc.transact(() => {
		paragraph.insert(0, [text]);
		fragment.insert(fragment.length, [paragraph]);
	});
	return text;
}
