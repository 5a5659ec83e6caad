/**
 * The layer rules hold: a screen that reaches past state into documents, sync or storage, or
 * imports the CRDT or database packages, fails `npm run lint` (ESLint); a lower layer importing
 * a higher one, or a file cycle, fails it too (dependency-cruiser). Each rule is shown failing on
 * a file that breaks it, and the tree as it is passes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);

const component = (script: string) => `<script lang="ts">\n${script}\n</script>\n\n<p>Hi</p>\n`;

describe('screens read state only (ESLint)', () => {
	const folders = ['src/lib/components', 'src/routes', 'src/routes/meeting/[groupId]/[meetingId]'];
	const banned = [
		"import * as Y from 'yjs';\n\tconsole.log(Y);",
		"import Dexie from 'dexie';\n\tconsole.log(Dexie);",
		"import { IndexeddbPersistence } from 'y-indexeddb';\n\tconsole.log(IndexeddbPersistence);",
		"import type { GroupRecord } from '$lib/storage/db';\n\tconsole.log({} as GroupRecord);",
		"import { onRefusal } from '$lib/sync/refusals';\n\tconsole.log(onRefusal);",
		"import { openDocument } from '$lib/documents/registry';\n\tconsole.log(openDocument);",
		"void import('$lib/sync/relay-api');",
		"void import('$lib/storage/db');",
		"void import('$lib/state/sync-engine');"
	];
	const allowed = [
		"import { getWorkspaceContext } from '$lib/state/workspace.svelte';",
		"import { isValidId } from '$lib/protocol/ids';",
		"import { agendaList } from '$lib/model/agenda';",
		'console.log(getWorkspaceContext, isValidId, agendaList);'
	].join('\n\t');
	// The TypeScript project service lints only files that exist: the probes are written out.
	const probes: { path: string; script: string; isBanned: boolean }[] = folders.flatMap(
		(folder, f) => [
			...banned.map((script, i) => ({
				path: join(folder, `LayerProbe${f}x${i}.svelte`),
				script,
				isBanned: true
			})),
			{ path: join(folder, `LayerProbe${f}ok.svelte`), script: allowed, isBanned: false }
		]
	);
	afterAll(() => probes.forEach((probe) => rmSync(probe.path, { force: true })));

	test('a screen may not import yjs, dexie, y-indexeddb or a lower layer; it may read state, the model and the contract', async () => {
		for (const probe of probes) writeFileSync(probe.path, component(`\t${probe.script}`));
		const results = await new ESLint().lintFiles(probes.map((probe) => probe.path));
		for (const probe of probes) {
			const result = results.find((r) => r.filePath.endsWith(probe.path))!;
			const rules = result.messages.map((m) => m.ruleId ?? m.message);
			if (probe.isBanned) {
				expect(rules, `${probe.path}: ${probe.script}`).not.toEqual([]);
				for (const rule of rules) expect(rule).toMatch(/^no-restricted-(imports|syntax)$/);
			} else {
				expect(rules, probe.path).toEqual([]);
			}
		}
	}, 180_000);
});

describe('layers and cycles (dependency-cruiser)', () => {
	const dir = mkdtempSync(join('src', 'lib', 'storage', 'probe-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	const cruise = (path: string) =>
		run('node_modules/.bin/depcruise', [path, '--config', '.dependency-cruiser.cjs']).then(
			() => 'passed',
			(error: { stdout: string }) => error.stdout
		);

	test('the tree as it is passes', async () => {
		expect(await cruise('src')).toBe('passed');
	}, 120_000);

	test('storage importing state, and a file cycle, fail', async () => {
		writeFileSync(join(dir, 'up.ts'), "import '$lib/state/flash.svelte';\nexport const up = 1;\n");
		writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
		writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
		const report = await cruise(dir);
		expect(report).toContain('storage-layer');
		expect(report).toContain('no-cycle');
	}, 120_000);
});
