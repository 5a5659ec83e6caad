/**
 * What search indexes of a minutes document: one unit for the meeting itself (title, venue,
 * categories, written by), one per agenda item (title, presenter, notes) and one per block
 * (decision, action, event), so a match opens the meeting at that item or block. Unit ids are
 * `<groupId>/<meetingId>` followed by `/i/<itemId>` or `/b/<blockId>`: a meeting's units are
 * found, discarded and added again by id when its document changes.
 */
import type * as Y from 'yjs';
import { agendaList, itemNotes } from '$lib/model/agenda';
import { allBlocks, type Block } from '$lib/model/blocks';
import { header, isMeetingCreated } from '$lib/model/minutes';
import { notesToPlainText } from '$lib/model/notes';

export interface SearchUnit {
	id: string;
	groupId: string;
	meetingId: string;
	/** The element to open the meeting at: `item-<id>`, `block-<id>`, or '' for the top. */
	target: string;
	meetingTitle: string;
	/** 'YYYY-MM-DD' or '' */
	date: string;
	/** What the result is named by: the item's title, the block's text, the meeting's title. */
	title: string;
	/** The rest of its words: notes, presenter, owners, venue… */
	text: string;
	/** Where a block sits: its item's title, or '' */
	context: string;
}

export function meetingKey(groupId: string, meetingId: string): string {
	return `${groupId}/${meetingId}`;
}

function blockWords(block: Block): { title: string; text: string } {
	switch (block.kind) {
		case 'decision':
			return { title: block.text, text: '' };
		case 'action':
			return { title: block.what, text: block.owners.join(', ') };
		case 'event':
			return { title: block.title, text: [block.place, block.link].filter(Boolean).join(' ') };
		case 'speakers':
			return { title: block.names, text: '' };
	}
}

const BLOCK_NAMES: Record<Block['kind'], string> = {
	decision: 'Decision',
	action: 'Action',
	event: 'Event',
	speakers: 'Speakers'
};

/** The units of one meeting; none while the document holds no meeting. */
export function searchUnits(groupId: string, meetingId: string, doc: Y.Doc): SearchUnit[] {
	if (!isMeetingCreated(doc)) return [];
	const key = meetingKey(groupId, meetingId);
	const h = header(doc);
	const base = { groupId, meetingId, meetingTitle: h.title, date: h.date };
	const units: SearchUnit[] = [
		{
			...base,
			id: key,
			target: '',
			title: h.title,
			text: [h.venue, h.categories.join(', '), h.writtenBy].filter(Boolean).join(' · '),
			context: ''
		}
	];
	const titles = new Map<string, string>();
	for (const item of agendaList(doc)) {
		titles.set(item.id, item.title);
		units.push({
			...base,
			id: `${key}/i/${item.id}`,
			target: `item-${item.id}`,
			title: item.title,
			text: [item.presenter, notesToPlainText(itemNotes(doc, item.id))].filter(Boolean).join('\n'),
			context: ''
		});
	}
	for (const block of allBlocks(doc)) {
		const words = blockWords(block);
		units.push({
			...base,
			id: `${key}/b/${block.id}`,
			target: `block-${block.id}`,
			title: words.title,
			text: words.text,
			context: `${BLOCK_NAMES[block.kind]}${block.itemId ? ` · ${titles.get(block.itemId) ?? ''}` : ''}`
		});
	}
	return units;
}

/**
 * A short fingerprint of a meeting's words, from its row in the meetings index (date and
 * `searchText`, which holds every word the units hold): the same for the row and the document it
 * was made from, so an index loaded from the device re-reads only the meetings that changed.
 */
export function fingerprint(date: string, searchText: string): string {
	// FNV-1a
	let hash = 0x811c9dc5;
	const text = `${date}\n${searchText}`;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return `${(hash >>> 0).toString(36)}-${text.length.toString(36)}`;
}
