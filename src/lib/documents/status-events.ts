/**
 * The open documents' statuses, published by the registry (registry.ts) for whoever shows them
 * (the workspace's status line and detail view). It imports types only, so the first screen can
 * listen without loading Yjs: the registry only loads when a document is opened.
 */
import type { DocumentKind } from '$lib/protocol/document-names';
import type { DocPersistenceState } from '$lib/storage/doc-store';
import type { RelayStatus } from '$lib/sync/relay-connection';

export interface DocumentStatus {
	name: string;
	kind: DocumentKind;
	groupId: string;
	meetingId: string | null;
	storage: DocPersistenceState;
	/** null: the document's group has no relay (the local notebook), or it is not known yet */
	relay: RelayStatus | null;
}

export interface DocumentsSnapshot {
	statuses: DocumentStatus[];
	/** changes of closed documents the relay had not confirmed */
	closedPending: number;
}

type Listener = (snapshot: DocumentsSnapshot) => void;

let current: DocumentsSnapshot = { statuses: [], closedPending: 0 };
const listeners = new Set<Listener>();

/** Called by the registry after every change; a listener that throws is logged. */
export function publishDocuments(snapshot: DocumentsSnapshot): void {
	current = snapshot;
	for (const listener of [...listeners]) {
		try {
			listener(snapshot);
		} catch (error) {
			console.error('Plenary: document status listener failed', error);
		}
	}
}

/** Calls `listener` now and after every change; returns the unsubscribe function. */
export function onDocumentsChange(listener: Listener): () => void {
	listeners.add(listener);
	listener(current);
	return () => listeners.delete(listener);
}
