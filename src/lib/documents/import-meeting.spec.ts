import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { agendaList, header } from '$lib/model';
import { sampleMinutes } from '$lib/model/fixtures/sample-minutes';
import { readMarkdownImport } from '$lib/model/import-markdown/preview';
import { PlenaryDatabase, LOCAL_NOTEBOOK_ID } from '$lib/storage/db';
import { ensureGroups } from '$lib/storage/groups';
import { readStoredDocument } from '$lib/storage/stored-documents';
import { waitFor } from '../../../tests/utils/relay';
import { ImportRefusedError, storeImportedMeeting } from './import-meeting';
import { openDocumentCount, whenAllClosed } from './registry';

let db: PlenaryDatabase;
let n = 0;

beforeEach(async () => {
	db = new PlenaryDatabase(`import-meeting-test-${++n}`);
	await db.open();
	await ensureGroups(db);
});

afterEach(async () => {
	await waitFor(() => openDocumentCount() === 0, { message: 'every document released' });
	await whenAllClosed();
	db.close();
	await db.delete();
});

function reading() {
	const read = readMarkdownImport(sampleMinutes);
	if (!read.ok) throw new Error(read.error);
	return read;
}

describe('storeImportedMeeting', () => {
	test('stores the whole meeting on the device and lists it', async () => {
		const { meetingId, updates } = reading();
		await storeImportedMeeting(db, LOCAL_NOTEBOOK_ID, meetingId, updates);
		const doc = await readStoredDocument(db, `${LOCAL_NOTEBOOK_ID}/${meetingId}`);
		expect(header(doc).title).toBe("Riverside Tenants' Assembly — March meeting");
		expect(agendaList(doc)).toHaveLength(9);
		const row = await db.meetings.get([LOCAL_NOTEBOOK_ID, meetingId]);
		expect(row?.title).toBe("Riverside Tenants' Assembly — March meeting");
		expect(row?.status).toBe('draft');
	});

	test('writes nothing when the updates do not make the meeting they name', async () => {
		const { meetingId, updates } = reading();
		// All but the last slice: the meeting itself is in the last one.
		await expect(
			storeImportedMeeting(db, LOCAL_NOTEBOOK_ID, meetingId, updates.slice(0, -1))
		).rejects.toBeInstanceOf(ImportRefusedError);
		const other = reading();
		await expect(
			storeImportedMeeting(db, LOCAL_NOTEBOOK_ID, meetingId, other.updates)
		).rejects.toBeInstanceOf(ImportRefusedError);
		expect(await db.meetings.count()).toBe(0);
		expect(await db.documents.count()).toBe(0);
	});

	test('refuses to import twice into one meeting', async () => {
		const { meetingId, updates } = reading();
		await storeImportedMeeting(db, LOCAL_NOTEBOOK_ID, meetingId, updates);
		await expect(storeImportedMeeting(db, LOCAL_NOTEBOOK_ID, meetingId, updates)).rejects.toThrow(
			'this meeting exists already'
		);
	});
});
