/**
 * The import screen's state: Markdown pasted or read from a file, read in a Web Worker
 * (markdown-import.worker.ts) into a preview of what was recognised, then created as a new
 * meeting of the current group through the workspace. Nothing is written before "Create
 * meeting", and then the whole meeting is stored at once or not at all. `destroy()` ends the
 * worker.
 *
 * Numeric dates (3/4/2026) are read in the group's date order (`setGroupDateOrder`, which the
 * screen gives from the group's settings), or the other way for this import only (`readAs`);
 * either change reads the text again. Dates that could be read both ways are in the preview's
 * `notices`.
 */
import { IMPORT_LIMITS, tooLongMessage } from '$lib/model/import-markdown/limits';
import type { ImportPreview } from '$lib/model/import-markdown/preview';
import { deviceDateOrder, type DateOrder } from '../date-order';
import type { Workspace } from '../workspace.svelte';
import type { ImportJob, ImportReply } from './markdown-import.worker';

/** empty: nothing to read; reading: in the worker; ready: a preview to create from. */
export type ImportPhase = 'empty' | 'reading' | 'ready' | 'failed' | 'creating';

// Typing or pasting in pieces reads once the text rests.
const READ_DELAY_MS = 300;
/** UTF-8 takes at most 4 bytes a character: a larger file is over the limit whatever it holds. */
const MAX_FILE_BYTES = IMPORT_LIMITS.characters * 4;

export class MarkdownImport {
	markdown = $state('');
	phase = $state<ImportPhase>('empty');
	preview = $state.raw<ImportPreview | null>(null);
	/** Why the text cannot be imported or the meeting was not created, in a sentence. */
	error = $state('');
	/** How the group writes numeric dates. */
	groupDateOrder = $state<DateOrder>(deviceDateOrder());
	/** Another order for this import only; null: the group's. */
	override = $state<DateOrder | null>(null);
	/** The order this import reads numeric dates in. */
	dateOrder = $derived(this.override ?? this.groupDateOrder);

	#workspace: Workspace;
	#worker: Worker | null = null;
	#serial = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#meeting: { meetingId: string; updates: Uint8Array[] } | null = null;

	constructor(workspace: Workspace) {
		this.#workspace = workspace;
	}

	/** New text in the Markdown box: read after a pause, or at once (`isNow`, a file). */
	setMarkdown(text: string, isNow = false) {
		this.markdown = text;
		this.#meeting = null;
		this.preview = null;
		this.error = '';
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (!text.trim()) {
			this.#serial++;
			this.phase = 'empty';
			return;
		}
		this.phase = 'reading';
		if (isNow) this.#read();
		else this.#timer = setTimeout(() => this.#read(), READ_DELAY_MS);
	}

	/** The group's date order, once its settings are read (or changed on another device). */
	setGroupDateOrder(order: DateOrder) {
		if (order === this.groupDateOrder) return;
		this.groupDateOrder = order;
		if (!this.override) this.#readAgain();
	}

	/** Reads numeric dates in `order` for this import (null: as the group writes them). */
	readAs(order: DateOrder | null) {
		const before = this.dateOrder;
		this.override = order === this.groupDateOrder ? null : order;
		if (this.dateOrder !== before) this.#readAgain();
	}

	#readAgain() {
		if (this.phase === 'creating' || !this.markdown.trim()) return;
		this.setMarkdown(this.markdown, true);
	}

	/** A picked file, read as UTF-8 text; refused with a reason past the import limits. */
	async readFile(file: File) {
		if (file.size > MAX_FILE_BYTES)
			return this.#fail(`The file is too large: ${tooLongMessage()}.`);
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
		} catch {
			return this.#fail(`“${file.name}” is not a text file (UTF-8): pick Markdown or plain text.`);
		}
		this.setMarkdown(text.replace(/^\uFEFF/, ''), true);
	}

	#read() {
		this.#timer = null;
		const id = ++this.#serial;
		if (this.markdown.length > IMPORT_LIMITS.characters)
			return this.#fail(sentence(tooLongMessage()));
		try {
			this.#worker ??= this.#startWorker();
			this.#worker.postMessage({
				id,
				markdown: this.markdown,
				dateOrder: this.dateOrder
			} satisfies ImportJob);
		} catch (error) {
			this.#fail(`The importer could not start: ${(error as Error).message}`);
		}
	}

	#startWorker(): Worker {
		// Vite's worker syntax, read at build time; the URL is not state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const worker = new Worker(new URL('./markdown-import.worker.ts', import.meta.url), {
			type: 'module'
		});
		worker.addEventListener('message', (event: MessageEvent<ImportReply>) => {
			const reply = event.data;
			if (reply.id !== this.#serial) return;
			if (!reply.ok) return this.#fail(sentence(reply.error));
			this.#meeting = { meetingId: reply.meetingId, updates: reply.updates };
			this.preview = reply.preview;
			this.phase = 'ready';
		});
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			this.#worker?.terminate();
			this.#worker = null;
			this.#fail('The importer could not be loaded. Reload the page and try again.');
		});
		return worker;
	}

	#fail(message: string) {
		this.#meeting = null;
		this.preview = null;
		this.error = message;
		this.phase = 'failed';
	}

	/** Creates the previewed meeting in the current group; rejects with the reason shown. */
	async create(): Promise<{ groupId: string; meetingId: string }> {
		const meeting = this.#meeting;
		if (this.phase !== 'ready' || !meeting) throw new Error('nothing to create yet');
		this.phase = 'creating';
		this.error = '';
		try {
			const created = await this.#workspace.importMeeting(meeting);
			this.#meeting = null;
			return created;
		} catch (error) {
			this.error = `The meeting could not be created: ${(error as Error).message}`;
			this.phase = 'ready';
			throw error;
		}
	}

	destroy() {
		if (this.#timer) clearTimeout(this.#timer);
		this.#serial++;
		this.#worker?.terminate();
		this.#worker = null;
	}
}

/** The importer's lower-case reason as a sentence. */
function sentence(reason: string): string {
	const text = reason.charAt(0).toUpperCase() + reason.slice(1);
	return /[.!?]$/.test(text) ? text : `${text}.`;
}
