import { describe, expect, it } from 'vitest';
import { runQuietly } from './run-quietly.ts';

// Stand-ins for `vite build`: a node process that prints a lot, then succeeds or fails.
const noisy = (exitCode: number) => [
	'-e',
	`for (let i = 0; i < 100; i++) console.log('line ' + i); console.error('the reason'); process.exit(${exitCode})`
];

describe('runQuietly', () => {
	it('prints nothing of a command that succeeds', async () => {
		const reported: string[] = [];
		const run = await runQuietly(process.execPath, noisy(0), {
			report: (text) => reported.push(text)
		});
		expect(run.status).toBe(0);
		expect(run.output).toContain('line 99');
		expect(reported).toEqual([]);
	});

	it('prints the whole output of a command that fails, and its status', async () => {
		const reported: string[] = [];
		const run = await runQuietly(process.execPath, noisy(3), {
			report: (text) => reported.push(text)
		});
		expect(run.status).toBe(3);
		const text = reported.join('');
		for (let i = 0; i < 100; i++) expect(text).toContain(`line ${i}\n`);
		expect(text).toContain('the reason');
	});

	it('reports a command that cannot start', async () => {
		const reported: string[] = [];
		const run = await runQuietly('/nonexistent/vite', [], { report: (t) => reported.push(t) });
		expect(run.status).toBe(1);
		expect(reported.join('')).toContain('/nonexistent/vite');
	});

	it('says nothing of a command stopped by a signal (Ctrl+C), and that it was stopped', async () => {
		const reported: string[] = [];
		const run = await runQuietly(
			process.execPath,
			['-e', "console.log('half a build'); process.kill(process.pid, 'SIGINT')"],
			{ report: (t) => reported.push(t) }
		);
		expect(run).toMatchObject({ status: 1, stopped: true });
		expect(reported).toEqual([]);
	});
});
