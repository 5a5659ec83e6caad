/**
 * Writing who spoke into the minutes: a Speakers block on the item (blocks.ts), its text the
 * names in order, "Joy, Sam (point of order), Joy". The speaker queue appends; the minute-taker
 * edits it like any text, and an edit made at the same time merges (Y.Text).
 *
 * The first speaker of an item adds the block. Two facilitators who both give the first turn
 * offline make two blocks, each with its own speaker: nothing is lost, and the minute-taker can
 * join them.
 */
import * as Y from 'yjs';
import { addSpeakers, blocksOf, blockText } from './blocks';
import { HAND_KIND_WORDS, type HandKind } from './floor-hands';
import { asMap } from './read';
import { minutesRoots, transact } from './schema';

/** How a speaker is written in the block: the name, and the kind of intervention if any. */
export function speakerEntry(name: string, kind: HandKind = 'speak'): string {
	const clean = name.trim().replace(/\s+/g, ' ').replace(/,/g, '');
	return kind === 'speak' ? clean : `${clean} (${HAND_KIND_WORDS[kind]})`;
}

/** Append a speaker to the item's Speakers block (`itemId` null: the meeting's), adding it. */
export function appendSpeaker(
	minutes: Y.Doc,
	itemId: string | null,
	name: string,
	kind: HandKind = 'speak',
	origin?: unknown
): void {
	const entry = speakerEntry(name, kind);
	if (!entry) return;
	const item = itemId !== null && asMap(minutesRoots(minutes).items.get(itemId)) ? itemId : null;
	transact(minutes, origin, () => {
		const existing = blocksOf(minutes, item).find((b) => b.kind === 'speakers');
		const text = existing ? blockText(minutes, existing.id) : null;
		if (!(text instanceof Y.Text)) {
			addSpeakers(minutes, { itemId: item, names: entry }, origin);
			return;
		}
		const current = text.toString();
		const separator = current.trim() === '' ? '' : /,\s*$/.test(current) ? ' ' : ', ';
		text.insert(current.length, separator + entry);
	});
}
