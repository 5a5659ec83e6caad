/**
 * This person's undo and redo: a Y.UndoManager that tracks only their own origins, so undo never
 * takes back what someone else wrote, and whether either is possible now, for the buttons.
 */
import type * as Y from 'yjs';
import { createUndoManager } from '$lib/model/undo';

export class MeetingUndo {
	canUndo = $state(false);
	canRedo = $state(false);

	#manager: Y.UndoManager;
	#off: () => void;

	constructor(doc: Y.Doc, origin: object, trackedOrigins: readonly unknown[] = []) {
		// Keystrokes within 600 ms are one undo step; each operation of the model otherwise is one.
		const manager = (this.#manager = createUndoManager(doc, origin, { captureTimeout: 600 }));
		for (const tracked of trackedOrigins) manager.addTrackedOrigin(tracked);
		const onStack = () => {
			this.canUndo = manager.canUndo();
			this.canRedo = manager.canRedo();
		};
		const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
		for (const event of events) manager.on(event, onStack);
		this.#off = () => events.forEach((event) => manager.off(event, onStack));
	}

	/** Also track `origin` as this person's own (the notes editor's binding, once loaded). */
	trackOrigin(origin: unknown) {
		this.#manager.addTrackedOrigin(origin);
	}

	undo() {
		this.#manager.undo();
	}

	redo() {
		this.#manager.redo();
	}

	/** Close the current undo step, so the next edit is undone separately. */
	stopCapturing() {
		this.#manager.stopCapturing();
	}

	destroy() {
		this.#off();
		this.#manager.destroy();
	}
}
