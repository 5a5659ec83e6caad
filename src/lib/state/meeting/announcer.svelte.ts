/**
 * Agenda items others add or delete, gathered for a moment and told once in a polite live
 * region ("Someone added 2 agenda items."), so a screen reader hears what changed around it
 * without hearing every keystroke. One's own edits are never announced, nor what opening the
 * meeting brought in (the device's copy, the relay's first sync): only what changes while the
 * person is there, from `listen()` on.
 */
import type { AgendaRow } from './rows';

/** What changed in the items map's keys, as Yjs reports it. */
export type KeyChanges = Map<string, { action: 'add' | 'update' | 'delete' }>;

function describe(row: AgendaRow): string {
	return row.title.trim() ? `${row.number}, ${row.title.trim()}` : row.number;
}

export class RemoteChangeAnnouncer {
	/** Text of the polite live region. */
	announcement = $state('');

	#pending = { added: [] as string[], deleted: [] as string[] };
	#timer: ReturnType<typeof setTimeout> | null = null;
	#delay: number;
	#row: (id: string) => AgendaRow | undefined;
	#isListening: boolean;

	/**
	 * `row` finds an item as it is now; `delay` is how long to gather changes (ms);
	 * `isListening` false: changes are ignored until `listen()`.
	 */
	constructor(row: (id: string) => AgendaRow | undefined, delay: number, isListening = true) {
		this.#row = row;
		this.#delay = delay;
		this.#isListening = isListening;
	}

	/** From now on, changes by others are announced. */
	listen() {
		this.#isListening = true;
	}

	/** Items added or deleted by someone else; `before` is the agenda as it was. */
	note(changes: KeyChanges, before: AgendaRow[]) {
		if (!this.#isListening) return;
		for (const [id, change] of changes) {
			if (change.action === 'add') {
				// Described when announced, so the title typed in the meantime is in it.
				this.#pending.added.push(id);
			} else if (change.action === 'delete') {
				const row = before.find((r) => r.id === id);
				// Sub-items go with their parent: announce the one the person deleted.
				if (row && !changes.has(row.parentId ?? '')) this.#pending.deleted.push(describe(row));
			}
		}
		if (!this.#pending.added.length && !this.#pending.deleted.length) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.#announce(), this.#delay);
	}

	#announce() {
		const { added, deleted } = this.#pending;
		this.#pending = { added: [], deleted: [] };
		this.#timer = null;
		const parts: string[] = [];
		const rows = added.map((id) => this.#row(id)).filter((row) => row !== undefined);
		if (rows.length === 1) parts.push(`Someone added agenda item ${describe(rows[0])}.`);
		else if (rows.length > 1) parts.push(`Someone added ${rows.length} agenda items.`);
		if (deleted.length === 1) parts.push(`Someone deleted agenda item ${deleted[0]}.`);
		else if (deleted.length > 1) parts.push(`Someone deleted ${deleted.length} agenda items.`);
		this.announcement = parts.join(' ');
	}

	destroy() {
		if (this.#timer) clearTimeout(this.#timer);
	}
}
