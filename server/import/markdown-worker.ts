/**
 * A worker thread that builds meetings from Markdown, so reading and building a large one never
 * holds the relay's event loop (import-pool.ts starts it and talks to it). One job at a time:
 *
 *   ← { markdown: string, meetingId: string, dateOrder: DateOrder }   the group's date order
 *   → { ok: true, updates: Uint8Array[], warnings: string[], notices: ImportNotice[], listing }
 *        the meeting as Yjs updates of a bounded size, to apply in order, what was read but
 *        should be checked (ambiguous dates), and what the directory will list of it
 *   → { ok: false, error: string, isTooLarge?: true }           what the importer refused, and why
 */
import { parentPort } from 'node:worker_threads';
import {
	importMarkdownInSlices,
	type DateOrder
} from '../../src/lib/model/import-markdown/index.ts';

export interface ImportJob {
	markdown: string;
	meetingId: string;
	dateOrder: DateOrder;
}

const port = parentPort!;

port.on('message', ({ markdown, meetingId, dateOrder }: ImportJob) => {
	const result = importMarkdownInSlices(markdown, { meetingId, dateOrder });
	if (!result.ok) return port.postMessage(result);
	const { updates, warnings, notices, listing } = result;
	// Handed over, not copied, where an update has its buffer to itself.
	const transfer = updates
		.filter((u) => u.byteOffset === 0 && u.byteLength === u.buffer.byteLength)
		.map((u) => u.buffer as ArrayBuffer);
	port.postMessage({ ok: true, updates, warnings, notices, listing }, transfer);
});
