import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { sampleMinutes } from '$lib/model/fixtures/sample-minutes';
import { readMarkdownImport } from '$lib/model/import-markdown/preview';
import type { Workspace } from '../workspace.svelte';
import { MarkdownImport } from './markdown-import.svelte';
import type { ImportJob } from './markdown-import.worker';

/** Stands in for the Web Worker: answers each job as the worker module does, a turn later. */
class FakeWorker extends EventTarget {
	static jobs = 0;
	static dateOrders: string[] = [];
	postMessage(job: ImportJob) {
		FakeWorker.jobs++;
		FakeWorker.dateOrders.push(job.dateOrder);
		setTimeout(() => {
			const data = {
				...readMarkdownImport(job.markdown, { dateOrder: job.dateOrder }),
				id: job.id
			};
			this.dispatchEvent(new MessageEvent('message', { data }));
		});
	}
	terminate() {}
}

const created: { meetingId: string; updates: Uint8Array[] }[] = [];
const workspace = {
	importMeeting: async (meeting: { meetingId: string; updates: Uint8Array[] }) => {
		created.push(meeting);
		return { groupId: 'group_0000000000000001', meetingId: meeting.meetingId };
	}
} as unknown as Workspace;

let importer: MarkdownImport;

beforeEach(() => {
	vi.stubGlobal('Worker', FakeWorker);
	FakeWorker.jobs = 0;
	FakeWorker.dateOrders = [];
	created.length = 0;
	importer = new MarkdownImport(workspace);
});

afterEach(() => {
	importer.destroy();
	vi.unstubAllGlobals();
});

describe('MarkdownImport', () => {
	test('reads the text once it rests, previews it, and creates the meeting from it', async () => {
		importer.setMarkdown('# Half');
		importer.setMarkdown(sampleMinutes);
		expect(importer.phase).toBe('reading');
		await vi.waitFor(() => expect(importer.phase).toBe('ready'));
		expect(FakeWorker.jobs).toBe(1);
		expect(importer.preview?.counts.items).toBe(9);
		const { meetingId } = await importer.create();
		expect(created).toHaveLength(1);
		expect(created[0].meetingId).toBe(meetingId);
		// Created once: the same preview does not make a second meeting.
		await expect(importer.create()).rejects.toThrow();
	});

	test("reads in the group's date order, or the other way for this import, again each time", async () => {
		importer.setGroupDateOrder('dmy');
		importer.setMarkdown('# Committee\n\nDate: 3/4/2026\n', true);
		await vi.waitFor(() => expect(importer.phase).toBe('ready'));
		importer.readAs('mdy');
		expect(importer.dateOrder).toBe('mdy');
		await vi.waitFor(() => expect(FakeWorker.jobs).toBe(2));
		await vi.waitFor(() => expect(importer.phase).toBe('ready'));
		// The group's order arriving later does not undo a choice made for this import.
		importer.setGroupDateOrder('ymd');
		expect(importer.dateOrder).toBe('mdy');
		importer.readAs(null);
		await vi.waitFor(() => expect(importer.phase).toBe('ready'));
		expect(FakeWorker.dateOrders).toEqual(['dmy', 'mdy', 'ymd']);
		expect(importer.override).toBeNull();
	});

	test('says why it cannot import, and nothing can be created', async () => {
		importer.setMarkdown('x'.repeat(2_000_001), true);
		expect(importer.phase).toBe('failed');
		expect(importer.error).toBe(
			'The Markdown is longer than 2,000,000 characters, the most one import may read.'
		);
		expect(FakeWorker.jobs).toBe(0);
		importer.setMarkdown(
			Array.from({ length: 5_001 }, (_, i) => `## ${i + 1}. x`).join('\n'),
			true
		);
		await vi.waitFor(() => expect(importer.phase).toBe('failed'), { timeout: 5_000 });
		expect(importer.error).toMatch(/^The minutes have 5,001 agenda items/);
		await expect(importer.create()).rejects.toThrow('nothing to create yet');
		expect(created).toEqual([]);
		importer.setMarkdown('   ');
		expect(importer.phase).toBe('empty');
		expect(importer.error).toBe('');
	});

	test('reads a picked file as UTF-8 and refuses one that is not text', async () => {
		await importer.readFile(new File([new Uint8Array([0x23, 0xff, 0xfe, 0x00])], 'x.md'));
		expect(importer.phase).toBe('failed');
		expect(importer.error).toBe('“x.md” is not a text file (UTF-8): pick Markdown or plain text.');
		await importer.readFile(new File(['\uFEFF' + sampleMinutes], 'minutes.md'));
		expect(importer.markdown.startsWith('# Riverside')).toBe(true);
		await vi.waitFor(() => expect(importer.phase).toBe('ready'));
	});

	test('a failed creation is said, and the preview stays to try again', async () => {
		const failing = new MarkdownImport({
			importMeeting: async () => {
				throw new Error('the device storage is full');
			}
		} as unknown as Workspace);
		failing.setMarkdown(sampleMinutes, true);
		await vi.waitFor(() => expect(failing.phase).toBe('ready'));
		await expect(failing.create()).rejects.toThrow();
		expect(failing.error).toBe('The meeting could not be created: the device storage is full');
		expect(failing.phase).toBe('ready');
		failing.destroy();
	});
});
