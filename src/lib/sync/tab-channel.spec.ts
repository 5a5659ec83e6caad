import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { TabChannel } from './tab-channel';

function until(condition: () => boolean) {
	return new Promise<void>((resolve, reject) => {
		const started = Date.now();
		const tick = () => {
			if (condition()) resolve();
			else if (Date.now() - started > 3_000) reject(new Error('timed out'));
			else setTimeout(tick, 5);
		};
		tick();
	});
}

test('two tabs of one document stay in step with no relay, including what each had before', async () => {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.getText('t').insert(0, 'A');
	b.getText('t').insert(0, 'B');
	const ta = new TabChannel('g/tabs', a);
	const tb = new TabChannel('g/tabs', b);
	ta.greet();
	tb.greet();
	await until(
		() => a.getText('t').toString().length === 2 && b.getText('t').toString().length === 2
	);
	a.getText('t').insert(0, 'x');
	await until(() => b.getText('t').toString() === a.getText('t').toString());
	expect(b.getText('t').toString()).toBe(a.getText('t').toString());
	ta.destroy();
	tb.destroy();
});
