/**
 * The reasons the relay gives in an auth message (y-websocket's "permission denied" message,
 * type 2) when it neither applies nor forwards a document update (docs/contract.md):
 *
 * - `PERMISSION_DENIED`: the connection's role may not write this document;
 * - `DOCUMENT_TOO_LARGE`: the update would take the document past what the writer's role may
 *   make it grow to (`MAX_DOCUMENT_BYTES` and the bounds of docs/relay.md).
 */
export const PERMISSION_DENIED = 'permission denied';
export const DOCUMENT_TOO_LARGE = 'permission denied: document too large';
