/**
 * Keeps a group's directory in step with its meetings: a while (`delayMs`) after a minutes
 * document has committed changes, the relay brings the meeting's directory entry up to date
 * (title, date, status, revision, categories) through the directory's own room, so the change
 * is stored and forwarded like any other. One sync per minutes document waits at a time, so
 * typing costs a directory write at most every `delayMs`; the model's `syncDirectoryEntry`
 * writes only when the entry differs.
 *
 * The entry is read inside the minutes' own queue. While a batch of the minutes waits for its
 * commit the doc already holds it; read then, a failed commit would leave the directory
 * describing minutes that were never stored. When the minutes' room fails meanwhile, the entry
 * is read again from a fresh load, so it describes what is stored. Nesting is safe: a directory
 * task never waits on a minutes queue.
 *
 * These are the relay's own writes, bounded by MAX_DOCUMENT_BYTES (document-bounds.ts): an entry
 * over `MAX_DIRECTORY_ENTRY_BYTES` (a title of thousands of characters) is not written, and
 * neither is one that a full directory has no room for; both are logged as warnings.
 */
import { header, isMeetingCreated, syncDirectoryEntry } from '../../src/lib/model/index.ts';
import { parseDocumentName } from '../../src/lib/protocol/document-names.ts';
import type { Logger } from '../log.ts';
import { DocumentTooLargeError, MAX_DIRECTORY_ENTRY_BYTES } from './document-bounds.ts';
import { RoomGoneError, type Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

export const DIRECTORY_SYNC_ORIGIN = 'relay:directory-sync';

interface Waiting {
	minutes: Room;
	timer: NodeJS.Timeout;
	release: () => void;
}

export class DirectorySync {
	private readonly waiting = new Map<string, Waiting>();
	private readonly running = new Set<Promise<void>>();

	constructor(
		private readonly registry: () => RoomRegistry,
		private readonly logger: Logger,
		private readonly delayMs: number
	) {}

	/** Called after `minutes` committed changes (inside its queue): schedules a sync. */
	schedule(minutes: Room): void {
		const { kind, name } = minutes.name;
		if (kind !== 'minutes' || this.waiting.has(name) || !isMeetingCreated(minutes.doc)) return;
		// The minutes stay loaded until their entry is written.
		const release = minutes.hold();
		const timer = setTimeout(() => this.run(name), this.delayMs);
		this.waiting.set(name, { minutes, timer, release });
	}

	/** Runs every scheduled sync now and resolves when all are written. */
	async flush(): Promise<void> {
		for (const name of [...this.waiting.keys()]) this.run(name);
		await Promise.all(this.running);
	}

	private run(name: string): void {
		const waiting = this.waiting.get(name);
		if (!waiting) return;
		this.waiting.delete(name);
		clearTimeout(waiting.timer);
		const { minutes, release } = waiting;
		const registry = this.registry();
		const write = (room: Room) => writeDirectoryEntry(registry, room, DIRECTORY_SYNC_ORIGIN);
		const task = registry
			.withRoom(minutes.name, write)
			.catch((error: unknown) => {
				if (error instanceof RoomGoneError) return registry.withRoom(minutes.name, write);
				throw error;
			})
			.catch((error: unknown) => {
				if (error instanceof DocumentTooLargeError) {
					this.logger.warn('directory_entry_refused', { doc: name, reason: error.message });
				} else {
					this.logger.error('directory_sync_failed', { doc: name, error });
				}
			})
			.finally(() => {
				release();
				this.running.delete(task);
			});
		this.running.add(task);
	}
}

/** Whether a meeting's directory entry is small enough for the relay to write it. */
export function isListable({ title, categories }: { title: string; categories: string[] }) {
	return Buffer.byteLength(JSON.stringify({ title, categories })) <= MAX_DIRECTORY_ENTRY_BYTES;
}

/**
 * Brings the directory entry of the meeting in `minutes` up to date, through the directory's
 * room. Call inside the minutes' queue, so only committed state is read (see the header).
 * Throws `DocumentTooLargeError` when the entry is too large or the directory has no room.
 */
export async function writeDirectoryEntry(
	registry: RoomRegistry,
	minutes: Room,
	origin: string
): Promise<void> {
	const name = minutes.name;
	if (minutes.isDestroyed || name.kind !== 'minutes') return;
	if (!isListable(header(minutes.doc))) throw new DocumentTooLargeError();
	const { groupId, meetingId } = name;
	await registry.withRoom(parseDocumentName(groupId)!, (directory) =>
		directory.change(null, (doc) => syncDirectoryEntry(doc, meetingId, minutes.doc, { origin }))
	);
}
