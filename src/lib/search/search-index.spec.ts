import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { addAction, addAgendaItem, createMeeting, recordDecision, setItemNotes } from '$lib/model';
import { summarizeMinutes } from '$lib/storage/model-adapter';
import { SearchIndex } from './search-index';
import { excerpt, highlight } from './search-text';
import { fingerprint, searchUnits } from './search-units';

const G = 'group-aaaaaaaaaaaaaaaa';
const M1 = 'meeting-1111111111111111';
const M2 = 'meeting-2222222222222222';

function meeting(meetingId: string, title: string) {
	const doc = new Y.Doc();
	createMeeting(doc, { meetingId, title, date: '2026-03-31' });
	return doc;
}

function put(index: SearchIndex, meetingId: string, doc: Y.Doc) {
	const s = summarizeMinutes(doc)!;
	return index.setMeeting(
		G,
		meetingId,
		searchUnits(G, meetingId, doc),
		fingerprint(s.date, s.searchText)
	);
}

const words = (segments: { text: string; isMatch: boolean }[]) =>
	segments.filter((s) => s.isMatch).map((s) => s.text);

test('finds items by a prefix and with a typo, and says where they are', () => {
	const doc = meeting(M1, 'March meeting');
	const item = addAgendaItem(doc, { title: 'Treasurer report' });
	setItemNotes(doc, item, 'The budget for the summer festival was approved by everyone.');
	const index = SearchIndex.empty();
	put(index, M1, doc);

	const [prefix] = index.search('treas');
	expect(prefix).toMatchObject({ groupId: G, meetingId: M1, target: `item-${item}` });
	expect(prefix.meetingTitle).toBe('March meeting');
	expect(words(prefix.title)).toEqual(['Treasurer']);

	const [typo] = index.search('festivl');
	expect(typo?.target).toBe(`item-${item}`);
	expect(words(typo.excerpt)).toEqual(['festival']);

	expect(index.search('zeppelin')).toEqual([]);
	expect(index.search('  ')).toEqual([]);
});

test('a block is its own result, opened at the block', () => {
	const doc = meeting(M1, 'March meeting');
	const item = addAgendaItem(doc, { title: 'Hall' });
	const action = addAction(doc, { itemId: item, what: 'Book the library hall', owners: ['Sam'] });
	const decision = recordDecision(doc, { itemId: item, text: 'Adopt the new constitution' });
	const index = SearchIndex.empty();
	put(index, M1, doc);
	expect(index.search('constitution')[0]).toMatchObject({
		target: `block-${decision}`,
		context: 'Decision · Hall'
	});
	expect(index.search('library')[0]?.target).toBe(`block-${action}`);
});

test('a changed meeting replaces its units by id; removing a meeting removes them all', () => {
	const doc = meeting(M1, 'March meeting');
	const item = addAgendaItem(doc, { title: 'Garden rota' });
	const other = meeting(M2, 'April meeting');
	addAgendaItem(other, { title: 'Garden party' });
	const index = SearchIndex.empty();
	put(index, M1, doc);
	put(index, M2, other);
	expect(index.search('garden')).toHaveLength(2);
	expect(put(index, M1, doc)).toBe(false);

	setItemNotes(doc, item, 'Allotment watering schedule');
	addAgendaItem(doc, { title: 'Bicycle repair' });
	const unitsBefore = index.unitCount;
	expect(put(index, M1, doc)).toBe(true);
	expect(index.unitCount).toBe(unitsBefore + 1);
	expect(index.search('allotment')[0]?.target).toBe(`item-${item}`);
	expect(index.search('bicycle')).toHaveLength(1);

	expect(index.removeMeeting(`${G}/${M1}`)).toBe(true);
	expect(index.search('allotment')).toEqual([]);
	expect(index.search('garden').map((h) => h.meetingId)).toEqual([M2]);
	expect(index.unitCount).toBe(2);
});

test('saved and loaded it answers the same; anything else is refused', () => {
	const doc = meeting(M1, 'March meeting');
	addAgendaItem(doc, { title: 'Treasurer report' });
	const index = SearchIndex.empty();
	put(index, M1, doc);
	const loaded = SearchIndex.fromJSON(index.toJSON());
	expect(loaded.search('treasurer')).toEqual(index.search('treasurer'));
	expect(loaded.fingerprintOf(G, M1)).toBe(index.fingerprintOf(G, M1));
	expect(() => SearchIndex.fromJSON('{"version":1')).toThrow();
	expect(() => SearchIndex.fromJSON('{"version":99,"meetings":[],"index":"{}"}')).toThrow(
		/version/
	);
	expect(() =>
		SearchIndex.fromJSON('{"version":1,"meetings":[["x", 1, []]],"index":"{}"}')
	).toThrow();
});

test('matches are marked as words, never as markup', () => {
	const terms = new Set(['budget']);
	expect(highlight('The <b>Budget</b>, again', terms)).toEqual([
		{ text: 'The <b>', isMatch: false },
		{ text: 'Budget', isMatch: true },
		{ text: '</b>, again', isMatch: false }
	]);
	expect(words(highlight('Café budget', new Set(['cafe'])))).toEqual(['Café']);
	const long = `${'word '.repeat(60)}budget ${'tail '.repeat(60)}`;
	const cut = excerpt(long, terms);
	expect(cut[0].text).toBe('… ');
	expect(cut.at(-1)?.text).toBe(' …');
	expect(words(cut)).toEqual(['budget']);
});
