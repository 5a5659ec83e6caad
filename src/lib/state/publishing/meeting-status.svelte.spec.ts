import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { createUndoManager } from '$lib/model/undo';
import { createMeeting } from '$lib/model/minutes';
import { recordPublication, recordWithdrawal } from '$lib/model/publication';
import { MeetingStatusState } from './meeting-status.svelte';

function newMeeting() {
	const doc = new Y.Doc();
	createMeeting(doc, { title: 'June meeting' });
	return doc;
}

test('moving the status shows in words and in the history, with who moved it', () => {
	const doc = newMeeting();
	const status = new MeetingStatusState(doc);
	expect(status.label).toBe('draft');
	expect(status.move('review', 'Eda')).toBe(true);
	expect(status.status).toBe('review');
	expect(status.label).toBe('in review');
	expect(status.move('review', 'Eda')).toBe(false);
	status.move('approved', 'Ben');
	status.move('draft', 'Eda');
	expect(status.history.map((c) => [c.status, c.by])).toEqual([
		['review', 'Eda'],
		['approved', 'Ben'],
		['draft', 'Eda']
	]);
	status.destroy();
});

test("the relay's publication and withdrawal reach the screen; going back leaves the page up", () => {
	const doc = newMeeting();
	const status = new MeetingStatusState(doc);
	const relay = new Y.Doc();
	Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc));
	recordPublication(relay, 1, { by: 'Eda' });
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(doc)));
	expect(status.label).toBe('published');
	expect(status.publication).toMatchObject({ revision: 1, isPublic: true });

	status.move('draft', 'Eda');
	expect(status.publication.isPublic).toBe(true);

	Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relay)));
	recordWithdrawal(relay, { by: 'Eda' });
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(doc)));
	expect(status.publication).toMatchObject({ revision: 1, isPublic: false });
	expect(status.history.at(-1)?.status).toBe('withdrawn');
	status.destroy();
});

test('a status change is not in the person’s undo', () => {
	const doc = newMeeting();
	const origin = { name: 'meeting-screen' };
	const undo = createUndoManager(doc, origin);
	const status = new MeetingStatusState(doc);
	status.move('review', 'Eda');
	expect(undo.canUndo()).toBe(false);
	status.destroy();
	undo.destroy();
});
