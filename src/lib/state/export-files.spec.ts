import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addAgendaItem } from '$lib/model/agenda';
import { addAction } from '$lib/model/blocks';
import { actionsToCsv } from '$lib/model/csv';
import { meetingToHtml } from '$lib/model/html';
import { meetingToIcs } from '$lib/model/ics';
import { meetingToMarkdown } from '$lib/model/markdown';
import { createMeeting } from '$lib/model/minutes';
import { meetingToText } from '$lib/model/text-export';
import {
	canShareFile,
	downloadFile,
	exportFile,
	exportFileName,
	shareFile,
	type ExportFile,
	type FileEnvironment
} from './export-files';

function meeting(): Y.Doc {
	const doc = new Y.Doc();
	createMeeting(doc, {
		meetingId: 'meeting_000000000000000001',
		title: 'March general meeting',
		date: '2026-03-12'
	});
	const open = addAgendaItem(doc, { title: 'Repairs', notes: 'Mould in **23** flats' });
	addAction(doc, { itemId: open, what: 'Collate photos', owners: ['Ahmed'], due: '2026-03-31' });
	const held = addAgendaItem(doc, { title: 'Rent arrears of flat 4', isPrivate: true });
	addAction(doc, { itemId: held, what: 'Call the tenant', owners: ['Joy'] });
	return doc;
}

describe('exportFileName', () => {
	it('is the date and the words of the title', () => {
		expect(exportFileName('March general meeting', '2026-03-12', 'md')).toBe(
			'2026-03-12-march-general-meeting.md'
		);
		expect(exportFileName('March general meeting', '', 'html')).toBe('march-general-meeting.html');
		expect(exportFileName('March', '2026-03-12', 'csv')).toBe('2026-03-12-march-actions.csv');
		expect(exportFileName('March', '2026-03-12', 'md', { includePrivate: true })).toBe(
			'2026-03-12-march-internal.md'
		);
	});

	it('keeps letters of any script and nothing a file system or shell reads', () => {
		expect(exportFileName('Réunion générale — été', '', 'txt')).toBe('réunion-générale-été.txt');
		expect(exportFileName('Σύσκεψη 3', '', 'txt')).toBe('σύσκεψη-3.txt');
		for (const title of [
			'../../etc/passwd',
			'a/b\\c:d*e?f"g<h>i|j',
			'<script>alert(1)</script>',
			'x\u0000y\u202Ez\u200Bw',
			'. .. ...',
			'$(rm -rf ~); `id`'
		]) {
			const name = exportFileName(title, '2026-03-12', 'md');
			expect(name).toMatch(/^[\p{L}\p{M}\p{N}-]+\.md$/u);
			expect(name.split('.')).toHaveLength(2);
		}
	});

	it('falls back to "minutes" and avoids names Windows reserves', () => {
		expect(exportFileName('', '', 'ics')).toBe('minutes.ics');
		expect(exportFileName('!!!', '2026-03-12', 'ics')).toBe('2026-03-12-minutes.ics');
		expect(exportFileName('CON', '', 'md')).toBe('con-minutes.md');
		expect(exportFileName('lpt1', '', 'md')).toBe('lpt1-minutes.md');
	});

	it('takes a date only in its stored form and keeps long titles short', () => {
		expect(exportFileName('A', '12/03/2026', 'md')).toBe('a.md');
		const name = exportFileName('word '.repeat(100), '', 'md');
		expect(name.length).toBeLessThanOrEqual(64);
		expect(name).toMatch(/^word(-word)*\.md$/);
		expect(exportFileName('x'.repeat(500), '', 'md')).toBe(`${'x'.repeat(60)}.md`);
	});
});

describe('exportFile', () => {
	it('holds what the relay answers: the model function, held items left out', () => {
		const doc = meeting();
		const expected = {
			md: meetingToMarkdown(doc),
			html: meetingToHtml(doc),
			txt: meetingToText(doc),
			csv: actionsToCsv(doc)
		};
		for (const [format, text] of Object.entries(expected)) {
			const file = exportFile(doc, format as keyof typeof expected);
			expect(file.text).toBe(text);
			expect(file.text).not.toContain('Rent arrears');
		}
		const ics = exportFile(doc, 'ics');
		const stampless = (text: string) => text.replace(/^DTSTAMP:.*$/gm, '');
		expect(stampless(ics.text)).toBe(stampless(meetingToIcs(doc)));
		expect(exportFile(doc, 'md').type).toBe('text/markdown; charset=utf-8');
		expect(exportFile(doc, 'csv').type).toBe('text/csv; charset=utf-8');
		expect(exportFile(doc, 'ics').name).toBe('2026-03-12-march-general-meeting.ics');
	});

	it('includes the held items when asked, as held=include does', () => {
		const doc = meeting();
		const file = exportFile(doc, 'md', { includePrivate: true });
		expect(file.text).toBe(meetingToMarkdown(doc, { includePrivate: true }));
		expect(file.text).toContain('Rent arrears');
		expect(file.name).toBe('2026-03-12-march-general-meeting-internal.md');
		expect(exportFile(doc, 'csv', { includePrivate: true }).text).toContain('Call the tenant');
	});
});

function fakeEnvironment(navigator: FileEnvironment['navigator'] = {}) {
	const clicked: { href: string; download: string }[] = [];
	const later: (() => void)[] = [];
	const blobs = new Map<string, Blob>();
	const body = { append: vi.fn() };
	const env: FileEnvironment = {
		document: {
			body: body as unknown as HTMLElement,
			createElement: (() => {
				const link = {
					href: '',
					download: '',
					rel: '',
					hidden: false,
					click: () => clicked.push({ href: link.href, download: link.download }),
					remove: vi.fn()
				};
				return link;
			}) as unknown as Document['createElement']
		},
		url: {
			createObjectURL: (blob: Blob) => {
				const href = `blob:test/${blobs.size}`;
				blobs.set(href, blob);
				return href;
			},
			revokeObjectURL: (href: string) => blobs.delete(href)
		},
		navigator,
		setTimeout: (callback) => later.push(callback)
	};
	return { env, clicked, later, blobs, body };
}

const file: ExportFile = {
	name: '2026-03-12-march.md',
	type: 'text/markdown; charset=utf-8',
	text: '# März — “quotes”\n'
};

describe('downloadFile', () => {
	it('clicks a download link to a blob of the UTF-8 bytes, revoked later', async () => {
		const { env, clicked, later, blobs } = fakeEnvironment();
		downloadFile(file, env);
		expect(clicked).toEqual([{ href: 'blob:test/0', download: '2026-03-12-march.md' }]);
		const blob = blobs.get('blob:test/0')!;
		expect(blob.type).toBe('text/markdown; charset=utf-8');
		expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new TextEncoder().encode(file.text));
		expect(later).toHaveLength(1);
		later[0]();
		expect(blobs.size).toBe(0);
	});
});

describe('sharing', () => {
	it('is offered only where the share sheet takes the file', () => {
		expect(canShareFile(file, fakeEnvironment().env)).toBe(false);
		const canShare = vi.fn((data?: ShareData) => data?.files?.[0].type === 'text/plain');
		const env = fakeEnvironment({ canShare, share: vi.fn() }).env;
		expect(canShareFile(file, env)).toBe(false);
		expect(canShare.mock.calls[0][0]!.files![0].type).toBe('text/markdown');
		expect(canShareFile({ ...file, type: 'text/plain; charset=utf-8' }, env)).toBe(true);
		const throwing = fakeEnvironment({
			canShare: () => {
				throw new TypeError('no');
			},
			share: vi.fn()
		}).env;
		expect(canShareFile(file, throwing)).toBe(false);
	});

	it('shares the file; a closed sheet is not an error, a refusal is', async () => {
		const share = vi.fn(async (data?: ShareData) => {
			expect(await data!.files![0].text()).toBe(file.text);
			expect(data!.files![0].name).toBe(file.name);
		});
		expect(await shareFile(file, fakeEnvironment({ share }).env)).toBe(true);
		const abort = Object.assign(new Error('closed'), { name: 'AbortError' });
		const closed = fakeEnvironment({ share: () => Promise.reject(abort) }).env;
		expect(await shareFile(file, closed)).toBe(false);
		const denied = Object.assign(new Error('no'), { name: 'NotAllowedError' });
		const refused = fakeEnvironment({ share: () => Promise.reject(denied) }).env;
		await expect(shareFile(file, refused)).rejects.toThrow('no');
		await expect(shareFile(file, fakeEnvironment().env)).rejects.toThrow(/no share sheet/);
	});
});
