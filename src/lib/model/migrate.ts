/**
 * Schema migrations of the minutes document.
 *
 * v1 (before 2026-11): titles (meeting and agenda items) and the main text of blocks were plain
 * strings, so two people typing in one title overwrote each other.
 * v2: those are Y.Text.
 *
 * Policy: readers accept every older shape (asText reads a string or a Y.Text), so an
 * unmigrated document always displays. `migrateMeeting` is called after a document has loaded
 * (and, on the relay, when it loads one); it writes only what is older than the current
 * version, so it is idempotent, and it never writes to an empty document. Two devices may
 * migrate the same document at once: each replaces the same string with an equal Y.Text; the
 * map key's last-writer-wins keeps one of them, with the same content, on every replica. Edits
 * typed into the losing Y.Text during that window are lost, which is why the relay migrates on
 * load before anyone else sees the document. A document of a newer version is left alone.
 */
import * as Y from 'yjs';
import { asCount, asMap } from './read';
import { MINUTES_SCHEMA_VERSION, minutesRoots, transact } from './schema';

/** The stored schema version: 1 for content without a version, null for an empty document. */
export function minutesSchemaVersion(doc: Y.Doc): number | null {
	const roots = minutesRoots(doc);
	const v = asCount(roots.meta.get('schemaVersion'));
	if (v !== null && v > 0) return v;
	const hasContent = roots.header.size > 0 || roots.items.size > 0 || roots.blocks.size > 0;
	return hasContent ? 1 : null;
}

/** Whether this document was written by a newer version of Plenary. */
export function isNewerSchema(doc: Y.Doc): boolean {
	return (minutesSchemaVersion(doc) ?? 0) > MINUTES_SCHEMA_VERSION;
}

export function needsMigration(doc: Y.Doc): boolean {
	const v = minutesSchemaVersion(doc);
	return v !== null && v < MINUTES_SCHEMA_VERSION;
}

function textify(map: Y.Map<unknown> | null, key: string): void {
	if (!map) return;
	const value = map.get(key);
	if (typeof value === 'string') map.set(key, new Y.Text(value));
	else if (value === undefined) map.set(key, new Y.Text());
}

const TEXT_KEY: Record<string, string> = { decision: 'text', action: 'what', event: 'title' };

const MIGRATIONS: Record<number, (doc: Y.Doc) => void> = {
	1: (doc) => {
		const { header, items, blocks } = minutesRoots(doc);
		if (typeof header.get('title') === 'string') textify(header, 'title');
		items.forEach((value) => {
			const map = asMap(value);
			if (map && !(map.get('title') instanceof Y.Text)) textify(map, 'title');
		});
		blocks.forEach((value) => {
			const map = asMap(value);
			const key = TEXT_KEY[String(map?.get('kind'))];
			if (map && key && !(map.get(key) instanceof Y.Text)) textify(map, key);
		});
	}
};

/** Bring the document to the current schema; true when it wrote anything. */
export function migrateMeeting(doc: Y.Doc, origin?: unknown): boolean {
	const from = minutesSchemaVersion(doc);
	if (from === null || from >= MINUTES_SCHEMA_VERSION) return false;
	transact(doc, origin, () => {
		for (let v = from; v < MINUTES_SCHEMA_VERSION; v++) MIGRATIONS[v]?.(doc);
		minutesRoots(doc).meta.set('schemaVersion', MINUTES_SCHEMA_VERSION);
	});
	return true;
}
