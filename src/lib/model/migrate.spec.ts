import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaTree, itemTitleText, renameItem } from './agenda';
import { allBlocks, blockText } from './blocks';
import { checkMeeting } from './check';
import { meetingSnapshot, titleText } from './minutes';
import { isNewerSchema, migrateMeeting, minutesSchemaVersion, needsMigration } from './migrate';
import { MINUTES_SCHEMA_VERSION, minutesRoots } from './schema';

/** A document as schema v1 wrote it: titles and block texts as plain strings. */
function v1Document(): Uint8Array {
	const doc = new Y.Doc();
	const { meta, header, items, blocks } = minutesRoots(doc);
	doc.transact(() => {
		meta.set('schemaVersion', 1);
		meta.set('meetingId', 'meeting_000000000000000001');
		header.set('title', 'March meeting');
		header.set('date', '2026-03-12');
		header.set('status', 'draft');
		header.set('revision', 1);
		for (const [id, title, parent, pos] of [
			['item000000000001', 'Repairs', null, 'a0'],
			['item000000000002', 'Letter', 'item000000000001', 'a0'],
			['item000000000003', 'Newsletter', null, 'a1']
		] as const) {
			const m = new Y.Map<unknown>();
			items.set(id, m);
			m.set('title', title);
			m.set('parent', parent);
			m.set('pos', pos);
			m.set('notes', new Y.XmlFragment());
		}
		const d = new Y.Map<unknown>();
		blocks.set('block00000000001', d);
		d.set('kind', 'decision');
		d.set('itemId', 'item000000000001');
		d.set('pos', 'a0');
		d.set('text', 'send a letter');
	});
	return Y.encodeStateAsUpdate(doc);
}

function load(update: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return doc;
}

describe('migration v1 → v2', () => {
	it('reads a v1 document before migrating', () => {
		const doc = load(v1Document());
		expect(minutesSchemaVersion(doc)).toBe(1);
		expect(needsMigration(doc)).toBe(true);
		expect(meetingSnapshot(doc).header.title).toBe('March meeting');
		expect(agendaTree(doc).map((n) => n.title)).toEqual(['Repairs', 'Newsletter']);
		expect(titleText(doc)).toBeNull();
	});

	it('turns titles and block texts into Y.Text, once', () => {
		const doc = load(v1Document());
		const before = JSON.stringify(meetingSnapshot(doc).agenda);
		expect(migrateMeeting(doc)).toBe(true);
		expect(minutesSchemaVersion(doc)).toBe(MINUTES_SCHEMA_VERSION);
		expect(titleText(doc)?.toString()).toBe('March meeting');
		expect(itemTitleText(doc, 'item000000000002')?.toString()).toBe('Letter');
		expect(blockText(doc, 'block00000000001')?.toString()).toBe('send a letter');
		expect(allBlocks(doc)[0]).toMatchObject({ kind: 'decision', text: 'send a letter' });
		expect(JSON.stringify(meetingSnapshot(doc).agenda)).toBe(before);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(migrateMeeting(doc)).toBe(false);
		expect(updates).toBe(0);
		expect(checkMeeting(doc)).toEqual([]);
	});

	it('converges when two devices migrate at once', () => {
		const v1 = v1Document();
		const a = load(v1);
		const b = load(v1);
		expect(migrateMeeting(a)).toBe(true);
		expect(migrateMeeting(b)).toBe(true);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(meetingSnapshot(a)).toEqual(meetingSnapshot(b));
		expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
		expect(meetingSnapshot(a).header.title).toBe('March meeting');
		expect(agendaTree(a).map((n) => n.title)).toEqual(['Repairs', 'Newsletter']);
		expect(titleText(a)).toBeInstanceOf(Y.Text);
		expect(migrateMeeting(a)).toBe(false);
		expect(migrateMeeting(b)).toBe(false);
		renameItem(a, 'item000000000001', 'Repairs campaign');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(agendaTree(b)[0].title).toBe('Repairs campaign');
	});

	it('never writes to an empty document or a newer one', () => {
		const empty = new Y.Doc();
		expect(minutesSchemaVersion(empty)).toBeNull();
		expect(migrateMeeting(empty)).toBe(false);
		expect(Y.encodeStateAsUpdate(empty)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
		const newer = new Y.Doc();
		minutesRoots(newer).meta.set('schemaVersion', MINUTES_SCHEMA_VERSION + 1);
		expect(isNewerSchema(newer)).toBe(true);
		expect(migrateMeeting(newer)).toBe(false);
	});

	it('treats unversioned content as v1', () => {
		const doc = new Y.Doc();
		minutesRoots(doc).header.set('title', 'old');
		expect(minutesSchemaVersion(doc)).toBe(1);
		expect(migrateMeeting(doc)).toBe(true);
		expect(titleText(doc)?.toString()).toBe('old');
	});
});
