/**
 * Browser tests drive the app as a person would; a few need to act as a tampered page would
 * (write to a document the screen offers no control for). When a test sets
 * `window.__plenaryTest = {}` before the app loads, screens put such handles there; otherwise
 * nothing is exposed.
 */
export function exposeForTests(key: string, value: unknown): void {
	const hooks = (globalThis as { __plenaryTest?: Record<string, unknown> }).__plenaryTest;
	if (hooks && typeof hooks === 'object') hooks[key] = value;
}
