/**
 * The pool of import workers, with real worker threads: a worker that crashes, throws or never
 * answers fails its own import with a clear status and nothing else; a flood is refused at once;
 * closing refuses what waits. Workers that misbehave are given as small modules (data: URLs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImportPool, type ImportPoolOptions } from '../../server/import/import-pool.ts';
import { createLogger } from '../../server/log.ts';

const MEETING = 'meeting_000000000000000001';
const pools: ImportPool[] = [];

afterEach(async () => {
	for (const pool of pools.splice(0)) await pool.close();
});

function pool(options: Partial<ImportPoolOptions> = {}, worker?: string): ImportPool {
	const created = new ImportPool(
		{
			workers: 1,
			queue: 4,
			timeoutMs: 30_000,
			heapMb: 256,
			idleMs: 60_000,
			workerUrl: worker && `data:text/javascript,${encodeURIComponent(worker)}`,
			...options
		},
		createLogger('silent')
	);
	pools.push(created);
	return created;
}

const ON_MESSAGE = "import { parentPort } from 'node:worker_threads'; parentPort.on('message', ";

describe('the import pool', () => {
	it('builds a meeting in a worker, and again in the same worker', async () => {
		const imports = pool();
		for (const title of ['First', 'Second']) {
			const outcome = await imports.build(`# ${title}\n\n## 1. Item\n`, MEETING);
			expect(outcome).toMatchObject({ ok: true, warnings: [], notices: [] });
			if (outcome.ok) expect(outcome.updates.length).toBeGreaterThan(0);
		}
		expect(await imports.build('   ', MEETING)).toEqual({
			ok: false,
			status: 400,
			error: 'the Markdown is empty'
		});
	});

	it("hands the group's date order to the worker, day first when not given", async () => {
		const echo = `${ON_MESSAGE}(job) => parentPort.postMessage({ ok: true, updates: [], warnings: [job.dateOrder], notices: [], listing: { title: '', categories: [] } }));`;
		const imports = pool({}, echo);
		expect(await imports.build('# x', MEETING, 'mdy')).toMatchObject({ warnings: ['mdy'] });
		expect(await imports.build('# x', MEETING, 'ymd')).toMatchObject({ warnings: ['ymd'] });
		expect(await imports.build('# x', MEETING)).toMatchObject({ warnings: ['dmy'] });
	});

	it('answers 500 for a worker that exits, throws or fails to load, and keeps going', async () => {
		const workers = [
			`${ON_MESSAGE}() => process.exit(3));`,
			`${ON_MESSAGE}() => { throw new Error('boom'); });`,
			"throw new Error('cannot load');"
		];
		for (const worker of workers) {
			const imports = pool({}, worker);
			for (let i = 0; i < 2; i++) {
				expect(await imports.build('# x', MEETING)).toEqual({
					ok: false,
					status: 500,
					error: 'the import failed'
				});
			}
			expect(imports.isFull).toBe(false);
		}
	});

	it('answers 413 for an import past its time', async () => {
		const imports = pool({ timeoutMs: 300 }, `${ON_MESSAGE}() => {});`);
		const outcome = await imports.build('# x', MEETING);
		expect(outcome).toMatchObject({ ok: false, status: 413 });
		if (!outcome.ok) expect(outcome.error).toContain('longer than 0.3 s');
	});

	it('answers 413 for an import past its memory', async () => {
		const worker = `${ON_MESSAGE}() => { const keep = []; for (;;) keep.push(new Array(1e5).fill(1)); });`;
		const outcome = await pool({ heapMb: 32 }, worker).build('# x', MEETING);
		expect(outcome).toMatchObject({ ok: false, status: 413 });
		if (!outcome.ok) expect(outcome.error).toContain('more than 32 MB');
	});

	it('refuses imports past the queue at once, and waiting ones on close', async () => {
		const imports = pool({ workers: 1, queue: 2 }, `${ON_MESSAGE}() => {});`);
		const running = imports.build('# 1', MEETING);
		const waiting = [imports.build('# 2', MEETING), imports.build('# 3', MEETING)];
		expect(imports.isFull).toBe(true);
		expect(await imports.build('# 4', MEETING)).toMatchObject({ ok: false, status: 503 });
		await imports.close();
		for (const outcome of await Promise.all([running, ...waiting])) {
			expect(outcome).toEqual({ ok: false, status: 503, error: 'the relay is stopping' });
		}
	});
});
