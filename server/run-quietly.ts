/**
 * Runs a command with its output held back: a success prints nothing of it, a failure prints
 * all of it (stdout and stderr, in the order they came) to `report`, so a build that works
 * stays one line in `npm start`'s output and one that breaks says why in full.
 */
import { spawn } from 'node:child_process';

export interface QuietRun {
	/** The command's exit code; 1 when it was killed by a signal or could not start. */
	status: number;
	output: string;
	/** Killed by a signal (Ctrl+C): nothing failed, so nothing was printed. */
	stopped?: true;
}

export function runQuietly(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; report?: (text: string) => void } = {}
): Promise<QuietRun> {
	const report = options.report ?? ((text: string) => process.stderr.write(text));
	return new Promise((resolve) => {
		const chunks: string[] = [];
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
		const finish = (status: number) => {
			const output = chunks.join('');
			if (status !== 0) report(output.endsWith('\n') || !output ? output : output + '\n');
			resolve({ status, output });
		};
		child.once('error', (error) => {
			chunks.push(`${command}: ${error.message}\n`);
			finish(1);
		});
		child.once('close', (code, signal) => {
			// Stopped (Ctrl+C): no build failed, so its log is not worth printing.
			if (signal) resolve({ status: 1, output: chunks.join(''), stopped: true });
			else finish(code ?? 1);
		});
	});
}
