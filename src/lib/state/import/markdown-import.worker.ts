/**
 * The Markdown importer off the main thread (it costs a few ms per KB): one job at a time, as
 * markdown-import.svelte.ts sends them.
 *
 *   ← { id: number, markdown: string, dateOrder: DateOrder }   the order numeric dates are read in
 *   → { id, ok: true, meetingId, updates: Uint8Array[], preview }   the meeting and its preview
 *   → { id, ok: false, error: string, isTooLarge?: true }           why it cannot be imported
 */
import type { DateOrder } from '$lib/model/import-markdown/context';
import { readMarkdownImport, type ImportReading } from '$lib/model/import-markdown/preview';

export type ImportJob = { id: number; markdown: string; dateOrder: DateOrder };
export type ImportReply = ImportReading & { id: number };

addEventListener('message', (event: MessageEvent<ImportJob>) => {
	const { id, markdown, dateOrder } = event.data;
	let reading: ImportReading;
	try {
		reading = readMarkdownImport(markdown, { dateOrder });
	} catch (error) {
		// readMarkdownImport does not throw; a bug here still gets an answer, not silence.
		reading = { ok: false, error: `the Markdown could not be read: ${(error as Error).message}` };
	}
	const transfer = reading.ok
		? reading.updates
				.filter((u) => u.byteOffset === 0 && u.byteLength === u.buffer.byteLength)
				.map((u) => u.buffer as ArrayBuffer)
		: [];
	postMessage({ ...reading, id } satisfies ImportReply, { transfer });
});
