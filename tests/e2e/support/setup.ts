/**
 * Runs in every browser test file: each test gets a fresh flight record, printed when it fails
 * (a timeout included), so a failure in CI says where the test was and what the app did. A
 * test fails when a page printed a group's token to its console (ground rules: no token in
 * any log, the browser's console included).
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { report, startRecord, tokenLeaks } from './flight-recorder';

beforeEach(({ onTestFailed }) => {
	startRecord();
	onTestFailed(() => console.error(report()));
});

afterEach(() => {
	expect(tokenLeaks(), 'console messages that carried a token').toEqual([]);
});
