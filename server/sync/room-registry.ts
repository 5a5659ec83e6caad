/**
 * The loaded documents, one `Room` per name. A room is created on first use (a connection or
 * an HTTP API call), and dropped once it is idle: no connection, no holder, no queued task.
 * The rooms share one `GroupCommitter`, so their writes of one event-loop turn are committed
 * together.
 */
import type { DocumentName } from '../../src/lib/protocol/document-names.ts';
import { GroupCommitter } from './group-commit.ts';
import { Room, RoomGoneError, type RoomDependencies } from './room.ts';

export class RoomRegistry {
	private readonly rooms = new Map<string, Room>();
	/** One for all rooms: the updates of every room in one event-loop turn, committed together. */
	readonly committer: GroupCommitter;

	constructor(
		private readonly deps: Omit<RoomDependencies, 'onIdle' | 'committer'> & {
			/** Fires when a room is created, before it loads (other relays' changes hook in here). */
			onCreated?(room: Room): void;
		}
	) {
		this.committer = new GroupCommitter(deps.store);
	}

	/** The room of `name`, loading it when it is not in memory. */
	acquire(name: DocumentName): Room {
		let room = this.rooms.get(name.name);
		if (!room) {
			room = new Room(name, { ...this.deps, committer: this.committer, onIdle: this.unload });
			this.rooms.set(name.name, room);
			this.deps.onCreated?.(room);
		}
		return room;
	}

	get(name: string): Room | undefined {
		return this.rooms.get(name);
	}

	get size(): number {
		return this.rooms.size;
	}

	all(): Room[] {
		return [...this.rooms.values()];
	}

	/**
	 * Runs `task` on the loaded document `name`, in its queue, keeping the room loaded meanwhile:
	 * how the HTTP API reads and changes documents.
	 */
	async withRoom<T>(name: DocumentName, task: (room: Room) => T | Promise<T>): Promise<T> {
		const room = this.acquire(name);
		const release = room.hold();
		try {
			await room.ready;
			// Readers (exports, publishing, the directory's entries) see only what is committed.
			return await room.enqueue(async () => {
				await room.whenCommitted();
				if (room.isDestroyed) throw new RoomGoneError();
				return task(room);
			});
		} finally {
			release();
		}
	}

	/** Resolves once every room has run every task queued so far. */
	async settled(): Promise<void> {
		await Promise.all(this.all().map((room) => room.settled()));
	}

	private readonly unload = (room: Room) => {
		if (this.rooms.get(room.name.name) === room) this.rooms.delete(room.name.name);
		room.destroy();
	};
}
