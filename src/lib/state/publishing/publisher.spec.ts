import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem, updateItem } from '$lib/model/agenda';
import { createMeeting } from '$lib/model/minutes';
import { Publisher } from './publisher';

function meetingWithHeldItem() {
	const doc = new Y.Doc();
	createMeeting(doc, { title: 'June meeting' });
	addAgendaItem(doc, { title: 'Repairs <script>alert(1)</script>' });
	const held = addAgendaItem(doc, { title: 'Personnel' });
	addAgendaItem(doc, { title: 'Pay review', parentId: held });
	updateItem(doc, held, { isPrivate: true });
	return doc;
}

const ids = { groupId: 'group_0123456789abcdef', meetingId: 'meeting_0123456789abcdef' };

test('the preview is the public page: held items named above it, left out of it, no script', async () => {
	const publisher = new Publisher({ doc: meetingWithHeldItem(), ...ids, group: () => null });
	const preview = await publisher.preview(1);
	expect(preview.held).toEqual(['Personnel']);
	expect(preview.html).toContain('June meeting');
	expect(preview.html).toContain('Repairs &lt;script&gt;');
	expect(preview.html).not.toContain('<script');
	expect(preview.html).not.toContain('Personnel');
	expect(preview.html).not.toContain('Pay review');
	expect(preview.html).toMatch(/Revision 1/);
	publisher.destroy();
});

test('minutes only on this device, or a group without the edit link, cannot publish', async () => {
	const doc = meetingWithHeldItem();
	const local = new Publisher({ doc, ...ids, group: () => null });
	const refused = await local.publish('Eda');
	expect(refused).toMatchObject({ ok: false, kind: 'refused' });
	expect(refused.ok ? '' : refused.message).toMatch(/only on this device/);
	expect(await local.revisions()).toMatchObject({ ok: false });
	local.destroy();

	const commenter = new Publisher({
		doc,
		...ids,
		group: () => ({
			name: 'Riverside',
			relayUrl: 'http://127.0.0.1:9',
			tokens: { comment: 'a-comment-token' }
		})
	});
	for (const outcome of [await commenter.publish('Cy'), await commenter.withdraw('Cy')]) {
		expect(outcome).toMatchObject({ ok: false, kind: 'refused' });
		expect(outcome.ok ? '' : outcome.message).toMatch(/edit link/);
	}
	commenter.destroy();
});
