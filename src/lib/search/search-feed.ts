/**
 * Where open minutes documents meet the search index without loading it: the document registry
 * hands every minutes document it opens to `feedSearch`, which forwards its Yjs updates (any
 * origin: typing here, another tab, the relay) to the search index once one is attached in this
 * tab (search-service.ts). Nothing here imports MiniSearch, so documents open as before when
 * nobody searches; an index loaded later catches up from the stored documents.
 */
import type * as Y from 'yjs';

export interface SearchSink {
	/** The meeting's minutes changed or were opened; the sink re-reads them when it likes. */
	changed(groupId: string, meetingId: string, doc: Y.Doc): void;
}

interface Fed {
	groupId: string;
	meetingId: string;
	doc: Y.Doc;
}

const fed = new Set<Fed>();
let sink: SearchSink | null = null;

/** Follows an open minutes document's changes for search; returns the function that stops. */
export function feedSearch(groupId: string, meetingId: string, doc: Y.Doc): () => void {
	const entry: Fed = { groupId, meetingId, doc };
	const onUpdate = () => sink?.changed(groupId, meetingId, doc);
	doc.on('update', onUpdate);
	fed.add(entry);
	onUpdate();
	return () => {
		doc.off('update', onUpdate);
		fed.delete(entry);
	};
}

/** Attaches this tab's search index; it is told of every document already open. */
export function attachSearchSink(next: SearchSink): () => void {
	sink = next;
	for (const entry of fed) next.changed(entry.groupId, entry.meetingId, entry.doc);
	return () => {
		if (sink === next) sink = null;
	};
}
